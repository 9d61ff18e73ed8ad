package dev.propel.datasets.spark;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.propel.core.event.BehaviourEvent;
import dev.propel.core.event.EventJson;
import dev.propel.core.layout.S3Layout;
import dev.propel.datagen.simulator.Delivery;
import dev.propel.datagen.simulator.DirtRates;
import dev.propel.datagen.simulator.EventDelivery;
import dev.propel.datagen.simulator.ShopSimulator;
import dev.propel.datagen.simulator.SimulationConfig;
import dev.propel.datagen.simulator.SimulationSink;
import dev.propel.functions.datasets.BuildSettings;
import dev.propel.functions.datasets.DatasetBuilder;
import dev.propel.functions.datasets.DayReport;
import dev.propel.local.cli.PropelCommandLine;
import dev.propel.s3.embedded.EmbeddedS3;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicLong;
import java.util.zip.GZIPOutputStream;
import org.apache.spark.api.java.JavaSparkContext;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The scale benchmark of the datasets stage (a main, not a test): one simulated day of {@code --users} shoppers is
 * written once as clean objects into an embedded S3 over {@code --data}; then one engine builds that day in this
 * JVM, and the wall time, events per second and peak heap are printed as one JSON line. Run each engine in its own
 * JVM with the heap under test ({@code -Xmx2g}): a build that runs out of heap is that engine's memory ceiling.
 *
 * <pre>
 * SparkScaleBenchmark --data DIR --users N --generate
 * SparkScaleBenchmark --data DIR --engine spark|lambda [--threads 2] [--part-mb 8]
 * </pre>
 */
@Command(name = "SparkScaleBenchmark", synopsisHeading = PropelCommandLine.USAGE_HEADING, sortOptions = false,
        description = {"simulate one day into an embedded S3 (--generate), or build it with one engine and print "
                + "wall time, events per second and peak heap as one JSON line; one engine per JVM, with the heap "
                + "under test (-Xmx2g)"})
public final class SparkScaleBenchmark implements Callable<Integer> {
    static final String BUCKET = "bench";
    static final LocalDate DAY = LocalDate.of(2026, 11, 2);
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Which builder builds the day; lower case because the constants are the option values as typed. */
    enum Engine { spark, lambda }

    private final PrintStream out;

    @Spec
    private CommandSpec spec;
    @Option(names = {"-h", "--help"}, usageHelp = true, description = "this help")
    private boolean help;
    @Option(names = "--data", paramLabel = "DIR", defaultValue = "target/scale-bench",
            description = "the embedded S3's folder, where --generate leaves the day (default target/scale-bench)")
    private Path data;
    @Option(names = "--generate", description = "simulate the day into --data instead of building it")
    private boolean generate;
    @Option(names = "--users", paramLabel = "N", defaultValue = "10000",
            description = "shoppers of the simulated day, with --generate (default 10000)")
    private int users;
    @Option(names = "--engine", paramLabel = "spark|lambda", defaultValue = "spark",
            description = "the Spark job in this JVM (default) or the Lambda builder")
    private Engine engine;
    @Option(names = "--threads", paramLabel = "N", defaultValue = "2", description = "Spark's local[N] (default 2)")
    private int threads;
    @Option(names = "--part-mb", paramLabel = "MB", defaultValue = "8",
            description = "Spark's input split size in MB (default 8)")
    private long partMb;

    private SparkScaleBenchmark(PrintStream out) {
        this.out = out;
    }

    /** Runs the benchmark and exits with its code. */
    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    /** Parses {@code args} and runs the benchmark; the exit code of the ./propel commands (2: bad usage). */
    static int run(String[] args, PrintStream out, PrintStream err) {
        return PropelCommandLine.of(new SparkScaleBenchmark(out), "SparkScaleBenchmark", out, err, true)
                .execute(args);
    }

    @Override
    public Integer call() throws IOException {
        positive("--users", users);
        positive("--threads", threads);
        positive("--part-mb", partMb);
        try (EmbeddedS3 s3 = EmbeddedS3.start(data, 0); S3Client client = s3.client()) {
            s3.createBucket(BUCKET);
            Map<String, Object> result = new LinkedHashMap<>(generate ? generate(client, users)
                    : build(s3, client, engine, threads, partMb << 20));
            result.put("max_heap_mb", Runtime.getRuntime().maxMemory() >> 20);
            out.println(JSON.writeValueAsString(result));
        }
        return 0;
    }

    private void positive(String option, long value) {
        if (value <= 0) {
            throw new ParameterException(spec.commandLine(), option + " must be at least 1, got " + value);
        }
    }

