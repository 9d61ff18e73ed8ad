package dev.propel.local.stack;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.propel.functions.datasets.BuildRequest;
import dev.propel.functions.jobinput.JobInput;
import dev.propel.local.cli.PropelCommandLine;
import dev.propel.local.cli.StateOptions;
import dev.propel.local.report.ReportCommand;
import dev.propel.local.runtime.Invocation;
import dev.propel.local.template.PseudoParameters;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code ./propel datasets --from D --to D [--engine lambda|spark]}: builds the datasets of a day range on the local
 * stack's S3, with the template's {@code BuildDatasetsFunction} (the default) or with the Spark job in this JVM
 * ({@code local[--threads]}), which writes the same tables.
 */
@Command(name = "datasets", synopsisHeading = PropelCommandLine.USAGE_HEADING, sortOptions = false,
        usageHelpWidth = 110, description = {"build the datasets and stats of a day range (spark: the Spark job, local)",
                "builds datasets/ and stats/ of each day of the range, then the recall "
        + "artefact, and prints the per-day counts; --engine spark runs the Spark job (local[N], N = --threads, "
        + "default 2) instead of the Lambda handler: the same tables, for days past one Lambda's memory"})
public final class DatasetsCommand implements Callable<Integer> {
    static final String FUNCTION = "BuildDatasetsFunction";
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Where the tables are built; lower case because the constants are the option values as typed. */
    enum Engine { lambda, spark }

    private final PrintStream out;
    private final PrintStream err;
    private final Clock clock;
    private final Optional<SparkEngine> spark;

    @Spec
    private CommandSpec spec;
    @Option(names = {"-h", "--help"}, usageHelp = true, description = "this help")
    private boolean help;
    // the range and look-back stay text: the handler parses them, with the same limits and messages on both engines
    @Option(names = "--from", paramLabel = "YYYY-MM-DD", required = true, description = "first day")
    private String from;
    @Option(names = "--to", paramLabel = "YYYY-MM-DD", description = "last day (default: --from)")
    private String to;
    @Option(names = "--engine", paramLabel = "lambda|spark", defaultValue = "lambda",
            description = "the template's BuildDatasetsFunction (default) or the Spark job in this JVM")
    private Engine engine;
    @Option(names = "--late-days", paramLabel = "N", defaultValue = "0",
            description = "also read the raw partitions of this many days after each day (events received late)")
    private String lateDays;
    @Option(names = "--threads", paramLabel = "N", defaultValue = "2", description = "Spark's local[N] (default 2)")
    private int threads;
    @Option(names = "--env", paramLabel = "KEY=VAL", description = "an environment variable of the function")
    private Map<String, String> env = new LinkedHashMap<>();
    @Mixin
    private StateOptions stateOptions;

    /** The command with the given Spark engine, if any is on the class path. */
    DatasetsCommand(PrintStream out, PrintStream err, Clock clock, Optional<SparkEngine> spark) {
        this.out = out;
        this.err = err;
        this.clock = clock;
        this.spark = spark;
    }

    /** The command on the system clock, with the Spark engine when module datasets-spark is on the class path. */
    public static DatasetsCommand standard(PrintStream out, PrintStream err) {
        return new DatasetsCommand(out, err, Clock.systemUTC(), ServiceLoader.load(SparkEngine.class).findFirst());
    }

    /** Runs the command with the given Spark engine, if any is on the class path. */
    public static int run(String[] args, PrintStream out, PrintStream err, Clock clock, Optional<SparkEngine> spark) {
        return PropelCommandLine.of(new DatasetsCommand(out, err, clock, spark), "./propel datasets", out, err)
                .execute(args);
    }

    @Override
    public Integer call() {
        Map<String, Object> input = new LinkedHashMap<>();
        input.put("from", from);
        input.put("to", to != null ? to : from);
        input.put("late_days", lateDays);
        BuildRequest request;
        try {
            // the handler's own parsing: the same limits and messages on both engines
            request = BuildRequest.parse(input, clock.instant());
        } catch (JobInput.Invalid e) {
            err.println("propel datasets: " + e.getMessage() + " (" + e.field() + ")");
            return 2;
        }
        if (engine == Engine.spark) {
            if (spark.isEmpty()) {
                err.println("propel datasets: the Spark engine (module datasets-spark) is not on the class path; "
                        + "run it through ./propel");
                return 3;
            }
            if (threads < 1) {
                throw new ParameterException(spec.commandLine(), "--threads must be at least 1");
            }
            Path state = LocalBucket.stateDir(stateOptions.state());
            PseudoParameters pseudo = PseudoParameters.local();
            String templateBucket;
            try {
                templateBucket = ReportCommand.templateBucket(stateOptions.template(), pseudo);
            } catch (IOException e) {
                err.println("propel datasets: " + e.getMessage());
                return 2;
            }
            try (LocalBucket bucket = LocalBucket.open(state, templateBucket, pseudo.region())) {
                return spark.get().build(bucket.endpoint(), bucket.bucket(), request.days(), request.lateDays(),
                        threads, out, err);
            }
        }
        PrintStream stdout = System.out;
        try (LocalFunctionTarget target = LocalFunctionTarget.open(stateOptions.template(), FUNCTION,
                stateOptions.state(), env, clock, err)) {
            System.setOut(err); // what the handler prints is log output; stdout is the answer
            Invocation r = target.runtime().invoke(JSON.writeValueAsBytes(input));
            out.println(r.payloadText());
            return r.failed() || JSON.readTree(r.payload()).has("error") ? 1 : 0;
        } catch (IllegalArgumentException | IOException e) {
            err.println("propel datasets: " + e.getMessage());
            return 2;
        } finally {
            System.setOut(stdout);
        }
    }
}
