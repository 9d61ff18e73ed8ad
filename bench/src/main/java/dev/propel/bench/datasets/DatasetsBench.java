package dev.propel.bench.datasets;

import dev.propel.core.event.BehaviourEvent;
import dev.propel.core.layout.S3Layout;
import dev.propel.functions.datasets.BuildSettings;
import dev.propel.functions.datasets.DatasetBuilder;
import dev.propel.functions.datasets.DayReport;
import dev.propel.s3.embedded.EmbeddedS3;
import dev.propel.testkit.GzipJsonLines;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Stage 2 throughput: generated shop traffic for one day (plus the previous day, so item stats and the user
 * registry have a history) as clean objects of 1,000 events in the embedded S3, then the datasets stage for the
 * day, several times. Prints lines/s end to end (S3 reads, dedupe, sessions, features, all tables, S3 writes)
 * and of the compute part alone (one thread), per wall second and per CPU second (building thread plus the reading
 * threads; the embedded S3 server's own threads are not counted), the latter being the per-core figure.
 *
 * <p>Usage: {@code DatasetsBench [--events N] [--runs R]} (defaults 200000, 5).
 */
public final class DatasetsBench {
    private static final LocalDate DAY = LocalDate.parse("2026-11-27");

    private DatasetsBench() {
    }

    public static void main(String[] args) throws IOException {
        int events = 200_000;
        int runs = 5;
        for (int i = 0; i + 1 < args.length; i += 2) {
            switch (args[i]) {
                case "--events" -> events = Integer.parseInt(args[i + 1]);
                case "--runs" -> runs = Integer.parseInt(args[i + 1]);
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        Path dir = Files.createTempDirectory("propel-bench-datasets-");
        try (EmbeddedS3 s3 = EmbeddedS3.start(dir, 0)) {
            s3.createBucket("bench");
            S3Client client = s3.client();
            int objects = putClean(client, ShopTraffic.generate(DAY.minusDays(1), events, 1));
            objects += putClean(client, ShopTraffic.generate(DAY, events, 2));
            DatasetBuilder builder = new DatasetBuilder(client, "bench", BuildSettings.defaults());
            builder.build(DAY.minusDays(1));
            List<DayReport> reports = new ArrayList<>();
            for (int r = 0; r < runs; r++) {
                DayReport rep = builder.build(DAY);
                reports.add(rep);
                System.out.printf("run %d: %s%n", r + 1, rep.toMap());
            }
            // the first run of the day warms the JIT; the median of the rest is the figure
            List<DayReport> warm = runs > 1 ? reports.subList(1, reports.size()) : reports;
            // CPU time of the building thread: the machine may be shared, wall time then measures the neighbours
            DayReport median = warm.stream().sorted(Comparator.comparingLong(DayReport::cpuMillis)).toList()
                    .get(warm.size() / 2);
            long totalMs = median.readMillis() + median.computeMillis() + median.writeMillis();
            Map<String, Object> result = new LinkedHashMap<>();
            result.put("benchmark", "datasets_stage2");
            result.put("clean_objects_in_bucket", objects);
            result.put("lines_read", median.linesRead());
            result.put("day_events", median.dayEvents());
            result.put("sessions", median.sessions());
            result.put("conversion_rows", median.conversionRows());
            result.put("item_rows", median.itemRows());
            result.put("total_ms", totalMs);
            result.put("read_ms", median.readMillis());
            result.put("compute_ms", median.computeMillis());
            result.put("write_ms", median.writeMillis());
            result.put("compute_cpu_ms", median.computeCpuMillis());
            result.put("cpu_ms", median.cpuMillis());
            result.put("wall_lines_per_s", Math.round(median.linesPerSecond()));
            result.put("cpu_lines_per_s", Math.round(median.linesRead() * 1000.0 / Math.max(1, median.cpuMillis())));
            result.put("compute_cpu_lines_per_s",
                    Math.round(median.linesRead() * 1000.0 / Math.max(1, median.computeCpuMillis())));
            result.put("threads", "compute 1, fetch+parse " + BuildSettings.defaults().readThreads());
            System.out.println(new com.fasterxml.jackson.databind.ObjectMapper().writeValueAsString(result));
        } finally {
            try (Stream<Path> w = Files.walk(dir)) {
                w.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    /** Writes events as clean objects of 1,000 lines per hour partition of their receive time. */
    private static int putClean(S3Client s3, List<BehaviourEvent> events) {
        Map<String, List<BehaviourEvent>> byHour = new LinkedHashMap<>();
        for (BehaviourEvent e : events) {
            byHour.computeIfAbsent(S3Layout.partition(e.receivedAt()), k -> new ArrayList<>()).add(e);
        }
        int n = 0;
        for (Map.Entry<String, List<BehaviourEvent>> h : byHour.entrySet()) {
            List<BehaviourEvent> list = h.getValue();
            for (int i = 0; i < list.size(); i += 1000) {
                List<BehaviourEvent> chunk = list.subList(i, Math.min(list.size(), i + 1000));
                String key = S3Layout.CLEAN + h.getKey() + chunk.get(0).receivedAt().toEpochMilli() + "-bench" + i
                        + S3Layout.EVENT_OBJECT_SUFFIX;
                s3.putObject(b -> b.bucket("bench").key(key), RequestBody.fromBytes(GzipJsonLines.events(chunk)));
                n++;
            }
        }
        return n;
    }

}
