package dev.propel.functions.model;

import dev.propel.core.features.ItemStatsTable;
import dev.propel.core.features.LatestItemStats;
import dev.propel.core.log.JsonLog;
import java.time.Duration;
import java.util.Optional;
import java.util.function.LongSupplier;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The item stats serving ranks and computes item features with: {@code stats/items/latest.json} names the newest
 * partition, which is loaded at cold start and re-read when the pointer's ETag changes (checked at most once per
 * refresh interval, on the request path). Without stats the table is empty: ranking then works from the caller's
 * candidates and the session alone.
 */
public final class ItemStatsStore {
    private final S3Client s3;
    private final String bucket;
    private final RefreshGate gate;
    private final JsonLog log;
    private volatile ItemStatsTable table = ItemStatsTable.empty();
    private volatile String partition;
    private String etag;

    public ItemStatsStore(S3Client s3, String bucket, Duration refreshInterval, JsonLog log) {
        this(s3, bucket, refreshInterval, System::nanoTime, log);
    }

    ItemStatsStore(S3Client s3, String bucket, Duration refreshInterval, LongSupplier nanoClock, JsonLog log) {
        this.s3 = s3;
        this.bucket = bucket;
        this.gate = new RefreshGate(refreshInterval, nanoClock);
        this.log = log;
    }

    /** Key of the pointer to the newest stats partition. */
    public static String pointerKey() {
        return LatestItemStats.LATEST_KEY;
    }

    /** The current table (empty when no stats were published). */
    public ItemStatsTable current() {
        gate.refreshIfDue(this::refresh);
        return table;
    }

    /** The stats object the table was read from, or null. */
    public String partition() {
        return partition;
    }

    /** Makes the next request re-check the pointer. */
    public void checkOnNextRequest() {
        gate.dueNow();
    }

    private void refresh() {
        long started = System.nanoTime();
        String pointer = pointerKey();
        try {
            String tag = ObjectETag.head(s3, bucket, pointer);
            if (tag == null) {
                if (etag == null) {
                    log.warn("no item stats published; popularity fallback is empty").with("key", pointer).log();
                }
                return;
            }
            if (tag.equals(etag)) {
                return;
            }
            Optional<LatestItemStats> latest = LatestItemStats.load(s3, bucket);
            if (latest.isEmpty()) {
                return;
            }
            ItemStatsTable fresh = latest.get().table();
            String key = latest.get().key();
            table = fresh;
            partition = key;
            etag = tag;
            log.info("item stats loaded").with("key", key).with("items", fresh.size())
                    .with("load_ms", (System.nanoTime() - started) / 1_000_000).log();
        } catch (RuntimeException e) {
            log.error("item stats not loaded, keeping previous").with("key", pointer).with("reason", e.toString())
                    .with("items", table.size()).log();
        }
    }
}
