package dev.propel.local.demo;

import dev.propel.core.event.BehaviourEvent;
import dev.propel.core.privacy.Pseudonymiser;
import dev.propel.functions.storage.RawEventWriter;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Uploads past traffic as a backfill does: gzip JSON-lines objects put straight into {@code raw/}, one per hour of
 * receipt, in the partition of that hour. Each PUT raises the same S3 notification as an ingest request's object,
 * so preprocessing treats a backfill exactly like live traffic, at a few dozen requests instead of thousands.
 */
final class HistoryUpload {

    /** What was uploaded. */
    record Uploaded(int objects, long events, long bytes) {
    }

    private HistoryUpload() {
    }

    /**
     * Writes the events, grouped by the hour they were received in; each object is stamped with the last receive
     * time of its hour (the events carry their own {@code received_at}, which only the hour of matters downstream).
     *
     * @param history events with {@code received_at} set, in any order
     */
    static Uploaded upload(S3Client s3, String bucket, Pseudonymiser pseudonymiser, List<BehaviourEvent> history) {
        Map<Instant, List<BehaviourEvent>> byHour = new TreeMap<>();
        for (BehaviourEvent e : history) {
            if (e.receivedAt() == null) {
                throw new IllegalArgumentException("a backfilled event needs its received_at: " + e.eventId());
            }
            byHour.computeIfAbsent(e.receivedAt().truncatedTo(ChronoUnit.HOURS), h -> new ArrayList<>()).add(e);
        }
        RawEventWriter writer = new RawEventWriter(s3, bucket, pseudonymiser);
        int objects = 0;
        long events = 0;
        long bytes = 0;
        for (Map.Entry<Instant, List<BehaviourEvent>> hour : byHour.entrySet()) {
            Instant stamp = hour.getValue().stream().map(BehaviourEvent::receivedAt).max(Instant::compareTo)
                    .orElseThrow();
            var stored = writer.write(hour.getValue(), stamp, "backfill-" + hour.getKey().getEpochSecond());
            objects++;
            events += stored.events();
            bytes += stored.bytes();
        }
        return new Uploaded(objects, events, bytes);
    }
}
