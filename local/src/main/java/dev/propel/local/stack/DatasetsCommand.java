package dev.propel.local.stack;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.propel.functions.datasets.BuildRequest;
import dev.propel.functions.jobinput.JobInput;
import dev.propel.local.cli.CommandLineOptions;
import dev.propel.local.report.ReportCommand;
import dev.propel.local.template.PseudoParameters;
import dev.propel.local.runtime.Invocation;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.Set;

/**
 * {@code ./propel datasets --from D --to D [--engine lambda|spark]}: builds the datasets of a day range on the local
 * stack's S3, with the template's {@code BuildDatasetsFunction} (the default) or with the Spark job in this JVM
 * ({@code local[--threads]}), which writes the same tables.
 */
public final class DatasetsCommand {
    static final String FUNCTION = "BuildDatasetsFunction";
    static final String USAGE = """
            usage: ./propel datasets --from YYYY-MM-DD [--to YYYY-MM-DD] [--engine lambda|spark] [--late-days N]
                                     [--threads N] [--state DIR] [--template template.yaml] [--env KEY=VAL]...
              builds datasets/ and stats/ of each day of the range, then the recall artefact, and prints the
              per-day counts; --engine spark runs the Spark job (local[N], N = --threads, default 2) instead of
              the Lambda handler: the same tables, for days past one Lambda's memory
            """;
    private static final ObjectMapper JSON = new ObjectMapper();

    private DatasetsCommand() {
    }

    public static int run(String[] args) {
        return run(args, System.out, System.err, Clock.systemUTC(),
                ServiceLoader.load(SparkEngine.class).findFirst());
    }

    /** Runs the command with the given Spark engine, if any is on the class path. */
    public static int run(String[] args, PrintStream out, PrintStream err, Clock clock, Optional<SparkEngine> spark) {
        CommandLineOptions o;
        try {
            o = CommandLineOptions.parse(args, Set.of("--from", "--to", "--engine", "--late-days", "--threads",
                    "--state", "--template", "--env"), Set.of("--help"));
        } catch (IllegalArgumentException e) {
            err.println("propel datasets: " + e.getMessage());
            err.print(USAGE);
            return 2;
        }
        if (o.flag("--help")) {
            out.print(USAGE);
            return 0;
        }
        String engine = o.value("--engine", "lambda");
        if (!engine.equals("lambda") && !engine.equals("spark")) {
            err.println("propel datasets: --engine must be lambda or spark, got '" + engine + "'");
            return 2;
        }
        Map<String, Object> input = new LinkedHashMap<>();
        String from = o.value("--from", null);
        if (from == null) {
            err.println("propel datasets: --from is required");
            err.print(USAGE);
            return 2;
        }
        input.put("from", from);
        input.put("to", o.value("--to", from));
        input.put("late_days", o.value("--late-days", "0"));
        BuildRequest request;
        try {
            // the handler's own parsing: the same limits and messages on both engines
            request = BuildRequest.parse(input, clock.instant());
        } catch (JobInput.Invalid e) {
            err.println("propel datasets: " + e.getMessage() + " (" + e.field() + ")");
            return 2;
        }
        if (engine.equals("spark")) {
            if (spark.isEmpty()) {
                err.println("propel datasets: the Spark engine (module datasets-spark) is not on the class path; "
                        + "run it through ./propel");
                return 3;
            }
            int threads;
            try {
                threads = o.intValue("--threads", 2);
            } catch (IllegalArgumentException e) {
                err.println("propel datasets: " + e.getMessage());
                return 2;
            }
            if (threads < 1) {
                err.println("propel datasets: --threads must be at least 1");
                return 2;
            }
            Path state = LocalBucket.stateDir(o.value("--state", null));
            PseudoParameters pseudo = PseudoParameters.local();
            String templateBucket;
            try {
                templateBucket = ReportCommand.templateBucket(Path.of(o.value("--template", "template.yaml")), pseudo);
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
        try (LocalFunctionTarget target = LocalFunctionTarget.open(Path.of(o.value("--template", "template.yaml")),
                FUNCTION, o.value("--state", null), o.pairs("--env"), clock, err)) {
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
