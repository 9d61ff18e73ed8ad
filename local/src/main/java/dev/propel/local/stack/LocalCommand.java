package dev.propel.local.stack;

import dev.propel.local.api.LocalApiKeys;
import dev.propel.local.api.UsagePlanThrottle;
import dev.propel.local.cli.PropelCommandLine;
import dev.propel.local.cli.StateOptions;
import dev.propel.local.template.SamTemplate;
import java.io.PrintStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code ./propel local}: starts the local stack and keeps it running until Ctrl-C. */
@Command(name = "local", synopsisHeading = PropelCommandLine.USAGE_HEADING, sortOptions = false,
        usageHelpWidth = 110, description = "the local stack, left running (API on http://127.0.0.1:3000)",
        footer = {"state folder: $PROPEL_HOME, else .propel/ (survives restarts); endpoints.json is written there,",
                "and keys.json: write_key (x-api-key of POST /events) and server_key (/predict, /rank, /decide)"})
public final class LocalCommand implements Callable<Integer> {
    private final PrintStream out;
    private final PrintStream err;
    private final CountDownLatch stop;

    @Spec
    private CommandSpec spec;
    @Option(names = {"-h", "--help"}, usageHelp = true, description = "this help")
    private boolean help;
    @Mixin
    private StateOptions stateOptions;
    @Option(names = "--port", paramLabel = "N", defaultValue = "3000", description = "API port (default 3000)")
    private int port;
    @Option(names = "--s3-port", paramLabel = "N", defaultValue = "4566", description = "S3 port (default 4566)")
    private int s3Port;
    @Option(names = "--s3-endpoint", paramLabel = "URL",
            description = "use this S3-compatible server instead (no notifications are delivered then)")
    private URI s3Endpoint;
    @Option(names = "--bucket", paramLabel = "NAME", description = "bucket (default: the template's)")
    private String bucket;
    @Option(names = "--schedule-every", paramLabel = "SECONDS", defaultValue = "0",
            description = "run every schedule this often instead of its own timing")
    private int scheduleEvery;
    @Option(names = "--no-schedules", description = "run no schedule")
    private boolean noSchedules;
    @Option(names = "--no-auth", description = "accept calls without x-api-key (the template's key requirements "
            + "are not enforced)")
    private boolean noAuth;
    @Option(names = "--throttle", paramLabel = "RATE/BURST", description = "per key, RATE requests a second with "
            + "bursts of BURST, then 429 as API Gateway's usage plans answer (e.g. 50/100; off by default)")
    private String throttle;
    @Option(names = "--env", paramLabel = "KEY=VAL", description = "an environment variable of every function")
    private Map<String, String> env = new LinkedHashMap<>();

    /** The command until {@code stop} counts down (tests) or the JVM shuts down (Ctrl-C). */
    LocalCommand(PrintStream out, PrintStream err, CountDownLatch stop) {
        this.out = out;
        this.err = err;
        this.stop = stop;
    }

    /** The command until the JVM shuts down (Ctrl-C). */
    public LocalCommand(PrintStream out, PrintStream err) {
        this(out, err, new CountDownLatch(1));
    }

    /** Runs the command until {@code stop} counts down (tests) or the JVM shuts down (Ctrl-C). */
    static int run(String[] args, PrintStream out, PrintStream err, CountDownLatch stop) {
        return PropelCommandLine.of(new LocalCommand(out, err, stop), "./propel local", out, err).execute(args);
    }

