package dev.propel.modelbuilder.dataset;

import dev.propel.core.dataset.DatasetManifest;
import dev.propel.core.layout.S3Layout;
import dev.propel.modelbuilder.data.ColumnReport;
import dev.propel.modelbuilder.data.CsvTableLoader;
import dev.propel.modelbuilder.data.Table;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.zip.GZIPInputStream;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Request;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * Reads a task's dataset table from S3: the {@code datasets/<task>/dt=YYYY-MM-DD/} partitions in a date range, each
 * described by its {@code _manifest.json} (label, group, id columns, numeric and categorical features) and holding
 * gzip CSV parts.
 */
public final class DatasetLoader {

    private final S3Client s3;
    private final String bucket;

    public DatasetLoader(S3Client s3, String bucket) {
        this.s3 = s3;
        this.bucket = bucket;
    }

    /**
     * The rows of all partitions from {@code from} to {@code to} inclusive (null = unbounded), in date order.
     *
     * @param table                the rows
     * @param columns              each column's role, from the manifest
     * @param sha256               hash over the parts' contents in order
     * @param range                {@code first..last} partition day read
     * @param partitions           partitions read
     * @param label                the label column
     * @param featureSchemaVersion the manifests' feature schema version
     */
    public record Loaded(Table table, List<ColumnReport> columns, String sha256, String range, int partitions,
                         String label, int featureSchemaVersion) {
        public List<Map<String, Object>> columnMaps() {
            return columns.stream().map(ColumnReport::toMap).toList();
        }
    }

    /** Loads the partitions of {@code task} in the range. */
    public Loaded load(String task, LocalDate from, LocalDate to) throws IOException {
        String prefix = S3Layout.datasetPrefix(task);
        TreeMap<LocalDate, String> manifests = new TreeMap<>();
        // only days whose manifest is written count: the manifest goes last, after the parts it names
        for (S3Object o : s3.listObjectsV2Paginator(ListObjectsV2Request.builder().bucket(bucket)
                .prefix(S3Layout.partitionListPrefix(prefix)).build()).contents()) {
            if (!o.key().endsWith("/" + S3Layout.PARTITION_MANIFEST)) {
                continue;
            }
            String folder = o.key().substring(0, o.key().length() - S3Layout.PARTITION_MANIFEST.length());
            S3Layout.partitionDay(prefix, folder).ifPresent(day -> {
                if ((from == null || !day.isBefore(from)) && (to == null || !day.isAfter(to))) {
                    manifests.put(day, o.key());
                }
            });
        }
        if (manifests.isEmpty()) {
            throw new IllegalArgumentException("no dataset partitions under s3://" + bucket + "/" + prefix
                    + " between " + (from == null ? "the first" : from) + " and " + (to == null ? "the last" : to));
        }
        List<Table> parts = new ArrayList<>();
        List<ColumnReport> columns = null;
        DatasetManifest first = null;
        MessageDigest sha = sha256();
        long offset = 0;
        for (Map.Entry<LocalDate, String> e : manifests.entrySet()) {
            DatasetManifest manifest;
            try {
                manifest = DatasetManifest.fromJson(get(e.getValue()));
            } catch (IllegalArgumentException unreadable) {
                throw new IllegalArgumentException("s3://" + bucket + "/" + e.getValue() + " is "
                        + unreadable.getMessage(), unreadable);
            }
            if (first == null) {
                first = manifest;
            } else if (!first.sameColumnsAs(manifest)) {
                throw new IllegalArgumentException("partition " + e.getKey() + " has different feature columns "
                        + "than " + manifests.firstKey() + "; train on one feature schema version at a time");
            }
            String label = manifest.label();
            String group = manifest.group();
            List<String> ids = manifest.idColumns();
            String item = ids.contains("item_id") && !"item_id".equals(group) ? "item_id" : null;
            // Conversion rows are prefixes of sessions: the first id column (session_key) keeps each session on one
            // side of the splits. Item rows are split by their group already.
            String key = group == null && !ids.isEmpty() ? ids.get(0) : null;
            CsvTableLoader.Options options = new CsvTableLoader.Options(label, null, null, group, item,
                    manifest.numeric(), manifest.categorical(), key);
            String dir = e.getValue().substring(0, e.getValue().lastIndexOf('/') + 1);
            for (String file : manifest.files()) {
                byte[] gz = get(dir + file);
                CsvTableLoader.Loaded loaded = CsvTableLoader.load(() -> gunzip(gz), options);
                sha.update(loaded.sha256().getBytes(StandardCharsets.US_ASCII));
                Table t = loaded.table();
                long[] rows = t.sourceRows();
                for (int i = 0; i < rows.length; i++) {
                    rows[i] += offset;
                }
                offset += t.rows() + loaded.droppedRows();
                parts.add(t);
                if (columns == null) {
                    columns = loaded.columns();
                }
            }
        }
        Table table = Table.concat(parts);
        String range = manifests.firstKey() + ".." + manifests.lastKey();
        return new Loaded(table, columns == null ? List.of() : columns, HexFormat.of().formatHex(sha.digest()), range,
                manifests.size(), first.label(), first.featureSchemaVersion());
    }

    private byte[] get(String key) {
        return s3.getObjectAsBytes(b -> b.bucket(bucket).key(key)).asByteArray();
    }

    private static InputStream gunzip(byte[] gz) {
        try {
            return new GZIPInputStream(new ByteArrayInputStream(gz), 1 << 16);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
