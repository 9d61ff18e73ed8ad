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
        for (Instant h = from.truncatedTo(ChronoUnit.HOURS); h.isBefore(to); h = h.plus(1, ChronoUnit.HOURS)) {
            String prefix = S3Layout.CLEAN + S3Layout.partition(h);
            for (S3Object o : s3.listObjectsV2Paginator(
                    ListObjectsV2Request.builder().bucket(bucket).prefix(prefix).build()).contents()) {
                if (!o.key().endsWith(S3Layout.EVENT_OBJECT_SUFFIX)) {
                    continue;
                }
                objects++;
                bytes += o.size();
                lines += readObject(o.key(), events, seen);
            }
        }
        return new Read(events, objects, lines, lines - events.size(), bytes);
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
