package dev.propel.local.stack;

import dev.propel.local.cli.CommandLineOptions;
import dev.propel.local.notify.FailureDestination;
import dev.propel.local.runtime.Invocation;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * {@code ./propel redrive [--function Id] [--state DIR]}: replays the events recorded in the local on-failure
 * destination ({@code <state>/dlq/<Function>/}) against their function, oldest first, and removes each record whose
 * replay succeeds; a record that fails again stays for the next redrive. Exit 0 when nothing is left.
 */
public final class RedriveCommand {
    static final String USAGE = """
            usage: ./propel redrive [--function FunctionLogicalId] [--state DIR] [--template template.yaml]
                                    [--env KEY=VAL]...
              replays the failed asynchronous events under <state>/dlq/ and removes those that now succeed
            """;

    private RedriveCommand() {
    }

    public static int run(String[] args) {
        return run(args, System.out, System.err, Clock.systemUTC());
    }

    /** Runs the command; {@code clock} is the time the replayed handlers see. */
    public static int run(String[] args, PrintStream out, PrintStream err, Clock clock) {
        CommandLineOptions o;
        try {
            o = CommandLineOptions.parse(args, Set.of("--function", "--state", "--template", "--env"),
                    Set.of("--help"));
        } catch (IllegalArgumentException e) {
            err.println("propel redrive: " + e.getMessage());
            err.print(USAGE);
            return 2;
        }
        if (o.flag("--help")) {
            out.print(USAGE);
            return 0;
        }
        String state = o.value("--state", null);
        Path stateDir = state != null ? Path.of(state).toAbsolutePath()
                : StateFolder.resolve(System.getenv(), Path.of(""));
        Path dlq = FailureDestination.folder(stateDir);
        PrintStream stdout = System.out;
        try {
            // what the handlers print is log output (stderr); stdout is the summary
            System.setOut(err);
            List<String> functions = o.value("--function", null) != null ? List.of(o.value("--function", null))
                    : functionsWithRecords(dlq);
            int left = 0;
            int replayed = 0;
            for (String id : functions) {
                List<Path> records = FailureDestination.records(dlq, id);
                if (records.isEmpty()) {
                    continue;
                }
                try (LocalFunctionTarget target = LocalFunctionTarget.open(
                        Path.of(o.value("--template", "template.yaml")), id, stateDir.toString(), o.pairs("--env"),
                        clock, err)) {
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
