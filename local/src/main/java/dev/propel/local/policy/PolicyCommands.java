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
import dev.propel.local.cli.PropelCommandLine;
import dev.propel.local.cli.StateOptions;
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
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;

/**
 * {@code ./propel evaluate-policy}, {@code learn-policy} and {@code publish-policy}: off-policy evaluation of a
 * candidate decision policy on the local stack's {@code datasets/decisions/}, learning a candidate from them, and
 * publishing a policy document to {@code config/policy.json}, where the decide function picks it up.
 */
public final class PolicyCommands {
    private static final int RESAMPLES = 400;

    private PolicyCommands() {
    }

    /** {@code ./propel evaluate-policy}. */
    public static int evaluate(String[] args, PrintStream out, PrintStream err) {
        return PropelCommandLine.of(new Evaluate(out, err), "./propel evaluate-policy", out, err).execute(args);
    }

    /** {@code ./propel learn-policy}. */
    public static int learn(String[] args, PrintStream out, PrintStream err) {
        return PropelCommandLine.of(new Learn(out, err), "./propel learn-policy", out, err).execute(args);
    }

    /** {@code ./propel publish-policy}. */
    public static int publish(String[] args, PrintStream out, PrintStream err) {
        return PropelCommandLine.of(new Publish(out, err), "./propel publish-policy", out, err).execute(args);
    }

    /** The days of {@code datasets/decisions/} a command reads. */
    static final class DayRange {
        @Option(names = "--from", paramLabel = "YYYY-MM-DD", description = "first day (default: the first logged)")
        LocalDate from;
        @Option(names = "--to", paramLabel = "YYYY-MM-DD", description = "last day (default: the last logged)")
        LocalDate to;
    }

    /** The bootstrap size of an estimate's intervals. */
    static final class Resamples {
        @Option(names = "--resamples", paramLabel = "N", defaultValue = "" + RESAMPLES,
                description = "bootstrap resamples (default ${DEFAULT-VALUE})")
        int count;
    }

    /** {@code ./propel evaluate-policy}. */
    @Command(name = "evaluate-policy", synopsisHeading = PropelCommandLine.USAGE_HEADING, sortOptions = false,
            usageHelpWidth = 110, description = {"off-policy estimate of a decision policy from the logged decisions",
                "estimates the policy's conversion and revenue per decided session (net of discount cost) with IPS, "
            + "self-normalised IPS and doubly robust estimators, with 95 %% bootstrap intervals; the range defaults "
            + "to every day of datasets/decisions/"})
    public static final class Evaluate implements Callable<Integer> {
        private final PrintStream out;
        private final PrintStream err;
        @Option(names = {"-h", "--help"}, usageHelp = true, description = "this help")
        private boolean help;
        @Option(names = "--policy", paramLabel = "FILE.json", required = true, description = "the policy document")
        private String policy;
        @Mixin
        private DayRange days;
        @Mixin
        private Resamples resamples;
        @Mixin
        private StateOptions stateOptions;

        /** The command writing its estimate to {@code out}. */
        public Evaluate(PrintStream out, PrintStream err) {
            this.out = out;
            this.err = err;
        }

        @Override
        public Integer call() {
            return evaluate(this);
        }
    }

    /** {@code ./propel learn-policy}. */
    @Command(name = "learn-policy", synopsisHeading = PropelCommandLine.USAGE_HEADING, sortOptions = false,
            usageHelpWidth = 110, description = {"a better policy from the logged decisions, with its estimated value",
                "proposes per band and segment the action with the best doubly robust estimate of the objective, exploring at "
            + "--min-exploration; written with its estimated value to --out"})
    public static final class Learn implements Callable<Integer> {
        private final PrintStream out;
        private final PrintStream err;
        @Option(names = {"-h", "--help"}, usageHelp = true, description = "this help")
        private boolean help;
        @Mixin
        private DayRange days;
        @Option(names = "--objective", paramLabel = "METRIC", description = "net_revenue (default), net_conversion "
                + "or conversion")
        private String objective;
        @Option(names = "--min-exploration", paramLabel = "E", defaultValue = "0.1",
                description = "share of decisions that explore (default ${DEFAULT-VALUE})")
        private double exploration;
        @Option(names = "--out", paramLabel = "FILE.json",
                description = "where the candidate goes (default <state>/policy/candidate.json)")
        private Path outFile;
        @Mixin
        private Resamples resamples;
        @Mixin
        private StateOptions stateOptions;

