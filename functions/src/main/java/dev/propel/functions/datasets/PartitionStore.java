package dev.propel.functions.datasets;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.propel.core.dataset.PartitionManifest;
import dev.propel.core.features.ItemStatsTable;
import dev.propel.core.features.LatestItemStats;
import dev.propel.core.layout.S3Layout;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.DateTimeException;
import java.time.LocalDate;
import java.util.Optional;
import java.util.TreeSet;
import java.util.zip.GZIPInputStream;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CommonPrefix;
import software.amazon.awssdk.services.s3.model.GetObjectRequest;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Request;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * Reads and writes the day partitions of the datasets and stats tables: {@code <prefix>dt=YYYY-MM-DD/part-00000.csv.gz}
 * plus {@code _manifest.json}, the part written first so a manifest never points at a missing file.
 */
public final class PartitionStore {
    public static final String PART = "part-00000.csv.gz";
    public static final String MANIFEST = S3Layout.PARTITION_MANIFEST;
    public static final String ITEMS = "items";
    public static final String USERS = "users";
    public static final String DAILY = "daily";
    public static final String RETENTION = "retention";
    /** The chain's commit records and lock (underscore: outside every table, skipped by Athena). */
    static final String CHAIN = S3Layout.STATS + "_chain/";

    private static final ObjectMapper JSON = new ObjectMapper();

    private final S3Client s3;
    private final String bucket;

    public PartitionStore(S3Client s3, String bucket) {
        this.s3 = s3;
        this.bucket = bucket;
    }

    /** A written part: its key and the ETag S3 gave it. */
    record Written(String key, String eTag) {
    }

    /** Writes the part then the manifest; returns the part's key. */
    public String put(String tablePrefix, LocalDate day, byte[] gzipCsv, PartitionManifest manifest) {
        return write(tablePrefix, day, gzipCsv, manifest).key();
    }

    /** Writes the part then the manifest; returns the part's key and ETag. */
    Written write(String tablePrefix, LocalDate day, byte[] gzipCsv, PartitionManifest manifest) {
        if (!manifest.dt().equals(day)) {
            throw new IllegalArgumentException("the manifest of " + manifest.dt() + " cannot describe " + day);
        }
        String prefix = S3Layout.partitionPrefix(tablePrefix, day);
        String key = prefix + PART;
        String eTag = s3.putObject(PutObjectRequest.builder().bucket(bucket).key(key).contentType("text/csv")
                .contentEncoding("gzip").build(), RequestBody.fromBytes(gzipCsv)).eTag();
        putManifest(tablePrefix, manifest);
        return new Written(key, eTag);
    }

    /** Writes a day's manifest, for parts written elsewhere (the Spark job's executors); call it after them. */
    public void putManifest(String tablePrefix, PartitionManifest manifest) {
        s3.putObject(PutObjectRequest.builder().bucket(bucket)
                        .key(S3Layout.partitionManifestKey(tablePrefix, manifest.dt()))
                        .contentType("application/json").build(), RequestBody.fromBytes(manifest.toJson()));
    }

