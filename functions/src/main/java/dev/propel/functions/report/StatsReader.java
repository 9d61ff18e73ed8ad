package dev.propel.functions.report;

import dev.propel.core.layout.S3Layout;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.zip.GZIPInputStream;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CommonPrefix;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Request;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;

/**
 * Reads the day partitions the datasets stage writes under {@code stats/} (gzip CSV, {@code dt=YYYY-MM-DD/
 * part-00000.csv.gz}) into the report's records. A partition that does not exist reads as empty.
 */
final class StatsReader {
    static final String DAILY = "daily";
    static final String RETENTION = "retention";
    static final String ITEMS = "items";
    static final String USERS = "users";
    private static final String PART = "part-00000.csv.gz";

    private final S3Client s3;
    private final String bucket;

    StatsReader(S3Client s3, String bucket) {
        this.s3 = s3;
        this.bucket = bucket;
    }

    /** The days that have a partition of {@code table}, from one listing (no GET per missing day). */
    TreeSet<LocalDate> partitions(String table) {
        String tablePrefix = S3Layout.statsPrefix(table);
        TreeSet<LocalDate> days = new TreeSet<>();
        for (CommonPrefix p : s3.listObjectsV2Paginator(ListObjectsV2Request.builder().bucket(bucket)
                .prefix(S3Layout.partitionListPrefix(tablePrefix)).delimiter("/").build()).commonPrefixes()) {
            S3Layout.partitionDay(tablePrefix, p.prefix()).ifPresent(days::add); // a stray folder is not a partition
        }
        return days;
    }

    /** The day's funnel row, empty when the partition or its row is missing. */
    Optional<DailyStats> daily(LocalDate day) {
        List<DailyStats> rows = new ArrayList<>(1);
        read(DAILY, day, r -> rows.add(new DailyStats(day, r.count("events"), r.count("sessions"),
                r.count("converting_sessions"), r.count("users"), r.count("new_users"), r.count("returning_users"),
                r.count("viewers"), r.count("carters"), r.count("buyers"), r.count("purchases"),
                r.number("revenue"), r.rate("view_to_cart_rate"), r.rate("cart_to_purchase_rate"))));
        return rows.stream().findFirst();
    }

    /** The retention rows measured on {@code day} (one per earlier cohort), as cells. */
    List<RetentionCell> retention(LocalDate day) {
        List<RetentionCell> cells = new ArrayList<>();
        read(RETENTION, day, r -> {
            try {
                cells.add(new RetentionCell(LocalDate.parse(r.text("cohort_dt")), (int) r.count("day_n"),
                        r.count("cohort_size"), r.count("retained_users")));
            } catch (DateTimeParseException badRow) {
                // a row without a cohort day cannot be placed in the table
            }
        });
        return cells;
    }

    /** The cumulative item counts of the partition of {@code day}, by item id. */
    Map<String, ItemActivity> items(LocalDate day) {
        Map<String, ItemActivity> items = new HashMap<>();
        read(ITEMS, day, r -> {
            String id = r.text("item_id");
            if (!id.isEmpty()) {
                items.put(id, new ItemActivity(id, r.count("views"), r.count("carts"), r.count("purchases")));
            }
        });
        return items;
    }

    /** Totals of the user registry partition of {@code day}. */
    UserTotals users(LocalDate day) {
        long[] t = new long[4];
        read(USERS, day, r -> {
            t[0]++;
            long buying = r.count("buying_sessions");
            t[1] += buying >= 1 ? 1 : 0;
            t[2] += buying >= 2 ? 1 : 0;
            t[3] += r.count("active_days") >= 2 ? 1 : 0;
        });
        return new UserTotals(day, t[0], t[1], t[2], t[3]);
    }

    private void read(String table, LocalDate day, java.util.function.Consumer<CsvRows.Row> each) {
        String key = S3Layout.partitionPrefix(S3Layout.statsPrefix(table), day) + PART;
        try (InputStream in = new GZIPInputStream(s3.getObject(b -> b.bucket(bucket).key(key)), 1 << 16)) {
            CsvRows.read(in, each);
        } catch (NoSuchKeyException missing) {
            // listed but not (or no longer) there: nothing to read
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + key, e);
        }
    }
}
