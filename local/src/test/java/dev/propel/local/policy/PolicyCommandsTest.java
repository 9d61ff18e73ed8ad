package dev.propel.local.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.propel.core.csv.CsvWriter;
import dev.propel.core.layout.S3Layout;
import dev.propel.datagen.decisions.DecisionScenario;
import dev.propel.datagen.simulator.DirtRates;
import dev.propel.datagen.simulator.ShopSimulator;
import dev.propel.datagen.simulator.SimulationConfig;
import dev.propel.datagen.simulator.SimulationResult;
import dev.propel.functions.datasets.DecisionOutcomes;
import dev.propel.functions.policy.DecisionLog;
import dev.propel.functions.policy.LoggedDecision;
import dev.propel.functions.serving.DecisionPolicy;
import dev.propel.local.stack.LocalBucket;
import dev.propel.local.template.PseudoParameters;
import java.io.ByteArrayOutputStream;
import java.io.OutputStreamWriter;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The policy commands on a local stack's bucket (embedded S3 over a state folder) holding the decisions of a
 * simulated shop whose shoppers react to the actions.
 */
class PolicyCommandsTest {
    private static final String BUCKET = "propel-local";
    @TempDir
    static Path state;
    @TempDir
    static Path empty;
    static SimulationConfig config;

    @BeforeAll
    static void decisionsInTheBucket() throws Exception {
        config = SimulationConfig.defaults().withUsers(3_000).withDays(3).withSeed(4).withDirt(DirtRates.none());
        SimulationResult sim = new ShopSimulator(config, DecisionScenario.DEFAULT).runInMemory();
        DecisionOutcomes join = new DecisionOutcomes(DecisionOutcomes.DEFAULT_HORIZON, Duration.ofMinutes(30));
        try (LocalBucket local = LocalBucket.open(state, BUCKET, PseudoParameters.local().region());
             S3Client s3 = local.newClient()) {
            for (int d = 0; d <= config.days(); d++) {
                LocalDate day = config.start().plusDays(d);
                List<LoggedDecision> rows = join.join(day, sim.distinctEvents());
                ByteArrayOutputStream bytes = new ByteArrayOutputStream();
                try (CsvWriter w = new CsvWriter(new OutputStreamWriter(new GZIPOutputStream(bytes),
                        StandardCharsets.UTF_8))) {
                    w.record(LoggedDecision.COLUMNS);
                    rows.forEach(r -> w.record(r.fields()));
                }
                s3.putObject(b -> b.bucket(BUCKET).key(DecisionLog.PREFIX + "dt=" + day + "/part-00000.csv.gz"),
                        RequestBody.fromBytes(bytes.toByteArray()));
            }
        }
        try (LocalBucket local = LocalBucket.open(empty, BUCKET, PseudoParameters.local().region())) {
            local.bucket();
        }
    }

    private record Ran(int code, String out, String err) {
    }

    private static Ran run(String command, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
        PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8);
        int code = switch (command) {
            case "evaluate" -> PolicyCommands.evaluate(args, o, e);
            case "learn" -> PolicyCommands.learn(args, o, e);
            default -> PolicyCommands.publish(args, o, e);
        };
        return new Ran(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void learnsEvaluatesAndPublishesAPolicy() throws Exception {
        Path candidate = state.resolve("candidate.json");
        Ran learned = run("learn", "--state", state.toString(), "--objective", "net_conversion", "--resamples", "100",
                "--out", candidate.toString());
        assertEquals(0, learned.code(), learned.err());
        assertTrue(learned.out().contains("net_conversion per decided session, doubly robust: candidate"),
                learned.out());
        DecisionPolicy policy = DecisionPolicy.fromJson(Files.readAllBytes(candidate));
        assertEquals(0.1, policy.epsilon());
        assertTrue(new String(Files.readAllBytes(candidate), StandardCharsets.UTF_8).contains("\"estimate\""));

        Ran evaluated = run("evaluate", "--state", state.toString(), "--policy", candidate.toString(),
                "--resamples", "100", "--from", config.start().toString());
        assertEquals(0, evaluated.code(), evaluated.err());
        assertTrue(evaluated.out().contains("conversion   logged"), evaluated.out());
        assertTrue(evaluated.out().contains("| dr "), evaluated.out());
        assertTrue(evaluated.out().contains("net_revenue"), evaluated.out());

        Ran published = run("publish", "--state", state.toString(), "--policy", candidate.toString());
        assertEquals(0, published.code(), published.err());
        try (LocalBucket local = LocalBucket.open(state, BUCKET, PseudoParameters.local().region());
             S3Client s3 = local.newClient()) {
            byte[] stored = s3.getObjectAsBytes(b -> b.bucket(BUCKET).key(S3Layout.policyKey())).asByteArray();
            assertEquals(policy, DecisionPolicy.fromJson(stored));
        }
    }

    @Test
    void badPoliciesAndEmptyPeriodsAreClearErrors() throws Exception {
        Path shipping = state.resolve("shipping.json");
        Files.writeString(shipping, """
                {"version": "shipping", "epsilon": 0.1,
                 "bands": [{"name": "all", "min": 0, "max": 1, "action": "free_shipping"}]}
                """);
        Ran unknown = run("evaluate", "--state", state.toString(), "--policy", shipping.toString());
        assertEquals(2, unknown.code());
        assertTrue(unknown.err().contains("'free_shipping' never appears in the logged decisions"), unknown.err());

        Path broken = state.resolve("broken.json");
        Files.writeString(broken, "{\"bands\": [{\"name\": \"low\", \"min\": 0, \"max\": 0.5, \"action\": \"none\"}]}");
        Ran invalid = run("publish", "--state", state.toString(), "--policy", broken.toString());
        assertEquals(2, invalid.code());
        assertTrue(invalid.err().contains("bands must end at 1.0"), invalid.err());

        Path fine = state.resolve("default.json");
        Files.write(fine, dev.propel.functions.policy.PolicyDocument.toJson(DecisionPolicy.DEFAULT, null));
        Ran none = run("evaluate", "--state", empty.toString(), "--policy", fine.toString());
        assertEquals(3, none.code());
        assertTrue(none.err().contains("no logged decisions in the period"), none.err());
        Ran later = run("evaluate", "--state", state.toString(), "--policy", fine.toString(), "--from", "2030-01-01");
        assertEquals(3, later.code());
        Ran badDate = run("evaluate", "--state", state.toString(), "--policy", fine.toString(), "--from", "yesterday");
        assertEquals(2, badDate.code());
        assertTrue(badDate.err().contains("'--from': needs a date YYYY-MM-DD"), badDate.err());
    }
}
