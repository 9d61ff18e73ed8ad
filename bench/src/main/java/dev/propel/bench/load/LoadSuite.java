package dev.propel.bench.load;

import dev.propel.local.api.LocalApiKeys;
import dev.propel.local.bench.BenchContext;
import dev.propel.local.bench.BenchFigure;
import dev.propel.local.bench.BenchmarkSuite;
import dev.propel.local.load.ApiLoad;
import dev.propel.local.load.CleanEventCount;
import dev.propel.local.stack.LocalStack;
import dev.propel.local.stack.LocalStackConfig;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * {@code ./propel bench} suite "load": 8 concurrent clients send 40,000 events (8,000 with {@code --quick})
 * through the local stack's {@code POST /events} with the write key, the real ingest and preprocess functions
 * behind it; then every acknowledged event is looked for in {@code clean/}. Reports throughput, request latency
 * and the events lost or duplicated (the guarantee: none).
 */
public final class LoadSuite implements BenchmarkSuite {
    private static final String NAME = "load";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public List<BenchFigure> run(BenchContext context) throws Exception {
        Path template = Path.of("template.yaml");
        if (!Files.isRegularFile(template)) {
            throw new IllegalStateException("run from the repository root: no template.yaml here");
        }
        // a bucket of its own each run: ids repeat from run to run, and clean/ must hold only this run's events
        Path state = Files.createTempDirectory(Files.createDirectories(context.workDir()), "load-stack-");
        int events = context.quick() ? 8_000 : 40_000;
        // the functions log to standard output, as on Lambda: not into the benchmark table
        PrintStream stdout = System.out;
        System.setOut(new PrintStream(OutputStream.nullOutputStream()));
        try (LocalStack stack = LocalStack.start(LocalStackConfig.defaults(template, state).withPorts(0, 0)
                .withSchedules(false, null).withOut(new PrintStream(OutputStream.nullOutputStream())))) {
            String key = stack.apiKeys().key(LocalApiKeys.WRITE_KEY).orElse(null);
            context.log().printf("load: 8 clients, %,d events, batches of 500 …%n", events);
            ApiLoad.Result r = new ApiLoad(stack.apiEndpoint(), key, Instant.now())
                    .run(new ApiLoad.Plan(8, events, 500));
            long drainStart = System.nanoTime();
            if (!stack.awaitIdle(Duration.ofMinutes(10))) {
                throw new IllegalStateException("preprocessing still running after 10 minutes");
            }
            double drain = (System.nanoTime() - drainStart) / 1e9;
            long lost;
            long duplicated;
            try (S3Client s3 = stack.newS3Client()) {
                Map<String, Integer> clean = CleanEventCount.byEventId(s3, stack.bucket());
                lost = r.acknowledged().stream().filter(id -> !clean.containsKey(id)).count();
                duplicated = clean.values().stream().filter(n -> n > 1).count();
            }
            context.log().printf("load: %,d acknowledged in %.1f s, %d 5xx; preprocessing drained %.1f s later;"
                    + " lost %d, duplicated %d%n", r.acknowledged().size(), r.seconds(), r.serverErrors(), drain,
                    lost, duplicated);
            String size = String.format("8 clients, %,d events", events);
            return List.of(
                    BenchFigure.absolute(NAME, "local API under load (" + size + "), accepted events per second",
                            r.eventsPerSecond(), "events/s", "reported", true),
                    BenchFigure.absolute(NAME, "POST /events of 500 events under load, p50", r.latencyQuantile(0.5),
                            "ms", "reported", true),
                    BenchFigure.absolute(NAME, "POST /events of 500 events under load, p99",
                            r.latencyQuantile(0.99), "ms", "reported", true),
                    BenchFigure.absolute(NAME, "acknowledged events lost or duplicated in clean/ (" + size + ")",
                            lost + duplicated, "events", "0", lost + duplicated == 0 && r.serverErrors() == 0));
        } finally {
            System.setOut(stdout);
            try (var walk = Files.walk(state)) {
                walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }
}
