package dev.propel.functions.datasets;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import dev.propel.core.event.BehaviourEvent;
import dev.propel.core.event.EventJson;
import dev.propel.core.layout.S3Layout;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.zip.GZIPInputStream;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectRequest;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Request;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * Reads the {@code clean/} objects of a range of hour partitions and deduplicates their events by
 * {@code event_id} across objects (the first occurrence in key order wins, so the result is deterministic).
 */
final class CleanEventReader {
    private static final JsonFactory JSON = new JsonFactory();

    private final S3Client s3;
    private final String bucket;

    CleanEventReader(S3Client s3, String bucket) {
        this.s3 = s3;
        this.bucket = bucket;
    }

    /** What was read: the distinct events and counts for the report. */
    record Read(List<BehaviourEvent> events, int objects, long lines, long duplicates, long bytes) {
    }

    /** The deduplicated events of the hour partitions from {@code from} (inclusive) to {@code to} (exclusive). */
    Read read(Instant from, Instant to) {
        List<BehaviourEvent> events = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        int objects = 0;
        long lines = 0;
        long bytes = 0;
        // one LIST per day partition (not per hour): the look-back and look-ahead hours filter client-side
        Instant firstHour = from.truncatedTo(ChronoUnit.HOURS);
        for (LocalDate d = day(firstHour); !d.atStartOfDay(ZoneOffset.UTC).toInstant().isAfter(to.minusNanos(1));
                d = d.plusDays(1)) {
            String prefix = S3Layout.CLEAN + "dt=" + d + "/";
            for (S3Object o : s3.listObjectsV2Paginator(
                    ListObjectsV2Request.builder().bucket(bucket).prefix(prefix).build()).contents()) {
                var key = S3Layout.parse(o.key());
                if (key.isEmpty() || !o.key().endsWith(S3Layout.EVENT_OBJECT_SUFFIX)) {
                    continue;
                }
                Instant hour = key.get().day().atStartOfDay(ZoneOffset.UTC).toInstant()
                        .plus(key.get().hour(), ChronoUnit.HOURS);
                if (hour.isBefore(firstHour) || !hour.isBefore(to)) {
                    continue;
                }
                objects++;
                bytes += o.size();
                lines += readObject(o.key(), events, seen);
            }
        }
        return new Read(events, objects, lines, lines - events.size(), bytes);
    }

    private static LocalDate day(Instant t) {
        return t.atOffset(ZoneOffset.UTC).toLocalDate();
    }

    private long readObject(String key, List<BehaviourEvent> out, Set<String> seen) {
        long n = 0;
        try (InputStream in = new GZIPInputStream(
                s3.getObject(GetObjectRequest.builder().bucket(bucket).key(key).build()), 1 << 16);
             JsonParser p = JSON.createParser(in)) {
            while (p.nextToken() != null) {
                BehaviourEvent e = EventJson.read(p);
                n++;
                if (seen.add(e.eventId())) {
                    out.add(e);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + key, e);
        }
        return n;
    }
}