    /** Streams the simulation into clean objects of at most 50,000 events per hour partition and object. */
    private static Map<String, Object> generate(S3Client s3, int users) {
        SimulationConfig config = SimulationConfig.defaults().withUsers(users).withDays(1).withStart(DAY)
                .withSeed(20261129L).withItems(20_000).withCategories(40).withDirt(DirtRates.none());
        Map<String, Batch> open = new HashMap<>();
        AtomicLong events = new AtomicLong();
        AtomicLong bytes = new AtomicLong();
        AtomicLong objects = new AtomicLong();
        long t0 = System.nanoTime();
        new ShopSimulator(config).run(new SimulationSink() {
            @Override
            public void delivery(Delivery d) {
                if (!(d instanceof EventDelivery e) || e.duplicate()) {
                    return;
                }
                BehaviourEvent ev = e.event();
                Instant at = ev.receivedAt() != null ? ev.receivedAt() : ev.timestamp();
                String partition = S3Layout.partition(at);
                Batch b = open.computeIfAbsent(partition, p -> new Batch());
                b.add(ev);
                events.incrementAndGet();
                if (b.count == 50_000) {
                    bytes.addAndGet(b.flush(s3, partition, objects.getAndIncrement()));
                    open.remove(partition);
                }
            }
        });
        open.forEach((partition, b) -> bytes.addAndGet(b.flush(s3, partition, objects.getAndIncrement())));
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("generated_events", events.get());
        m.put("clean_objects", objects.get());
        m.put("clean_mb", bytes.get() >> 20);
        m.put("users", users);
        m.put("generate_s", (System.nanoTime() - t0) / 1_000_000_000.0);
        return m;
    }

    private static Map<String, Object> build(EmbeddedS3 s3, S3Client client, Engine engine, int threads,
            long partBytes) {
        // a run that ran out of heap (the ceiling being measured) leaves the chain lock of this private bucket
        // held for its lease; nothing else builds here, so the next run starts without waiting for it
        client.deleteObject(d -> d.bucket(BUCKET).key(S3Layout.STATS + "_chain/lock.json"));
        double loadBefore = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
        PeakHeap peak = PeakHeap.start();
        long t0 = System.nanoTime();
        DayReport r;
        if (engine == Engine.lambda) {
            r = new DatasetBuilder(client, BUCKET, BuildSettings.defaults()).build(DAY, 0);
        } else {
            try (JavaSparkContext spark = LocalSpark.start(threads)) {
                r = new SparkDatasetBuilder(spark, client, S3aBucket.atEndpoint(BUCKET, s3.endpoint(),
                        LocalCredentials.ACCESS_KEY, LocalCredentials.SECRET_KEY),
                        SparkSettings.of(BuildSettings.defaults(), partBytes)).build(DAY, 0);
            }
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("engine", engine.name());
        m.put("threads", engine == Engine.lambda ? 1 : threads);
        m.put("lines_read", r.linesRead());
        m.put("sessions", r.sessions());
        m.put("conversion_rows", r.conversionRows());
        m.put("item_rows", r.itemRows());
        m.put("wall_s", Math.round(seconds * 10) / 10.0);
        m.put("events_per_s", Math.round(r.linesRead() / seconds));
        m.put("peak_heap_used_mb", peak.stop() >> 20);
        // the machine is shared: the 1-minute load average before and after, next to the figures
        m.put("load_average", List.of(loadBefore, ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage()));
        return m;
    }

    /** One clean object being filled: gzip JSON lines, as Stage 1 writes them. */
    private static final class Batch {
        private final ByteArrayOutputStream bytes = new ByteArrayOutputStream(1 << 20);
        private final Writer w;
        private int count;

        Batch() {
            try {
                w = new OutputStreamWriter(new GZIPOutputStream(bytes, 1 << 16), StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        void add(BehaviourEvent e) {
            EventJson.writeTo(e, w);
            try {
                w.write('\n');
            } catch (IOException x) {
                throw new UncheckedIOException(x);
            }
            count++;
        }

        long flush(S3Client s3, String partition, long seq) {
            try {
                w.close();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            byte[] body = bytes.toByteArray();
            s3.putObject(b -> b.bucket(BUCKET).key(S3Layout.CLEAN + partition + String.format("sim-%06d", seq)
                    + S3Layout.EVENT_OBJECT_SUFFIX), RequestBody.fromBytes(body));
            return body.length;
        }
    }

    /** The most heap in use while the build ran, sampled every 20 ms (after-GC pool peaks understate it). */
    private static final class PeakHeap {
        private final Thread sampler;
        private volatile boolean running = true;
        private volatile long peak;

        private PeakHeap() {
            sampler = new Thread(() -> {
                while (running) {
                    long used = 0;
                    for (MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans()) {
                        if (p.getType() == MemoryType.HEAP) {
                            used += p.getUsage().getUsed();
                        }
                    }
                    peak = Math.max(peak, used);
                    try {
                        Thread.sleep(20);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            }, "peak-heap");
            sampler.setDaemon(true);
        }

        static PeakHeap start() {
            PeakHeap p = new PeakHeap();
            p.sampler.start();
            return p;
        }

        long stop() {
            running = false;
            try {
                sampler.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return peak;
        }
    }
}
