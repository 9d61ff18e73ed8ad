package dev.propel.local.policy;

import dev.propel.core.layout.S3Layout;
import dev.propel.functions.policy.ActionCosts;
import dev.propel.functions.policy.DecisionLog;
import dev.propel.functions.policy.Estimate;
import dev.propel.functions.policy.LoggedDecision;
import dev.propel.functions.policy.NoDecisionsException;
import dev.propel.functions.policy.OffPolicyEvaluator;
import dev.propel.functions.policy.OutcomeMetric;
import dev.propel.functions.policy.PolicyDocument;
import dev.propel.functions.policy.PolicyEvaluation;
import dev.propel.functions.policy.PolicyLearner;
import dev.propel.functions.serving.DecisionPolicy;
import dev.propel.local.cli.CommandLineOptions;
import dev.propel.local.report.ReportCommand;
import dev.propel.local.stack.Endpoints;
import dev.propel.local.stack.LocalBucket;
import dev.propel.local.stack.StateFolder;
import dev.propel.local.template.PseudoParameters;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;

/**
 * {@code ./propel evaluate-policy}, {@code learn-policy} and {@code publish-policy}: off-policy evaluation of a
 * candidate decision policy on the local stack's {@code datasets/decisions/}, learning a candidate from them, and
 * publishing a policy document to {@code config/policy.json}, where the decide function picks it up.
 */
public final class PolicyCommands {
    static final String EVALUATE_USAGE = """
            usage: ./propel evaluate-policy --policy FILE.json [--from YYYY-MM-DD] [--to YYYY-MM-DD]
                                            [--resamples N] [--state DIR] [--template template.yaml]
              estimates the policy's conversion and revenue per decided session (net of discount cost) from
              the logged decisions with IPS, self-normalised IPS and doubly robust estimators, with 95 %
              bootstrap intervals; the range defaults to every day of datasets/decisions/
            """;
    static final String LEARN_USAGE = """
            usage: ./propel learn-policy [--from YYYY-MM-DD] [--to YYYY-MM-DD] [--objective METRIC]
                                         [--min-exploration E] [--out FILE.json] [--resamples N]
                                         [--state DIR] [--template template.yaml]
              proposes a policy: per band and segment the action with the best doubly robust estimate of
              METRIC (net_revenue by default; conversion, net_conversion), exploring at E (default 0.1);
              writes it with its estimated value to FILE (default <state>/policy/candidate.json)
            """;
    static final String PUBLISH_USAGE = """
            usage: ./propel publish-policy --policy FILE.json [--state DIR] [--template template.yaml]
              checks the policy document and puts it at config/policy.json, which /decide follows
            """;
    private static final int RESAMPLES = 400;

    private PolicyCommands() {
    }

    /** {@code ./propel evaluate-policy}. */
    public static int evaluate(String[] args, PrintStream out, PrintStream err) {
        CommandLineOptions o = options("evaluate-policy", args, EVALUATE_USAGE, err,
                Set.of("--policy", "--from", "--to", "--resamples", "--state", "--template"));
        if (o == null) {
            return 2;
        }
        if (o.flag("--help")) {
            out.print(EVALUATE_USAGE);
            return 0;
        }
        return guarded("evaluate-policy", err, () -> {
            DecisionPolicy candidate = readPolicy(o.value("--policy", null));
            int resamples = o.intValue("--resamples", RESAMPLES);
            LocalDate from = o.dateValue("--from");
            LocalDate to = o.dateValue("--to");
            List<LoggedDecision> logs = readLogs(o, from, to, err);
            out.printf(Locale.ROOT, "policy %s on the decisions of %s (%,d logged)%n", candidate.version(),
                    range(from, to), logs.size());
            PolicyEvaluation first = null;
            for (OutcomeMetric metric : List.of(OutcomeMetric.CONVERSION, OutcomeMetric.NET_REVENUE)) {
                PolicyEvaluation e = new OffPolicyEvaluator(metric, ActionCosts.DEFAULT, resamples, 1)
                        .evaluate(logs, candidate);
                if (first == null) {
                    first = e;
                    out.printf(Locale.ROOT, "%,d decisions used; effective sample size %,.0f; largest weight %.1f%n",
                            e.decisions(), e.effectiveSampleSize(), e.maxWeight());
                }
                printEvaluation(e, out);
            }
            printWarnings(first, out);
            return 0;
        });
    }

