package dev.propel.local.stack;

import dev.propel.local.cli.PropelCommandLine;
import dev.propel.local.cli.StateOptions;
import dev.propel.local.notify.FailureDestination;
import dev.propel.local.runtime.Invocation;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code ./propel redrive [--function Id] [--state DIR]}: replays the events recorded in the local on-failure
 * destination ({@code <state>/dlq/<Function>/}) against their function, oldest first, and removes each record whose
 * replay succeeds; a record that fails again stays for the next redrive. Exit 0 when nothing is left.
 */
@Command(name = "redrive", synopsisHeading = PropelCommandLine.USAGE_HEADING, sortOptions = false,
        usageHelpWidth = 110, description = {"replay failed asynchronous events recorded under <state>/dlq/",
                "replays the failed asynchronous events under <state>/dlq/ and removes those that now succeed"})
public final class RedriveCommand implements Callable<Integer> {
    private final PrintStream out;
    private final PrintStream err;
    private final Clock clock;

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "this help")
    private boolean help;
    @Option(names = "--function", paramLabel = "FunctionLogicalId",
            description = "only this function's records (default: every function with records)")
    private String function;
    @Option(names = "--env", paramLabel = "KEY=VAL", description = "an environment variable of the functions")
    private Map<String, String> env = new LinkedHashMap<>();
    @Mixin
    private StateOptions stateOptions;

    /** The command; {@code clock} is the time the replayed handlers see. */
    RedriveCommand(PrintStream out, PrintStream err, Clock clock) {
        this.out = out;
        this.err = err;
        this.clock = clock;
    }

    /** The command on the system clock. */
    public RedriveCommand(PrintStream out, PrintStream err) {
        this(out, err, Clock.systemUTC());
    }

    /** Runs the command; {@code clock} is the time the replayed handlers see. */
    public static int run(String[] args, PrintStream out, PrintStream err, Clock clock) {
        return PropelCommandLine.of(new RedriveCommand(out, err, clock), "./propel redrive", out, err).execute(args);
    }

    @Override
    public Integer call() {
        Path stateDir = LocalBucket.stateDir(stateOptions.state());
        Path dlq = FailureDestination.folder(stateDir);
        PrintStream stdout = System.out;
        try {
            // what the handlers print is log output (stderr); stdout is the summary
            System.setOut(err);
            List<String> functions = function != null ? List.of(function) : functionsWithRecords(dlq);
            int left = 0;
            int replayed = 0;
            for (String id : functions) {
                List<Path> records = FailureDestination.records(dlq, id);
                if (records.isEmpty()) {
                    continue;
                }
                try (LocalFunctionTarget target = LocalFunctionTarget.open(
                        stateOptions.template(), id, stateDir.toString(), env, clock, err)) {
                    for (Path record : records) {
                        Invocation r = target.runtime().invoke(FailureDestination.requestPayload(record));
                        if (r.failed()) {
                            left++;
                            err.println("propel redrive: " + id + " " + record.getFileName() + " failed again: "
                                    + r.payloadText());
                        } else {
                            Files.deleteIfExists(record);
                            replayed++;
                        }
                    }
                }
            }
            out.println("{\"replayed\":" + replayed + ",\"failed\":" + left + "}");
            return left == 0 ? 0 : 1;
        } catch (IllegalArgumentException | IOException e) {
            err.println("propel redrive: " + e.getMessage());
            return 2;
        } finally {
            System.setOut(stdout);
        }
    }

    private static List<String> functionsWithRecords(Path dlq) throws IOException {
        if (!Files.isDirectory(dlq)) {
            return List.of();
        }
        try (Stream<Path> dirs = Files.list(dlq)) {
            return new ArrayList<>(dirs.filter(Files::isDirectory).map(p -> p.getFileName().toString()).sorted()
                    .toList());
        }
    }
}