    public void putJson(String key, Object value) {
        try {
            s3.putObject(PutObjectRequest.builder().bucket(bucket).key(key).contentType("application/json").build(),
                    RequestBody.fromBytes(JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(value)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The partition days of a table, oldest first. */
    TreeSet<LocalDate> days(String tablePrefix) {
        TreeSet<LocalDate> out = new TreeSet<>();
        for (CommonPrefix p : s3.listObjectsV2Paginator(ListObjectsV2Request.builder().bucket(bucket)
                .prefix(S3Layout.partitionListPrefix(tablePrefix)).delimiter("/").build()).commonPrefixes()) {
            S3Layout.partitionDay(tablePrefix, p.prefix()).ifPresent(out::add); // a stray folder is not a day
        }
        return out;
    }

    /** Item stats of a day's partition, as the part with that ETag (any part when {@code eTag} is null). */
    ItemStatsTable items(LocalDate day, String eTag) {
        try (InputStream in = gunzip(S3Layout.partitionPrefix(S3Layout.statsPrefix(ITEMS), day) + PART, eTag)) {
            return ItemStatsTable.read(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** User registry of a day's partition, as the part with that ETag (any part when {@code eTag} is null). */
    UserRegistry users(LocalDate day, String eTag) {
        try (InputStream in = gunzip(S3Layout.partitionPrefix(S3Layout.statsPrefix(USERS), day) + PART, eTag)) {
            return UserRegistry.read(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The ETag of a day's part of a table, null when there is none. */
    String partETag(String tablePrefix, LocalDate day) {
        try {
            return s3.headObject(h -> h.bucket(bucket).key(S3Layout.partitionPrefix(tablePrefix, day) + PART)).eTag();
        } catch (NoSuchKeyException absent) {
            return null;
        }
    }

    static String markerKey(LocalDate day) {
        return CHAIN + S3Layout.DAY_KEY + day + ".json";
    }

    /** The day's commit record, if the day was built since records exist. */
    Optional<DayMarker> marker(LocalDate day) {
        try {
            byte[] bytes = s3.getObjectAsBytes(g -> g.bucket(bucket).key(markerKey(day))).asByteArray();
            return Optional.of(DayMarker.of(JSON.readTree(bytes)));
        } catch (NoSuchKeyException absent) {
            return Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    void putMarker(DayMarker marker) {
        putJson(markerKey(marker.day()), marker.toMap());
    }

    /**
     * Points {@code stats/items/latest.json} at a partition unless it already points at a newer day (rebuilding an
     * old day must not turn serving back in time). The pointer is replaced with {@code If-Match} on the ETag read
     * (created with {@code If-None-Match}), so a writer that does not hold the chain lock cannot move it backwards
     * either: a lost race re-reads and decides again.
     */
    public void updateItemsLatest(LocalDate day, String key, long rows) {
        String latestKey = LatestItemStats.LATEST_KEY;
        for (int attempt = 0; ; attempt++) {
            String eTag = null;
            try {
                var r = s3.getObjectAsBytes(GetObjectRequest.builder().bucket(bucket).key(latestKey).build());
                eTag = r.response().eTag();
                JsonNode cur = JSON.readTree(r.asByteArray());
                if (cur.hasNonNull("dt") && LocalDate.parse(cur.get("dt").asText()).isAfter(day)) {
                    return;
                }
                if (cur.path("dt").asText("").equals(day.toString()) && cur.path("key").asText("").equals(key)
                        && cur.path("rows").asLong(-1) == rows) {
                    return; // already there (a retried write of ours landed)
                }
            } catch (NoSuchKeyException absent) {
                // first partition ever
            } catch (IOException | DateTimeException unreadable) {
                // an unreadable pointer is replaced (conditionally, on the ETag read)
            }
            PutObjectRequest.Builder b = PutObjectRequest.builder().bucket(bucket).key(latestKey)
                    .contentType("application/json");
            if (eTag == null) {
                b.ifNoneMatch("*");
            } else {
                b.ifMatch(eTag);
            }
            try {
                s3.putObject(b.build(), RequestBody.fromBytes(
                        JSON.writeValueAsBytes(new ItemsPointer(key, day.toString(), rows))));
                return;
            } catch (S3Exception e) {
                if (e.statusCode() != 412 || attempt >= 20) {
                    throw e;
                }
            } catch (SdkClientException e) {
                // the outcome is unknown (a failed precondition answered before the body was read can look like a
                // broken write): read the pointer again and decide again
                if (attempt >= 20) {
                    throw e;
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    private InputStream gunzip(String key, String eTag) throws IOException {
        try {
            return new GZIPInputStream(s3.getObject(GetObjectRequest.builder().bucket(bucket).key(key).ifMatch(eTag)
                    .build()), 1 << 16);
        } catch (S3Exception e) {
            if (e.statusCode() == 412) {
                throw new IllegalStateException(key + " is no longer the part its day's chain record names ("
                        + eTag + "): another run rewrote it", e);
            }
            throw e;
        }
    }

    /** The body of {@code stats/items/latest.json}; a record so that rebuilding a day writes the same bytes. */
    private record ItemsPointer(String key, String dt, long rows) {
    }
}
