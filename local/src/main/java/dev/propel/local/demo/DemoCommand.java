package dev.propel.local.demo;

import dev.propel.local.cli.PropelCommandLine;
import dev.propel.local.cli.StateOptions;
import dev.propel.local.stack.LocalBucket;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.Callable;
import java.util.function.Supplier;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code ./propel demo}: the options of the demo; {@link DemoRunner} runs it. */
@Command(name = "demo", synopsisHeading = PropelCommandLine.USAGE_HEADING, sortOptions = false,
        description = "the whole pipeline on the embedded local stack with generated data")
public final class DemoCommand implements Callable<Integer> {
    private final Supplier<DemoParts> parts;
    private final PrintStream out;
    private final PrintStream err;
    private final Clock clock;

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "this help")
    private boolean help;
    @Option(names = "--days", paramLabel = "N", defaultValue = "" + DemoRunner.DEFAULT_DAYS,
            description = "days of simulated traffic (default ${DEFAULT-VALUE})")
    private int days;
    @Option(names = "--seed", paramLabel = "N", defaultValue = "42",
            description = "random seed of the simulator (default ${DEFAULT-VALUE})")
    private long seed;
    @Option(names = "--users", paramLabel = "N", defaultValue = "" + DemoRunner.DEFAULT_USERS_PER_DAY,
            description = "shoppers per simulated day (default ${DEFAULT-VALUE})")
    private int users;
    @Option(names = "--batch", paramLabel = "N", defaultValue = "500",
            description = "events per POST /events request (default ${DEFAULT-VALUE})")
    private int batch;
    @Option(names = "--port", paramLabel = "N", defaultValue = "0",
            description = "API port (default 0: a free one)")
    private int port;
    @Mixin
    private StateOptions stateOptions;

    /** The demo with the given parts (tests give smaller ones) and clock (tests fix it). */
    DemoCommand(Supplier<DemoParts> parts, PrintStream out, PrintStream err, Clock clock) {
        this.parts = parts;
        this.out = out;
        this.err = err;
        this.clock = clock;
    }

    /** The demo of the shop simulator on the system clock. */
    public DemoCommand(PrintStream out, PrintStream err) {
        this(DemoParts::standard, out, err, Clock.systemUTC());
    }

    static int run(String[] args, DemoParts parts, PrintStream out, PrintStream err, Clock clock) {
        return PropelCommandLine.of(new DemoCommand(() -> parts, out, err, clock), "./propel demo", out, err)
                .execute(args);
    }

    @Override
    public Integer call() {
        // always a demo/ folder of its own inside the state folder: the demo wipes it at the start
        Path stateDir = LocalBucket.stateDir(stateOptions.state()).resolve("demo");
        DemoSettings settings = new DemoSettings(days, seed, users, batch, port, stateDir, stateOptions.template(),
                clock);
        try {
            DemoSummary summary = new DemoRunner(settings, parts.get(), err).run();
            out.print(summary.render());
            return 0;
        } catch (StepUnavailableException e) {
            err.println("propel demo: not available yet: " + e.getMessage());
            return 3;
        } catch (DemoRunner.DemoStepException e) {
            err.println("propel demo: step '" + e.step + "' failed: " + e.getMessage());
            return 1;
        }
    }
}
