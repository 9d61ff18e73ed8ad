package dev.propel.functions.datasets;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import dev.propel.core.event.BehaviourEvent;
import dev.propel.core.event.EventJson;
import dev.propel.core.layout.S3Layout;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import java.util.zip.GZIPInputStream;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectRequest;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Request;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * Reads the {@code clean/} objects of a range of hour partitions and deduplicates their events by
 * {@code event_id} across objects (the first occurrence in key order wins, so the result is deterministic).
 */
public final class CleanEventReader {
    private static final JsonFactory JSON = new JsonFactory();

    private static final ThreadMXBean CPU = ManagementFactory.getThreadMXBean();

    private final S3Client s3;
    private final String bucket;
    // CPU time spent fetching and parsing, summed over the reading threads (for the benchmark's per-core figure)
    private final AtomicLong fetchCpu = new AtomicLong();

    public CleanEventReader(S3Client s3, String bucket) {
        this.s3 = s3;
        this.bucket = bucket;
    }

    /** What was read: the distinct events and counts for the report. */
    record Read(List<BehaviourEvent> events, int objects, long lines, long duplicates, long bytes,
            long fetchCpuNanos, String fingerprint) {
    }

    /**
     * SHA-256 of the keys and ETags of the clean objects in the range: what a build read, compared later to find
     * days whose inputs changed since (a repaired or redriven object landing after the day was built).
     */
    String fingerprint(Instant from, Instant to) {
        return fingerprint(list(from, to));
    }

    private static String fingerprint(List<S3Object> objects) {
        MessageDigest sha;
        try {
            sha = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        for (S3Object o : objects) {
            sha.update((o.key() + " " + o.eTag() + "\n").getBytes(StandardCharsets.UTF_8));
        }
        return HexFormat.of().formatHex(sha.digest());
    }

    /**
     * The deduplicated events of the hour partitions from {@code from} (inclusive) to {@code to} (exclusive).
     * Objects are fetched and parsed by {@code threads} threads (S3 latency, not CPU, bounds a sequential read of
     * many small objects) and deduplicated in key order, so the result does not depend on timing.
     */
    Read read(Instant from, Instant to, int threads) {
        List<S3Object> objects = list(from, to);
        long bytes = 0;
        for (S3Object o : objects) {
            bytes += o.size();
        }
        List<List<BehaviourEvent>> parsed = fetchAll(objects, threads);
        List<BehaviourEvent> events = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        long lines = 0;
        for (List<BehaviourEvent> object : parsed) {
            lines += object.size();
            for (BehaviourEvent e : object) {
                if (seen.add(e.eventId())) {
                    events.add(e);
                }
            }
        }
        return new Read(events, objects.size(), lines, lines - events.size(), bytes, fetchCpu.getAndSet(0),
                fingerprint(objects));
    }

    /** The clean objects a build of the hours in range reads, in key order (the Spark job reads them itself). */
    public List<S3Object> objects(Instant from, Instant to) {
        return list(from, to);
    }

    /** The clean objects of the hours in range, in key order; one LIST per day partition, hours filtered here. */
    private List<S3Object> list(Instant from, Instant to) {
        List<S3Object> out = new ArrayList<>();
        Instant firstHour = from.truncatedTo(ChronoUnit.HOURS);
        for (LocalDate d = day(firstHour); !d.atStartOfDay(ZoneOffset.UTC).toInstant().isAfter(to.minusNanos(1));
                d = d.plusDays(1)) {
            String prefix = S3Layout.partitionPrefix(S3Layout.CLEAN, d);
            for (S3Object o : s3.listObjectsV2Paginator(
                    ListObjectsV2Request.builder().bucket(bucket).prefix(prefix).build()).contents()) {
                var key = S3Layout.parse(o.key());
                if (key.isEmpty() || !o.key().endsWith(S3Layout.EVENT_OBJECT_SUFFIX)) {
                    continue;
                }
                Instant hour = key.get().day().atStartOfDay(ZoneOffset.UTC).toInstant()
                        .plus(key.get().hour(), ChronoUnit.HOURS);
                if (!hour.isBefore(firstHour) && hour.isBefore(to)) {
                    out.add(o);
                }
            }
        }
        return out;
    }

    private List<List<BehaviourEvent>> fetchAll(List<S3Object> objects, int threads) {
        if (threads <= 1 || objects.size() <= 1) {
            List<List<BehaviourEvent>> out = new ArrayList<>(objects.size());
            for (S3Object o : objects) {
                out.add(readObject(o.key()));
            }
            return out;
        }
        ExecutorService pool = Executors.newFixedThreadPool(Math.min(threads, objects.size()), r -> {
            Thread t = new Thread(r, "clean-reader");
            t.setDaemon(true);
            return t;
        });
        try {
            List<Future<List<BehaviourEvent>>> futures = new ArrayList<>(objects.size());
            for (S3Object o : objects) {
                futures.add(pool.submit(() -> readObject(o.key())));
            }
            List<List<BehaviourEvent>> out = new ArrayList<>(objects.size());
            for (Future<List<BehaviourEvent>> f : futures) {
                out.add(f.get());
            }
            return out;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while reading clean objects", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException re) {
                throw re;
            }
            throw new IllegalStateException(e.getCause());
        } finally {
            pool.shutdownNow();
        }
    }

    private static LocalDate day(Instant t) {
        return t.atOffset(ZoneOffset.UTC).toLocalDate();
    }

    private List<BehaviourEvent> readObject(String key) {
        long cpu0 = CPU.getCurrentThreadCpuTime();
        List<BehaviourEvent> out = new ArrayList<>();
        try (InputStream in = new GZIPInputStream(
                s3.getObject(GetObjectRequest.builder().bucket(bucket).key(key).build()), 1 << 16);
             JsonParser p = JSON.createParser(in)) {
            while (p.nextToken() != null) {
                out.add(EventJson.read(p));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + key, e);
        }
        fetchCpu.addAndGet(CPU.getCurrentThreadCpuTime() - cpu0);
        return out;
    }
}