    @Override
    public Integer call() {
        LocalStackConfig config = config();
        LocalStack stack;
        try {
            stack = LocalStack.start(config);
        } catch (Exception e) {
            err.println("propel local: " + e.getMessage());
            return 1;
        }
        Thread hook = new Thread(() -> {
            stack.close();
            stop.countDown();
        }, "propel-local-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        err.print(banner(stack));
        try {
            stop.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
            stack.close();
        } catch (IllegalStateException e) {
            // the JVM is shutting down: the hook closes the stack
        }
        return 0;
    }

    private LocalStackConfig config() {
        Path template = stateOptions.template();
        if (!Files.isRegularFile(template)) {
            throw new ParameterException(spec.commandLine(), "no template at " + template.toAbsolutePath()
                    + " (run from the repository root or pass --template)");
        }
        Path stateDir = LocalBucket.stateDir(stateOptions.state());
        LocalStackConfig c = LocalStackConfig.defaults(template, stateDir)
                .withPorts(port, s3Port)
                .withEnv(env)
                .withApiKeys(!noAuth)
                .withOut(out);
        if (s3Endpoint != null) {
            c = c.withExternalS3(s3Endpoint);
        }
        if (bucket != null) {
            c = c.withBucket(bucket);
        }
        if (throttle != null) {
            try {
                c = c.withThrottle(throttle(throttle));
            } catch (IllegalArgumentException e) {
                throw new ParameterException(spec.commandLine(), e.getMessage());
            }
        }
        return c.withSchedules(!noSchedules, scheduleEvery > 0 ? Duration.ofSeconds(scheduleEvery) : null);
    }

    /** {@code RATE/BURST}, e.g. {@code 50/100}. */
    static UsagePlanThrottle throttle(String value) {
        String[] parts = value.split("/", -1);
        try {
            if (parts.length == 2) {
                return new UsagePlanThrottle(Double.parseDouble(parts[0]), Integer.parseInt(parts[1]),
                        System::nanoTime);
            }
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--throttle: " + e.getMessage() + " (expected RATE/BURST, e.g. 50/100)");
        }
        throw new IllegalArgumentException("--throttle expects RATE/BURST, e.g. 50/100, not " + value);
    }

    /** The keys, on the terminal only (never in a log line), so a developer can paste them into curl. */
    static String keys(LocalStack stack) {
        LocalApiKeys keys = stack.apiKeys();
        if (!keys.enforced()) {
            return "  keys none: every route is open (--no-auth, or the template requires no key)\n";
        }
        StringBuilder b = new StringBuilder();
        keys.key(LocalApiKeys.WRITE_KEY).ifPresent(k -> b.append("  keys export PROPEL_WRITE_KEY=").append(k)
                .append("    # x-api-key of POST /events\n"));
        keys.key(LocalApiKeys.SERVER_KEY).ifPresent(k -> b.append("       export PROPEL_SERVER_KEY=").append(k)
                .append("   # x-api-key of /predict, /rank, /decide\n"));
        b.append("       (kept in ").append(stack.stateDirectory().resolve(LocalApiKeys.FILE)).append(")\n");
        return b.toString();
    }

    static String banner(LocalStack stack) {
        StringBuilder b = new StringBuilder();
        b.append("\nPropel local stack is up (Ctrl-C to stop)\n");
        b.append("  API  ").append(stack.apiEndpoint()).append('\n');
        for (SamTemplate.Route r : stack.template().routes()) {
            b.append(String.format("         %-6s %-20s -> %s%n", r.event().method(), r.event().path(),
                    r.functionId()));
        }
        b.append(keys(stack));
        b.append("  S3   ").append(stack.s3Endpoint()).append("  bucket ").append(stack.bucket()).append('\n');
        stack.template().functions().values().forEach(f -> {
            f.s3Events().forEach(s -> b.append(String.format("         s3://%s/%s*%s -> %s%n", stack.bucket(),
                    s.prefix(), s.suffix(), f.logicalId())));
            f.schedules().forEach(s -> b.append(String.format("         %s -> %s%n", s.expression(),
                    f.logicalId())));
        });
        b.append("  try: aws --endpoint-url ").append(stack.s3Endpoint()).append(" s3 ls s3://")
                .append(stack.bucket()).append("/\n\n");
        return b.toString();
    }
}