        /** The command writing what it learned to {@code out}. */
        public Learn(PrintStream out, PrintStream err) {
            this.out = out;
            this.err = err;
        }

        @Override
        public Integer call() {
            return learn(this);
        }
    }

    /** {@code ./propel publish-policy}. */
    @Command(name = "publish-policy", synopsisHeading = PropelCommandLine.USAGE_HEADING, sortOptions = false,
            description = {"make a policy the one /decide follows (config/policy.json)",
                    "checks the policy document and puts it at config/policy.json, which /decide follows"})
    public static final class Publish implements Callable<Integer> {
        private final PrintStream out;
        private final PrintStream err;
        @Option(names = {"-h", "--help"}, usageHelp = true, description = "this help")
        private boolean help;
        @Option(names = "--policy", paramLabel = "FILE.json", required = true, description = "the policy document")
        private String policy;
        @Mixin
        private StateOptions stateOptions;

        /** The command saying what it published on {@code out}. */
        public Publish(PrintStream out, PrintStream err) {
            this.out = out;
            this.err = err;
        }

        @Override
        public Integer call() {
            return publish(this);
        }
    }

    private static int evaluate(Evaluate c) {
        PrintStream out = c.out;
        PrintStream err = c.err;
        return guarded("evaluate-policy", err, () -> {
            DecisionPolicy candidate = readPolicy(c.policy);
            int resamples = c.resamples.count;
            LocalDate from = c.days.from;
            LocalDate to = c.days.to;
            List<LoggedDecision> logs = readLogs(c.stateOptions, from, to, err);
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

    private static int learn(Learn c) {
        PrintStream out = c.out;
        PrintStream err = c.err;
        return guarded("learn-policy", err, () -> {
            OutcomeMetric objective = OutcomeMetric.of(c.objective != null ? c.objective
                    : OutcomeMetric.NET_REVENUE.id());
            double exploration = c.exploration;
            if (!(exploration > 0 && exploration <= 1)) {
                throw new IllegalArgumentException("--min-exploration must be in (0, 1]: without exploration no"
                        + " later policy can be evaluated");
            }
            LocalDate from = c.days.from;
            LocalDate to = c.days.to;
            Path stateDir = LocalBucket.stateDir(c.stateOptions.state());
            Path outFile = (c.outFile != null ? c.outFile : stateDir.resolve("policy").resolve("candidate.json"))
                    .toAbsolutePath();
            DecisionPolicy current;
            List<LoggedDecision> logs;
            try (Bucket b = Bucket.open(c.stateOptions)) {
                logs = new DecisionLog(b.s3, b.name).read(from, to);
                current = currentPolicy(b);
            }
            String version = "learned-" + (to != null ? to : logs.isEmpty() ? "empty"
                    : logs.get(logs.size() - 1).decidedAt().toString().substring(0, 10));
            OffPolicyEvaluator evaluator = new OffPolicyEvaluator(objective, ActionCosts.DEFAULT,
                    c.resamples.count, 1);
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

    private static int publish(Publish c) {
        PrintStream out = c.out;
        PrintStream err = c.err;
        return guarded("publish-policy", err, () -> {
            String file = c.policy;
            DecisionPolicy policy = readPolicy(file);
            byte[] document = Files.readAllBytes(Path.of(file));
            try (Bucket b = Bucket.open(c.stateOptions)) {
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

    private static List<LoggedDecision> readLogs(StateOptions o, LocalDate from, LocalDate to,
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

    private static String range(LocalDate from, LocalDate to) {
        return (from == null ? "the first day" : from.toString()) + " to " + (to == null ? "the last day"
                : to.toString());
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

        static Bucket open(StateOptions o) throws IOException {
            Path stateDir = LocalBucket.stateDir(o.state());
            if (!Files.isDirectory(StateFolder.s3Root(stateDir)) && Endpoints.read(stateDir).isEmpty()) {
                throw new IllegalArgumentException("no local stack state at " + stateDir
                        + ": run ./propel demo or ./propel local first (or pass --state DIR)");
            }
            PseudoParameters pseudo = PseudoParameters.local();
            String bucket = ReportCommand.templateBucket(o.template(), pseudo);
            return new Bucket(LocalBucket.open(stateDir, bucket, pseudo.region()));
        }

        @Override
        public void close() {
            s3.close();
            local.close();
        }
    }
}
