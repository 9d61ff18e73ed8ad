package dev.propel.local.stack;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.propel.local.cli.PropelCommandLine;
import dev.propel.local.cli.StateOptions;
import dev.propel.local.runtime.Invocation;
import java.io.IOException;
import java.io.PrintStream;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code ./propel reconcile [--from D --to D] [--state DIR]}: runs the template's {@code ReconcileFunction} once on
 * the local stack's S3 (raw/ against clean/ and quarantine/, repairs, then the datasets of the days repaired unless
 * {@code --no-rebuild}); prints its report. Without a range: yesterday and today.
 */
@Command(name = "reconcile", synopsisHeading = PropelCommandLine.USAGE_HEADING, sortOptions = false,
        usageHelpWidth = 110, description = {"re-preprocess raw/ objects missing from clean/, rebuild their days",
                "re-preprocesses raw/ objects that have no clean/ object nor quarantine/ "
        + "entry and prints the days repaired (rebuilt by the datasets stage unless --no-rebuild)"})
public final class ReconcileCommand implements Callable<Integer> {
    static final String FUNCTION = "ReconcileFunction";
    private static final ObjectMapper JSON = new ObjectMapper();
    private final PrintStream out;
    private final PrintStream err;
    private final Clock clock;

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "this help")
    private boolean help;
    // kept as text: the function parses the range itself, with the same limits and messages as deployed
    @Option(names = "--from", paramLabel = "YYYY-MM-DD", description = "first day (default: yesterday and today)")
    private String from;
    @Option(names = "--to", paramLabel = "YYYY-MM-DD", description = "last day (default: --from)")
    private String to;
    @Option(names = "--no-rebuild", description = "do not rebuild the datasets of the days repaired")
    private boolean noRebuild;
    @Option(names = "--env", paramLabel = "KEY=VAL", description = "an environment variable of the function")
    private Map<String, String> env = new LinkedHashMap<>();
    @Mixin
    private StateOptions stateOptions;

    /** The command; {@code clock} decides which hours are closed and the default range. */
    ReconcileCommand(PrintStream out, PrintStream err, Clock clock) {
        this.out = out;
        this.err = err;
        this.clock = clock;
    }

    /** The command on the system clock. */
    public ReconcileCommand(PrintStream out, PrintStream err) {
        this(out, err, Clock.systemUTC());
    }

    /** Runs the command; {@code clock} decides which hours are closed and the default range. */
    public static int run(String[] args, PrintStream out, PrintStream err, Clock clock) {
        return PropelCommandLine.of(new ReconcileCommand(out, err, clock), "./propel reconcile", out, err)
                .execute(args);
    }

    @Override
    public Integer call() {
        Map<String, Object> input = new LinkedHashMap<>();
        if (from != null) {
            input.put("from", from);
            input.put("to", to != null ? to : from);
        } else if (to != null) {
            err.println("propel reconcile: --to needs --from");
            return 2;
        }
        input.put("rebuild", !noRebuild);
        PrintStream stdout = System.out;
        try (LocalFunctionTarget target = LocalFunctionTarget.open(stateOptions.template(), FUNCTION,
                stateOptions.state(), env, clock, err)) {
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
