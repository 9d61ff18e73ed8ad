package dev.propel.bench.datagen;

import dev.propel.datagen.output.DeliveryWriter;
import dev.propel.datagen.simulator.Delivery;
import dev.propel.datagen.simulator.ShopSimulator;
import dev.propel.datagen.simulator.SimulationConfig;
import dev.propel.datagen.simulator.SimulationSink;
import dev.propel.datagen.simulator.SimulationSummary;
import dev.propel.datagen.truth.ConversionTruth;
import dev.propel.datagen.truth.ItemTruth;
import dev.propel.datagen.truth.TruthFile;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Events per second of the shop simulator on one thread, about a million events per run, in three modes:
 * simulation only, simulation + JSON lines serialisation (discarded), and the full {@code ./propel generate}
 * path (gzip JSON lines + gzip truth sidecar on disk). Reports wall time and the thread's CPU time, since the
 * CPU figure is the one that means "one core" on a shared machine.
 *
 * <p>Run: {@code java -cp … dev.propel.bench.datagen.GenerationBenchmark [users] [repetitions]}.
 */
public final class GenerationBenchmark {
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    private GenerationBenchmark() {
    }

    private interface Mode {
        SimulationSummary run(SimulationConfig config) throws IOException;
    }

    private record Figure(String mode, long events, double wallSeconds, double cpuSeconds) {
        double eventsPerCpuSecond() {
            return events / cpuSeconds;
        }

        double eventsPerWallSecond() {
            return events / wallSeconds;
        }
    }

    public static void main(String[] args) throws IOException {
        int users = args.length > 0 ? Integer.parseInt(args[0]) : 140_000;
        int repetitions = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        SimulationConfig config = SimulationConfig.defaults().withUsers(users).withDays(14);
        Path dir = Files.createTempDirectory("propel-bench-datagen");
        try {
            Mode simulateOnly = c -> new ShopSimulator(c).run(d -> { });
            Mode serialise = c -> {
                try (DeliveryWriter w = new DeliveryWriter(OutputStream.nullOutputStream())) {
                    return new ShopSimulator(c).run(w::write);
                }
            };
            Mode gzipFiles = c -> files(c, dir.resolve("events.jsonl.gz"), dir.resolve("events.truth.jsonl.gz"));
            Mode plainFiles = c -> files(c, dir.resolve("events.jsonl"), dir.resolve("events.truth.jsonl"));
            // Warm-up: let the JIT compile the hot paths of all modes.
            SimulationConfig warm = config.withUsers(Math.max(1, users / 10));
            simulateOnly.run(warm);
            serialise.run(warm);
            gzipFiles.run(warm);

            StringBuilder json = new StringBuilder("{\"benchmark\":\"datagen.generation\",\"users\":" + users
                    + ",\"days\":14,\"results\":[");
            String[] names = {"simulate", "simulate+json", "simulate+json+truth files", "simulate+json.gz+truth.gz"};
            Mode[] modes = {simulateOnly, serialise, plainFiles, gzipFiles};
            for (int m = 0; m < modes.length; m++) {
                Figure best = null;
                for (int r = 0; r < repetitions; r++) {
                    Figure f = measure(names[m], modes[m], config);
                    if (best == null || f.cpuSeconds() < best.cpuSeconds()) {
                        best = f;
                    }
                }
                System.out.printf(Locale.ROOT, "%-27s %,d events  wall %.2f s (%,.0f ev/s)  cpu %.2f s "
                                + "(%,.0f ev/s per core)%n", best.mode(), best.events(), best.wallSeconds(),
                        best.eventsPerWallSecond(), best.cpuSeconds(), best.eventsPerCpuSecond());
                json.append(m > 0 ? "," : "").append(String.format(Locale.ROOT,
                        "{\"mode\":\"%s\",\"events\":%d,\"wall_s\":%.3f,\"cpu_s\":%.3f,\"events_per_cpu_s\":%.0f}",
                        best.mode(), best.events(), best.wallSeconds(), best.cpuSeconds(),
                        best.eventsPerCpuSecond()));
            }
            System.out.println(json.append("]}"));
        } finally {
            try (var paths = Files.list(dir)) {
                paths.forEach(p -> p.toFile().delete());
            }
            Files.deleteIfExists(dir);
        }
    }

    /** The {@code ./propel generate} path: events and sidecar written to files (gzip when named .gz). */
    private static SimulationSummary files(SimulationConfig config, Path events, Path truthPath) throws IOException {
        try (DeliveryWriter w = DeliveryWriter.open(events); TruthFile t = TruthFile.create(truthPath)) {
            return new ShopSimulator(config).run(new SimulationSink() {
                @Override
                public void delivery(Delivery d) {
                    w.write(d);
                }

                @Override
                public void conversionTruth(ConversionTruth truth) {
                    t.write(truth);
                }

                @Override
                public void itemTruth(ItemTruth truth) {
                    t.write(truth);
                }
            });
        }
    }

    private static Figure measure(String name, Mode mode, SimulationConfig config) {
        long cpu0 = THREADS.getCurrentThreadCpuTime();
        long wall0 = System.nanoTime();
        SimulationSummary s;
        try {
            s = mode.run(config);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        long wall = System.nanoTime() - wall0;
        long cpu = THREADS.getCurrentThreadCpuTime() - cpu0;
        return new Figure(name, s.events(), wall / 1e9, cpu / 1e9);
    }
}
