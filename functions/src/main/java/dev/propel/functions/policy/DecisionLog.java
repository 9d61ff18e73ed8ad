package dev.propel.functions.policy;

import dev.propel.core.csv.CsvReader;
import dev.propel.core.layout.S3Layout;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.zip.GZIPInputStream;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CommonPrefix;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Request;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;

/** Reads the {@code datasets/decisions/} partitions of a range of days from the bucket. */
public final class DecisionLog {
    /** The table's prefix, {@code datasets/decisions/}. */
    public static final String PREFIX = S3Layout.datasetPrefix("decisions");
    private static final String PART = "part-00000.csv.gz";

    private final S3Client s3;
    private final String bucket;

    public DecisionLog(S3Client s3, String bucket) {
        this.s3 = s3;
        this.bucket = bucket;
    }

    /** The days that have a partition, ascending. */
    public List<LocalDate> days() {
        TreeSet<LocalDate> days = new TreeSet<>();
        for (CommonPrefix p : s3.listObjectsV2Paginator(ListObjectsV2Request.builder().bucket(bucket)
                .prefix(S3Layout.partitionListPrefix(PREFIX)).delimiter("/").build()).commonPrefixes()) {
            // a folder that is not a day partition is not ours to read
            S3Layout.partitionDay(PREFIX, p.prefix()).ifPresent(days::add);
        }
        return List.copyOf(days);
    }

    /**
     * The decisions of the days {@code from}..{@code to} (inclusive; null = unbounded), in day order.
     *
     * @throws IllegalArgumentException when a partition holds a row that cannot be read, naming it
     */
    public List<LoggedDecision> read(LocalDate from, LocalDate to) {
        List<LoggedDecision> out = new ArrayList<>();
        for (LocalDate day : days()) {
            if ((from != null && day.isBefore(from)) || (to != null && day.isAfter(to))) {
                continue;
            }
            String key = S3Layout.partitionPrefix(PREFIX, day) + PART;
            try (ResponseInputStream<GetObjectResponse> in = s3.getObject(b -> b.bucket(bucket).key(key));
                 CsvReader csv = new CsvReader(new InputStreamReader(new GZIPInputStream(in),
                         StandardCharsets.UTF_8))) {
                List<String> header = csv.next();
                if (header == null || !(header.equals(LoggedDecision.COLUMNS)
                        || header.equals(LoggedDecision.COLUMNS_V1))) {
                    throw new IllegalArgumentException(key + " does not have the columns of a decisions table");
                }
                List<String> row;
                int line = 1;
                while ((row = csv.next()) != null) {
                    line++;
                    try {
                        out.add(LoggedDecision.fromFields(row));
                    } catch (IllegalArgumentException e) {
                        throw new IllegalArgumentException(key + " row " + line + ": " + e.getMessage(), e);
                    }
                }
            } catch (NoSuchKeyException e) {
                // a partition whose part is gone (being rewritten): nothing to read for that day
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return out;
    }
}
