package dev.propel.functions.report;

import dev.propel.core.event.BehaviourEvent;
import dev.propel.core.event.EventJson;
import dev.propel.core.event.EventTypes;
import dev.propel.core.layout.S3Layout;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.zip.GZIPInputStream;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Request;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * Measures the outcome of the decide function's decisions: its {@code decision} events (properties
 * {@code action}, {@code band}, {@code explored}) are read from {@code clean/} with the purchases, and a session
 * counts as converted when it purchased within {@link #ATTRIBUTION} after its first decision of that action and
 * band. A purchase is matched by {@code session_id}; a purchase sent without one by its visitor ({@code user_id}
 * or {@code anonymous_id}), since such a client's sessions are cut by inactivity and have no id to match.
 */
final class DecisionReader {
    /** How long after a decision a purchase is credited to it. */
    static final Duration ATTRIBUTION = Duration.ofHours(24);
    // clean/ holds one object per ingest request: S3 latency, not parsing, bounds a sequential read of them
    private static final int THREADS = 8;

    private record Decided(String eventId, String session, String userId, String anonymousId, String action,
            String band, boolean explored, double propensity, Instant at) {
    }

    private record Purchased(String eventId, String sessionId, String userId, String anonymousId, Instant at) {
    }

    /** What one clean object holds of interest. */
    private record Found(List<Decided> decisions, List<Purchased> purchases) {
    }

    private final S3Client s3;
    private final String bucket;

    DecisionReader(S3Client s3, String bucket) {
        this.s3 = s3;
        this.bucket = bucket;
    }

    /**
     * The outcomes of the decisions made in the range (by event time), by action then band. Receive partitions
     * are read up to the day after the range, so a purchase the day after a late-evening decision still counts.
     */
    List<DecisionOutcome> read(ReportRange range) {
        List<String> keys = new ArrayList<>();
        for (LocalDate d = range.from(); !d.isAfter(range.to().plusDays(1)); d = d.plusDays(1)) {
            String prefix = S3Layout.partitionPrefix(S3Layout.CLEAN, d);
            for (S3Object o : s3.listObjectsV2Paginator(ListObjectsV2Request.builder().bucket(bucket)
                    .prefix(prefix).build()).contents()) {
                if (o.key().endsWith(S3Layout.EVENT_OBJECT_SUFFIX)) {
                    keys.add(o.key());
                }
            }
        }
        Instant from = range.from().atStartOfDay(ZoneOffset.UTC).toInstant();
        Instant to = range.to().plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant();
        List<Decided> decisions = new ArrayList<>();
        List<Purchased> purchases = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        // merged in key order, first copy of an event id wins: the result does not depend on thread timing
        for (Found f : fetchAll(keys)) {
            for (Decided d : f.decisions()) {
                if (seen.add(d.eventId()) && !d.at().isBefore(from) && d.at().isBefore(to)) {
                    decisions.add(d);
                }
            }
            for (Purchased p : f.purchases()) {
                if (seen.add(p.eventId())) {
                    purchases.add(p);
                }
            }
        }
        return outcomes(decisions, purchases);
    }

    private static List<DecisionOutcome> outcomes(List<Decided> decisions, List<Purchased> purchases) {
        Map<String, List<Instant>> bySession = new HashMap<>();
        Map<String, List<Instant>> byVisitor = new HashMap<>();
        for (Purchased p : purchases) {
            if (p.sessionId() != null) {
                bySession.computeIfAbsent(p.sessionId(), k -> new ArrayList<>()).add(p.at());
            } else {
                for (String id : new String[] {p.userId(), p.anonymousId()}) {
                    if (id != null) {
                        byVisitor.computeIfAbsent(id, k -> new ArrayList<>()).add(p.at());
                    }
                }
            }
        }
        // the first decision of each (session, action, band): a session decided again and again counts once
        decisions.sort((a, b) -> a.at().compareTo(b.at()));
        Map<String, Decided> first = new HashMap<>();
        for (Decided d : decisions) {
            first.putIfAbsent(d.session() + "\n" + d.action() + "\n" + d.band(), d);
        }
        Map<String, long[]> counts = new TreeMap<>();
        Map<String, double[]> propensity = new HashMap<>();
        for (Decided d : first.values()) {
            String key = d.action() + "\n" + d.band();
            long[] c = counts.computeIfAbsent(key, k -> new long[3]);
            c[0]++;
            c[1] += converted(d, bySession, byVisitor) ? 1 : 0;
            c[2] += d.explored() ? 1 : 0;
            if (Double.isFinite(d.propensity())) {
                double[] p = propensity.computeIfAbsent(key, k -> new double[2]);
                p[0] += d.propensity();
                p[1]++;
            }
        }
        List<DecisionOutcome> out = new ArrayList<>(counts.size());
        counts.forEach((k, c) -> {
            int nl = k.indexOf('\n');
            double[] p = propensity.get(k);
            out.add(new DecisionOutcome(k.substring(0, nl), k.substring(nl + 1), c[0], c[1], c[2],
                    p == null ? Double.NaN : p[0] / p[1]));
        });
        // bands in propensity order within each action (low before high), whatever the policy names them
        out.sort(Comparator.comparing(DecisionOutcome::action).thenComparingDouble(o ->
                Double.isNaN(o.meanPropensity()) ? Double.MAX_VALUE : o.meanPropensity())
                .thenComparing(DecisionOutcome::band));
        return out;
    }

    private static boolean converted(Decided d, Map<String, List<Instant>> bySession,
            Map<String, List<Instant>> byVisitor) {
        Instant until = d.at().plus(ATTRIBUTION);
        List<List<Instant>> candidates = new ArrayList<>(3);
        candidates.add(bySession.getOrDefault(d.session(), List.of()));
        candidates.add(d.userId() == null ? List.of() : byVisitor.getOrDefault(d.userId(), List.of()));
        candidates.add(d.anonymousId() == null ? List.of() : byVisitor.getOrDefault(d.anonymousId(), List.of()));
        for (List<Instant> times : candidates) {
            for (Instant t : times) {
                if (!t.isBefore(d.at()) && !t.isAfter(until)) {
                    return true;
                }
            }
        }
        return false;
    }

    private static double number(String text) {
        try {
            return text == null ? Double.NaN : Double.parseDouble(text);
        } catch (NumberFormatException e) {
            return Double.NaN;
        }
    }

    private List<Found> fetchAll(List<String> keys) {
        if (keys.isEmpty()) {
            return List.of();
        }
        ExecutorService pool = Executors.newFixedThreadPool(Math.min(THREADS, keys.size()), r -> {
            Thread t = new Thread(r, "report-clean-reader");
            t.setDaemon(true);
            return t;
        });
        try {
            List<Future<Found>> futures = new ArrayList<>(keys.size());
            for (String key : keys) {
                futures.add(pool.submit(() -> readObject(key)));
            }
            List<Found> out = new ArrayList<>(keys.size());
            for (Future<Found> f : futures) {
                out.add(f.get());
            }
            return out;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while reading clean objects", e);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException re ? re : new IllegalStateException(e.getCause());
        } finally {
            pool.shutdownNow();
        }
    }

    private Found readObject(String key) {
        List<Decided> decisions = new ArrayList<>();
        List<Purchased> purchases = new ArrayList<>();
        try (InputStream in = new GZIPInputStream(s3.getObject(b -> b.bucket(bucket).key(key)), 1 << 16);
             BufferedReader lines = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                // most events are views: a substring test skips them without parsing JSON; the type is then
                // checked on the parsed event, so a property that merely contains the word changes nothing
                if (!line.contains("\"" + EventTypes.DECISION + "\"")
                        && !line.contains("\"" + EventTypes.PURCHASE + "\"")) {
                    continue;
                }
                BehaviourEvent e;
                try {
                    e = EventJson.parse(line);
                } catch (IllegalArgumentException notAnEvent) {
                    continue; // clean/ holds validated events; a stray line must not cost the whole report
                }
                if (EventTypes.DECISION.equals(e.type())) {
                    Map<String, String> p = e.properties();
                    String session = e.sessionId() != null ? e.sessionId() : "visitor:" + e.actorId();
                    decisions.add(new Decided(e.eventId(), session, e.userId(), e.anonymousId(),
                            p.getOrDefault("action", "unknown"), p.getOrDefault("band", "unknown"),
                            Boolean.parseBoolean(p.get("explored")), number(p.get("propensity")), e.timestamp()));
                } else if (EventTypes.PURCHASE.equals(e.type())) {
                    purchases.add(new Purchased(e.eventId(), e.sessionId(), e.userId(), e.anonymousId(),
                            e.timestamp()));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + key, e);
        }
        return new Found(decisions, purchases);
    }
}