    /** {@code ./propel learn-policy}. */
    public static int learn(String[] args, PrintStream out, PrintStream err) {
        CommandLineOptions o = options("learn-policy", args, LEARN_USAGE, err,
                Set.of("--from", "--to", "--objective", "--min-exploration", "--out", "--state", "--template",
                        "--resamples"));
        if (o == null) {
            return 2;
        }
        if (o.flag("--help")) {
            out.print(LEARN_USAGE);
            return 0;
        }
        return guarded("learn-policy", err, () -> {
            OutcomeMetric objective = OutcomeMetric.of(o.value("--objective", OutcomeMetric.NET_REVENUE.id()));
            double exploration = number(o, "--min-exploration", 0.1);
            if (!(exploration > 0 && exploration <= 1)) {
                throw new IllegalArgumentException("--min-exploration must be in (0, 1]: without exploration no"
                        + " later policy can be evaluated");
            }
            LocalDate from = o.dateValue("--from");
            LocalDate to = o.dateValue("--to");
            Path stateDir = LocalBucket.stateDir(o.value("--state", null));
            Path outFile = Path.of(o.value("--out", stateDir.resolve("policy").resolve("candidate.json").toString()))
                    .toAbsolutePath();
            DecisionPolicy current;
            List<LoggedDecision> logs;
            try (Bucket b = Bucket.open(o)) {
                logs = new DecisionLog(b.s3, b.name).read(from, to);
                current = currentPolicy(b);
            }
            String version = "learned-" + (to != null ? to : logs.isEmpty() ? "empty"
                    : logs.get(logs.size() - 1).decidedAt().toString().substring(0, 10));
            OffPolicyEvaluator evaluator = new OffPolicyEvaluator(objective, ActionCosts.DEFAULT,
                    o.intValue("--resamples", RESAMPLES), 1);
            PolicyLearner.Learned learned = new PolicyLearner(evaluator).learn(logs, current, exploration, version);
            out.printf(Locale.ROOT, "learned from %,d decisions of %s, objective %s, current policy %s%n",
                    learned.proposed().decisions(), range(from, to), objective.id(), current.version());
            out.println("  band      segment   action                 estimate   logged takes");
            for (PolicyLearner.BandValue v : learned.values()) {
                out.printf(Locale.ROOT, "  %-9s %-9s %-22s %9.4f  %,d%n", v.band(), v.segment(), v.action(),
                        v.value(), v.taken());
            }
            for (DecisionPolicy.Band b : learned.policy().bands()) {
                out.printf(Locale.ROOT, "  %s [%.2f, %.2f): %s%s%n", b.name(), b.min(), b.max(), b.action(),
                        b.segments().isEmpty() ? "" : ", " + b.segments());
            }
            Estimate proposed = learned.proposed().doublyRobust();
            Estimate now = learned.current().doublyRobust();
            out.printf(Locale.ROOT, "%s per decided session, doubly robust: candidate %.4f (%.4f .. %.4f), current"
                    + " %.4f (%.4f .. %.4f)%n", objective.id(), proposed.value(), proposed.low(), proposed.high(),
                    now.value(), now.low(), now.high());
            printWarnings(learned.proposed(), out);
            Map<String, Object> about = new LinkedHashMap<>();
            about.put("learned_from", Map.of("decisions", learned.proposed().decisions(), "from",
                    String.valueOf(from), "to", String.valueOf(to), "objective", objective.id()));
            about.put("estimate", PolicyDocument.evaluation(learned.proposed()));
            about.put("current_policy", PolicyDocument.evaluation(learned.current()));
            Files.createDirectories(outFile.getParent());
            Files.write(outFile, PolicyDocument.toJson(learned.policy(), about));
            out.println("  " + outFile);
            out.println("publish it with: ./propel publish-policy --policy " + outFile);
            return 0;
        });
    }

    /** {@code ./propel publish-policy}. */
    public static int publish(String[] args, PrintStream out, PrintStream err) {
        CommandLineOptions o = options("publish-policy", args, PUBLISH_USAGE, err,
                Set.of("--policy", "--state", "--template"));
        if (o == null) {
            return 2;
        }
        if (o.flag("--help")) {
            out.print(PUBLISH_USAGE);
            return 0;
        }
        return guarded("publish-policy", err, () -> {
            String file = o.value("--policy", null);
            DecisionPolicy policy = readPolicy(file);
            byte[] document = Files.readAllBytes(Path.of(file));
            try (Bucket b = Bucket.open(o)) {
                b.s3.putObject(p -> p.bucket(b.name).key(S3Layout.policyKey()).contentType("application/json"),
                        RequestBody.fromBytes(document));
                out.printf("published policy %s to s3://%s/%s; /decide follows it from its next policy check%n",
                        policy.version(), b.name, S3Layout.policyKey());
            }
            return 0;
        });
    }

