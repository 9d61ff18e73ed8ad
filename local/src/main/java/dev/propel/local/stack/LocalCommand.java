package dev.propel.local.stack;

import dev.propel.local.api.LocalApiKeys;
import dev.propel.local.api.UsagePlanThrottle;
import dev.propel.local.cli.CommandLineOptions;
import dev.propel.local.template.SamTemplate;
import java.io.PrintStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.CountDownLatch;

/** {@code ./propel local}: starts the local stack and keeps it running until Ctrl-C. */
public final class LocalCommand {
    static final String USAGE = """
            usage: ./propel local [--template template.yaml] [--port 3000] [--s3-port 4566]
                                  [--s3-endpoint URL] [--bucket NAME] [--schedule-every SECONDS]
                                  [--no-schedules] [--no-auth] [--throttle RATE/BURST] [--env KEY=VAL]...
                                  [--state DIR]
              state folder: $PROPEL_HOME, else .propel/ (survives restarts); endpoints.json is written there,
              and keys.json: write_key (x-api-key of POST /events) and server_key (/predict, /rank, /decide)
              --no-auth   accept calls without x-api-key (the template's key requirements are not enforced)
              --throttle  per key, RATE requests a second with bursts of BURST, then 429 as API Gateway's usage
                          plans answer (e.g. 50/100; off by default)
            """;

    private LocalCommand() {
    }

    /** Runs the command; blocks until the process is interrupted. */
    public static int run(String[] args) {
        return run(args, System.out, System.err, new CountDownLatch(1));
    }

    /** Runs the command until {@code stop} counts down (tests) or the JVM shuts down (Ctrl-C). */
    static int run(String[] args, PrintStream out, PrintStream err, CountDownLatch stop) {
        LocalStackConfig config;
        try {
            CommandLineOptions o = CommandLineOptions.parse(args,
                    Set.of("--template", "--port", "--s3-port", "--s3-endpoint", "--bucket", "--schedule-every",
                            "--env", "--state", "--throttle"),
                    Set.of("--no-schedules", "--no-auth", "--help"));
            if (o.flag("--help")) {
                out.print(USAGE);
                return 0;
            }
            config = config(o, out);
        } catch (IllegalArgumentException e) {
            err.println("propel local: " + e.getMessage());
            err.print(USAGE);
            return 2;
        }
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

    static LocalStackConfig config(CommandLineOptions o, PrintStream out) {
        Path template = Path.of(o.value("--template", "template.yaml"));
        if (!Files.isRegularFile(template)) {
            throw new IllegalArgumentException("no template at " + template.toAbsolutePath()
                    + " (run from the repository root or pass --template)");
        }
        String state = o.value("--state", null);
        Path stateDir = state != null ? Path.of(state).toAbsolutePath()
                : StateFolder.resolve(System.getenv(), Path.of(""));
        LocalStackConfig c = LocalStackConfig.defaults(template, stateDir)
                .withPorts(o.intValue("--port", 3000), o.intValue("--s3-port", 4566))
                .withEnv(o.pairs("--env"))
                .withApiKeys(!o.flag("--no-auth"))
                .withOut(out);
        String external = o.value("--s3-endpoint", null);
        if (external != null) {
            c = c.withExternalS3(URI.create(external));
        }
        String bucket = o.value("--bucket", null);
        if (bucket != null) {
            c = c.withBucket(bucket);
        }
        String throttle = o.value("--throttle", null);
        if (throttle != null) {
            c = c.withThrottle(throttle(throttle));
        }
        int every = o.intValue("--schedule-every", 0);
        return c.withSchedules(!o.flag("--no-schedules"), every > 0 ? Duration.ofSeconds(every) : null);
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
