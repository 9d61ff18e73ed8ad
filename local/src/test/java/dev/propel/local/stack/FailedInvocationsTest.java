package dev.propel.local.stack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.propel.core.event.BehaviourEvent;
import dev.propel.core.layout.S3Layout;
import dev.propel.core.privacy.Pseudonymiser;
import dev.propel.functions.storage.RawEventWriter;
import dev.propel.local.notify.FailureDestination;
import dev.propel.local.testhandlers.FlakyPreprocessHandler;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * A failing S3-triggered PreprocessFunction on the local stack: retried twice, then recorded in the local on-failure
 * destination; {@code ./propel redrive} replays it once the fault is gone; {@code ./propel reconcile} repairs a
 * clean object that went missing, once.
 */
class FailedInvocationsTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path TEMPLATE = Path.of("src/test/resources/dlq-template.yaml");
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-29T03:30:00Z"), ZoneOffset.UTC);
    private static final String KEY = "raw/dt=2026-11-28/hour=09/1795856400000-req a.jsonl.gz";

    private Path state;
    private LocalStack stack;
    private final ByteArrayOutputStream log = new ByteArrayOutputStream();

    @BeforeEach
    void start() throws IOException {
        FlakyPreprocessHandler.FAILING.set(false);
        FlakyPreprocessHandler.FAILED.set(0);
        state = Files.createTempDirectory("propel-dlq-");
        stack = LocalStack.start(LocalStackConfig.defaults(TEMPLATE, state).withPorts(0, 0)
                .withSchedules(false, null).withClock(CLOCK)
                .withOut(new PrintStream(log, true, StandardCharsets.UTF_8)));
    }

    @AfterEach
    void stop() throws IOException {
        FlakyPreprocessHandler.FAILING.set(false);
        stack.close();
        try (Stream<Path> walk = Files.walk(state)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    private void putRawObject(S3Client s3) {
        Instant received = Instant.parse("2026-11-28T09:00:00Z");
        List<BehaviourEvent> events = List.of(
                new BehaviourEvent("e1", "view", "u1", null, "s1", "i1", received.minusSeconds(30), null, null,
                        Map.of(), null),
                new BehaviourEvent("e2", "purchase", "u1", null, "s1", "i1", received.minusSeconds(10), 9.5, 1,
                        Map.of(), null));
        byte[] body = new RawEventWriter(null, stack.bucket(), Pseudonymiser.identity()).encode(events, received);
        s3.putObject(b -> b.bucket(stack.bucket()).key(KEY), RequestBody.fromBytes(body));
    }

    private List<String> keys(S3Client s3, String prefix) {
        return s3.listObjectsV2Paginator(b -> b.bucket(stack.bucket()).prefix(prefix)).contents().stream()
                .map(S3Object::key).sorted().toList();
    }

    private static String[] args(String... a) {
        return a;
    }

    @Test
    void aFailedNotificationLandsInTheDestinationAfterTwoRetriesAndRedriveReplaysIt() throws Exception {
        Path dlq = FailureDestination.folder(state);
        try (S3Client s3 = stack.newS3Client()) {
            FlakyPreprocessHandler.FAILING.set(true);
            putRawObject(s3);
            assertTrue(stack.awaitIdle(Duration.ofSeconds(10)));

            assertEquals(3, FlakyPreprocessHandler.FAILED.get(), "the first attempt and Lambda's two retries");
            List<Path> records = FailureDestination.records(dlq, "PreprocessFunction");
            assertEquals(1, records.size());
            JsonNode r = JSON.readTree(records.get(0).toFile());
            assertEquals("1.0", r.get("version").asText());
            assertEquals(CLOCK.instant().toString(), r.get("timestamp").asText());
            assertEquals("RetriesExhausted", r.at("/requestContext/condition").asText());
            assertEquals(3, r.at("/requestContext/approximateInvokeCount").asInt());
            assertEquals("arn:aws:lambda:us-east-1:000000000000:function:PreprocessFunction:$LATEST",
                    r.at("/requestContext/functionArn").asText());
            assertEquals(KEY, URLDecoder.decode(r.at("/requestPayload/Records/0/s3/object/key").asText(),
                    StandardCharsets.UTF_8));
            assertEquals("Unhandled", r.at("/responseContext/functionError").asText());
            assertTrue(r.at("/responsePayload/errorMessage").asText().contains("injected fault"));
            assertEquals(List.of(), keys(s3, "clean/"), "nothing reached clean/ while S3 failed");

            ByteArrayOutputStream out = new ByteArrayOutputStream();
            String[] redrive = args("--function", "PreprocessFunction", "--state", state.toString(),
                    "--template", TEMPLATE.toString());
            assertEquals(1, RedriveCommand.run(redrive, new PrintStream(out, true, StandardCharsets.UTF_8),
                    new PrintStream(log, true, StandardCharsets.UTF_8), CLOCK), "still failing: kept");
            assertEquals(1, FailureDestination.records(dlq, "PreprocessFunction").size());

            FlakyPreprocessHandler.FAILING.set(false);
            out.reset();
            assertEquals(0, RedriveCommand.run(redrive, new PrintStream(out, true, StandardCharsets.UTF_8),
                    new PrintStream(log, true, StandardCharsets.UTF_8), CLOCK), log.toString(StandardCharsets.UTF_8));
            assertEquals("{\"replayed\":1,\"failed\":0}", out.toString(StandardCharsets.UTF_8).trim());
            assertEquals(List.of(), FailureDestination.records(dlq, "PreprocessFunction"), "removed once replayed");
            assertEquals(List.of(S3Layout.cleanKeyFor(KEY)), keys(s3, "clean/"));

            out.reset();
            assertEquals(0, RedriveCommand.run(args("--state", state.toString(), "--template", TEMPLATE.toString()),
                    new PrintStream(out, true, StandardCharsets.UTF_8),
                    new PrintStream(log, true, StandardCharsets.UTF_8), CLOCK));
            assertEquals("{\"replayed\":0,\"failed\":0}", out.toString(StandardCharsets.UTF_8).trim());
        }
    }

    @Test
    void reconcileRepairsAMissingCleanObjectOnceAndNamesItsDay() throws Exception {
        try (S3Client s3 = stack.newS3Client()) {
            putRawObject(s3);
            assertTrue(stack.awaitIdle(Duration.ofSeconds(10)));
            assertEquals(List.of(S3Layout.cleanKeyFor(KEY)), keys(s3, "clean/"));
            s3.deleteObject(b -> b.bucket(stack.bucket()).key(S3Layout.cleanKeyFor(KEY)));

            String[] reconcile = args("--from", "2026-11-28", "--to", "2026-11-29", "--no-rebuild",
                    "--state", state.toString(), "--template", TEMPLATE.toString());
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            assertEquals(0, ReconcileCommand.run(reconcile, new PrintStream(out, true, StandardCharsets.UTF_8),
                    new PrintStream(log, true, StandardCharsets.UTF_8), CLOCK), log.toString(StandardCharsets.UTF_8));
            JsonNode first = JSON.readTree(out.toString(StandardCharsets.UTF_8));
            assertEquals(1, first.get("repaired").size(), first.toString());
            assertEquals(KEY, first.at("/repaired/0/key").asText());
            assertEquals("[\"2026-11-28\"]", first.get("days").toString());
            assertEquals(List.of(S3Layout.cleanKeyFor(KEY)), keys(s3, "clean/"));

            out.reset();
            assertEquals(0, ReconcileCommand.run(reconcile, new PrintStream(out, true, StandardCharsets.UTF_8),
                    new PrintStream(log, true, StandardCharsets.UTF_8), CLOCK));
            JsonNode second = JSON.readTree(out.toString(StandardCharsets.UTF_8));
            assertEquals(0, second.get("repaired").size(), second.toString());
            assertEquals("[]", second.get("days").toString());
        }
    }
}