    private static DecisionPolicy currentPolicy(Bucket b) {
        try {
            return DecisionPolicy.fromJson(b.s3.getObjectAsBytes(r -> r.bucket(b.name).key(S3Layout.policyKey()))
                    .asByteArray());
        } catch (NoSuchKeyException e) {
            return DecisionPolicy.DEFAULT;
        }
    }

    private static List<LoggedDecision> readLogs(CommandLineOptions o, LocalDate from, LocalDate to,
                                                 PrintStream err) throws IOException {
        try (Bucket b = Bucket.open(o)) {
            b.running.ifPresent(r -> err.println("using the running local stack's S3 at " + r.s3()));
            return new DecisionLog(b.s3, b.name).read(from, to);
        }
    }

    private static void printEvaluation(PolicyEvaluation e, PrintStream out) {
        out.printf(Locale.ROOT, "  %-12s logged %.4f", e.metric().id(), e.loggedValue());
        for (Estimate x : e.estimates()) {
            out.printf(Locale.ROOT, " | %s %.4f (%.4f .. %.4f)", x.estimator(), x.value(), x.low(), x.high());
        }
        out.println();
    }

    private static void printWarnings(PolicyEvaluation e, PrintStream out) {
        if (e == null) {
            return;
        }
        for (String w : e.warnings()) {
            out.println("warning: " + w);
        }
    }

    /** The policy document of a file, checked as the decide function checks it. */
    static DecisionPolicy readPolicy(String file) throws IOException {
        if (file == null) {
            throw new IllegalArgumentException("--policy FILE.json is required");
        }
        try {
            return DecisionPolicy.fromJson(Files.readAllBytes(Path.of(file)));
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException("policy file " + file + " does not exist");
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(file + ": " + e.getMessage(), e);
        }
    }

    private interface Body {
        int run() throws IOException;
    }

    /** Runs a command body, turning bad input into exit 2 and an empty log into exit 3, each as one line. */
    private static int guarded(String command, PrintStream err, Body body) {
        try {
            return body.run();
        } catch (NoDecisionsException e) {
            err.println("propel " + command + ": " + e.getMessage()
                    + " (decisions reach datasets/decisions/ when the datasets stage builds their day)");
            return 3;
        } catch (IllegalArgumentException | IOException e) {
            err.println("propel " + command + ": " + e.getMessage());
            return 2;
        }
    }

    private static CommandLineOptions options(String command, String[] args, String usage, PrintStream err,
                                              Set<String> withValue) {
        try {
            CommandLineOptions o = CommandLineOptions.parse(args, withValue, Set.of("--help"));
            if (!o.positional().isEmpty()) {
                throw new IllegalArgumentException("unexpected argument " + o.positional().get(0));
            }
            return o;
        } catch (IllegalArgumentException e) {
            err.println("propel " + command + ": " + e.getMessage());
            err.print(usage);
            return null;
        }
    }

    private static String range(LocalDate from, LocalDate to) {
        return (from == null ? "the first day" : from.toString()) + " to " + (to == null ? "the last day"
                : to.toString());
    }

    private static double number(CommandLineOptions o, String option, double fallback) {
        String v = o.value(option, null);
        if (v == null) {
            return fallback;
        }
        try {
            return Double.parseDouble(v);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("option " + option + " needs a number, got '" + v + "'");
        }
    }

    /** The local stack's bucket with a client, for one command. */
    private static final class Bucket implements AutoCloseable {
        final LocalBucket local;
        final S3Client s3;
        final String name;
        final java.util.Optional<Endpoints> running;

        private Bucket(LocalBucket local) {
            this.local = local;
            this.s3 = local.newClient();
            this.name = local.bucket();
            this.running = local.runningStack();
        }

        static Bucket open(CommandLineOptions o) throws IOException {
            Path stateDir = LocalBucket.stateDir(o.value("--state", null));
            if (!Files.isDirectory(StateFolder.s3Root(stateDir)) && Endpoints.read(stateDir).isEmpty()) {
                throw new IllegalArgumentException("no local stack state at " + stateDir
                        + ": run ./propel demo or ./propel local first (or pass --state DIR)");
            }
            PseudoParameters pseudo = PseudoParameters.local();
            String bucket = ReportCommand.templateBucket(Path.of(o.value("--template", "template.yaml")), pseudo);
            return new Bucket(LocalBucket.open(stateDir, bucket, pseudo.region()));
        }

        @Override
        public void close() {
            s3.close();
            local.close();
        }
    }
}
