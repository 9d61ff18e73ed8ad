package dev.propel.testkit;

import dev.propel.core.event.BehaviourEvent;
import dev.propel.core.layout.S3Layout;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Puts events into a bucket as the preprocess stage leaves them, so the datasets stage can run on simulated or
 * hand-made events without going through ingest: one {@code clean/} object per hour partition.
 */
public final class CleanObjects {
    private CleanObjects() {
    }

    /**
     * Writes {@code events} as {@code clean/dt=.../hour=.../<name>.jsonl.gz}, partitioned by receive time (event time
     * for events that have none); answers the keys written, in partition order.
     */
    public static List<String> put(S3Client s3, String bucket, String name, List<BehaviourEvent> events) {
        Map<String, List<BehaviourEvent>> byPartition = new TreeMap<>();
        for (BehaviourEvent e : events) {
            Instant at = e.receivedAt() != null ? e.receivedAt() : e.timestamp();
            byPartition.computeIfAbsent(S3Layout.partition(at), k -> new ArrayList<>()).add(e);
        }
        List<String> keys = new ArrayList<>();
        byPartition.forEach((partition, list) -> {
            String key = S3Layout.CLEAN + partition + name + S3Layout.EVENT_OBJECT_SUFFIX;
            s3.putObject(b -> b.bucket(bucket).key(key), RequestBody.fromBytes(GzipJsonLines.events(list)));
            keys.add(key);
        });
        return keys;
    }
}
