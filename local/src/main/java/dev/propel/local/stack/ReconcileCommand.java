package dev.propel.local.stack;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.propel.local.cli.CommandLineOptions;
import dev.propel.local.runtime.Invocation;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * {@code ./propel reconcile [--from D --to D] [--state DIR]}: runs the template's {@code ReconcileFunction} once on
 * the local stack's S3 (raw/ against clean/ and quarantine/, repairs, then the datasets of the days repaired unless
 * {@code --no-rebuild}); prints its report. Without a range: yesterday and today.
 */
public final class ReconcileCommand {
    static final String FUNCTION = "ReconcileFunction";
    static final String USAGE = """
            usage: ./propel reconcile [--from YYYY-MM-DD --to YYYY-MM-DD] [--no-rebuild] [--state DIR]
                                      [--template template.yaml] [--env KEY=VAL]...
              re-preprocesses raw/ objects that have no clean/ object nor quarantine/ entry and prints the days
              repaired (rebuilt by the datasets stage unless --no-rebuild)
            """;
    private static final ObjectMapper JSON = new ObjectMapper();

    private ReconcileCommand() {
    }

    public static int run(String[] args) {
        return run(args, System.out, System.err, Clock.systemUTC());
    }

    /** Runs the command; {@code clock} decides which hours are closed and the default range. */
    public static int run(String[] args, PrintStream out, PrintStream err, Clock clock) {
        CommandLineOptions o;
        try {
            o = CommandLineOptions.parse(args, Set.of("--from", "--to", "--state", "--template", "--env"),
                    Set.of("--help", "--no-rebuild"));
        } catch (IllegalArgumentException e) {
            err.println("propel reconcile: " + e.getMessage());
            err.print(USAGE);
            return 2;
        }
        if (o.flag("--help")) {
            out.print(USAGE);
            return 0;
        }
        Map<String, Object> input = new LinkedHashMap<>();
        String from = o.value("--from", null);
        String to = o.value("--to", from);
        if (from != null) {
            input.put("from", from);
            input.put("to", to);
        } else if (to != null) {
            err.println("propel reconcile: --to needs --from");
            return 2;
        }
        input.put("rebuild", !o.flag("--no-rebuild"));
        PrintStream stdout = System.out;
        try (LocalFunctionTarget target = LocalFunctionTarget.open(Path.of(o.value("--template", "template.yaml")),
                FUNCTION, o.value("--state", null), o.pairs("--env"), clock, err)) {
            // what the handler prints is log output (stderr); stdout is the report
            System.setOut(err);
            Invocation r = target.runtime().invoke(JSON.writeValueAsBytes(input));
            out.println(r.payloadText());
            // a bad range answers {"error", "field"} without failing the invocation: still a failed command
            return r.failed() || JSON.readTree(r.payload()).has("error") ? 1 : 0;
        } catch (IllegalArgumentException | IOException e) {
            err.println("propel reconcile: " + e.getMessage());
            return 2;
        } finally {
            System.setOut(stdout);
        }
    }
}
