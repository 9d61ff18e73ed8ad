package dev.propel.core.features;

import dev.propel.core.csv.CsvReader;
import dev.propel.core.csv.CsvWriter;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.BufferedWriter;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The item stats table ({@code stats/items/dt=…/part-00000.csv.gz}, columns {@link #COLUMNS}): lookup by item id
 * and the most popular items for the popularity fallback. Immutable once built.
 */
public final class ItemStatsTable {
    /** The CSV header, in order. */
    public static final List<String> COLUMNS =
            List.of("item_id", "views", "carts", "purchases", "conversion_rate", "last_seen", "price");

    /** Popularity order: purchases, then carts, then views, descending; ties by item id for determinism. */
    public static final Comparator<ItemStats> POPULARITY = Comparator.comparingLong(ItemStats::purchases)
            .thenComparingLong(ItemStats::carts).thenComparingLong(ItemStats::views).reversed()
            .thenComparing(ItemStats::itemId);

    /**
     * Items not seen for this long before the newest item of the table leave it: callers can send any item id, and
     * a table that only ever grows would grow serving's and the datasets stage's memory until they fail.
     */
    public static final java.time.Duration RETENTION = java.time.Duration.ofDays(180);
    /** At most this many items are kept, the most recently seen (a bound whatever the traffic). */
    public static final int MAX_ITEMS = 1_000_000;

    private static final ItemStatsTable EMPTY = new ItemStatsTable(Map.of(), List.of());

    private final Map<String, ItemStats> byItem;
    private final List<ItemStats> byPopularity;

    private ItemStatsTable(Map<String, ItemStats> byItem, List<ItemStats> byPopularity) {
        this.byItem = byItem;
        this.byPopularity = byPopularity;
    }

    /** A table with no items (no earlier window exists yet). */
    public static ItemStatsTable empty() {
        return EMPTY;
    }

    /** A table of the given rows (item ids must be unique). */
    public static ItemStatsTable of(Collection<ItemStats> rows) {
        Map<String, ItemStats> m = new HashMap<>(rows.size() * 2);
        for (ItemStats s : rows) {
            if (m.put(s.itemId(), s) != null) {
                throw new IllegalArgumentException("duplicate item in stats: " + s.itemId());
            }
        }
        List<ItemStats> sorted = new ArrayList<>(rows);
        sorted.sort(POPULARITY);
        return new ItemStatsTable(m, List.copyOf(sorted));
    }

    /** Reads the CSV (uncompressed stream; wrap a {@code GZIPInputStream} for the stored objects). */
    public static ItemStatsTable read(InputStream csv) {
        CsvReader r = new CsvReader(new BufferedReader(new InputStreamReader(csv, StandardCharsets.UTF_8), 1 << 16));
        List<String> header = r.next();
        if (header == null) {
            return empty();
        }
        int[] idx = new int[COLUMNS.size()];
        for (int i = 0; i < idx.length; i++) {
            idx[i] = header.indexOf(COLUMNS.get(i));
            if (idx[i] < 0 && i < 6) {
                throw new IllegalArgumentException("item stats lack column " + COLUMNS.get(i));
            }
        }
        List<ItemStats> rows = new ArrayList<>();
        for (List<String> f = r.next(); f != null; f = r.next()) {
            if (f.size() == 1 && f.get(0).isEmpty()) {
                continue;
            }
            String price = idx[6] < 0 ? "" : f.get(idx[6]);
            String lastSeen = f.get(idx[5]);
            rows.add(new ItemStats(f.get(idx[0]), Long.parseLong(f.get(idx[1])), Long.parseLong(f.get(idx[2])),
                    Long.parseLong(f.get(idx[3])), Double.parseDouble(f.get(idx[4])),
                    lastSeen.isEmpty() ? null : Instant.parse(lastSeen),
                    price.isEmpty() ? null : Double.valueOf(price)));
        }
        return of(rows);
    }

    /** Writes the table as CSV with header, in popularity order (uncompressed; the caller gzips). */
    public void write(OutputStream out) {
        CsvWriter w = new CsvWriter(new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8), 1 << 16));
        w.record(COLUMNS);
        for (ItemStats s : byPopularity) {
            w.field(s.itemId()).field(s.views()).field(s.carts()).field(s.purchases()).field(s.conversionRate())
                    .field(s.lastSeen() == null ? null : s.lastSeen().toString())
                    .field(s.price() == null ? Double.NaN : s.price());
            w.endRecord();
        }
        w.close();
    }

    /** The stats of an item, or null when the item has never been seen. */
    public ItemStats get(String itemId) {
        return byItem.get(itemId);
    }

    /** The {@code k} most popular items (fewer when the table is smaller). */
    public List<ItemStats> mostPopular(int k) {
        return byPopularity.subList(0, Math.min(k, byPopularity.size()));
    }

    /** All rows in popularity order. */
    public List<ItemStats> rows() {
        return byPopularity;
    }

    public int size() {
        return byItem.size();
    }

    /**
     * This table with another window's counts added per item (the cumulative chain of partitions), bounded: items
     * unseen for {@link #RETENTION} before the newest one leave, and at most {@link #MAX_ITEMS} stay.
     */
    public ItemStatsTable plus(Collection<ItemStats> window) {
        return plus(window, RETENTION, MAX_ITEMS);
    }

    /** {@link #plus(Collection)} with explicit bounds. */
    public ItemStatsTable plus(Collection<ItemStats> window, java.time.Duration retention, int maxItems) {
        Map<String, ItemStats> m = new HashMap<>(byItem);
        for (ItemStats s : window) {
            m.merge(s.itemId(), s, ItemStats::plus);
        }
        Instant newest = null;
        for (ItemStats s : m.values()) {
            if (s.lastSeen() != null && (newest == null || s.lastSeen().isAfter(newest))) {
                newest = s.lastSeen();
            }
        }
        List<ItemStats> kept = new ArrayList<>(m.size());
        Instant cutoff = newest == null ? null : newest.minus(retention);
        for (ItemStats s : m.values()) {
            if (cutoff == null || s.lastSeen() == null || !s.lastSeen().isBefore(cutoff)) {
                kept.add(s);
            }
        }
        if (kept.size() > maxItems) {
            // the most recently seen stay; ties by popularity, then id, so the bytes are deterministic
            Comparator<ItemStats> recent = Comparator.comparing(ItemStats::lastSeen,
                    Comparator.nullsFirst(Comparator.<Instant>naturalOrder())).reversed();
            kept.sort(recent.thenComparing(POPULARITY));
            kept = kept.subList(0, maxItems);
        }
        return of(kept);
    }
}
