package dev.propel.functions.datasets;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.propel.core.features.ItemStatsTable;
import dev.propel.core.features.LatestItemStats;
import dev.propel.core.layout.S3Layout;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.LocalDate;
import java.util.Map;
import java.util.Optional;
import java.util.zip.GZIPInputStream;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CommonPrefix;
import software.amazon.awssdk.services.s3.model.GetObjectRequest;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Request;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;

/**
 * Reads and writes the day partitions of the datasets and stats tables: {@code <prefix>dt=YYYY-MM-DD/part-00000.csv.gz}
 * plus {@code _manifest.json}, the part written first so a manifest never points at a missing file.
 */
final class PartitionStore {
    static final String PART = "part-00000.csv.gz";
    static final String MANIFEST = "_manifest.json";
    static final String ITEMS = "items";
    static final String USERS = "users";
    static final String DAILY = "daily";
    static final String RETENTION = "retention";

    private static final ObjectMapper JSON = new ObjectMapper();

    private final S3Client s3;
    private final String bucket;

    PartitionStore(S3Client s3, String bucket) {
        this.s3 = s3;
        this.bucket = bucket;
    }

    static String partitionPrefix(String tablePrefix, LocalDate day) {
        return tablePrefix + "dt=" + day + "/";
    }

    /** Writes the part then the manifest; returns the part's key. */
    String put(String tablePrefix, LocalDate day, byte[] gzipCsv, Map<String, Object> manifest) {
        String prefix = partitionPrefix(tablePrefix, day);
        String key = prefix + PART;
        s3.putObject(PutObjectRequest.builder().bucket(bucket).key(key).contentType("text/csv")
                .contentEncoding("gzip").build(), RequestBody.fromBytes(gzipCsv));
        putJson(prefix + MANIFEST, manifest);
        return key;
    }

    void putJson(String key, Object value) {
        try {
            s3.putObject(PutObjectRequest.builder().bucket(bucket).key(key).contentType("application/json").build(),
                    RequestBody.fromBytes(JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(value)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The latest partition day of a stats table strictly before {@code day}, if any. */
    Optional<LocalDate> latestBefore(String tablePrefix, LocalDate day) {
        LocalDate best = null;
        for (CommonPrefix p : s3.listObjectsV2Paginator(ListObjectsV2Request.builder().bucket(bucket)
                .prefix(tablePrefix + "dt=").delimiter("/").build()).commonPrefixes()) {
            String dt = p.prefix().substring(tablePrefix.length() + 3, p.prefix().length() - 1);
            LocalDate d;
            try {
                d = LocalDate.parse(dt);
            } catch (RuntimeException notAPartition) {
                continue;
            }
            if (d.isBefore(day) && (best == null || d.isAfter(best))) {
                best = d;
            }
        }
        return Optional.ofNullable(best);
    }

    /** Item stats of the latest partition before {@code day} (empty when there is none). */
    ItemStatsTable itemsBefore(LocalDate day) {
        String table = S3Layout.statsPrefix(ITEMS);
        return latestBefore(table, day).map(d -> {
            try (InputStream in = gunzip(partitionPrefix(table, d) + PART)) {
                return ItemStatsTable.read(in);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }).orElse(ItemStatsTable.empty());
    }

    /** User registry of the latest partition before {@code day} (empty when there is none). */
    UserRegistry usersBefore(LocalDate day) {
        String table = S3Layout.statsPrefix(USERS);
        return latestBefore(table, day).map(d -> {
            try (InputStream in = gunzip(partitionPrefix(table, d) + PART)) {
                return UserRegistry.read(in);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }).orElse(UserRegistry.empty());
    }

    /**
     * Points {@code stats/items/latest.json} at a partition unless it already points at a newer day (rebuilding an
     * old day must not turn serving back in time).
     */
    void updateItemsLatest(LocalDate day, String key, long rows) {
        String latestKey = LatestItemStats.LATEST_KEY;
        try (InputStream in = s3.getObject(GetObjectRequest.builder().bucket(bucket).key(latestKey).build())) {
            JsonNode cur = JSON.readTree(in);
            if (cur.hasNonNull("dt") && LocalDate.parse(cur.get("dt").asText()).isAfter(day)) {
                return;
            }
        } catch (NoSuchKeyException absent) {
            // first partition ever
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        putJson(latestKey, Map.of("key", key, "dt", day.toString(), "rows", rows));
    }

    private InputStream gunzip(String key) throws IOException {
        return new GZIPInputStream(s3.getObject(GetObjectRequest.builder().bucket(bucket).key(key).build()), 1 << 16);
    }
}
