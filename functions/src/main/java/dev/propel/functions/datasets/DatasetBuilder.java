package dev.propel.functions.datasets;

import dev.propel.core.dataset.DatasetManifest;
import dev.propel.core.dataset.TableManifest;
import dev.propel.core.features.FeatureSchema;
import dev.propel.core.features.ItemStatsTable;
import dev.propel.core.layout.S3Layout;
import dev.propel.core.model.ModelTask;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;
import java.util.zip.GZIPOutputStream;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Stage 2 of preprocessing: for each day, reads {@code clean/} (with look-back and look-ahead hours), cuts
 * sessions and writes {@code datasets/conversion/}, {@code datasets/item/}, {@code datasets/sessions/} (the item
 * sequences recall and the reranker are built from), {@code stats/items/} (and its
 * {@code latest.json}), {@code stats/users/}, {@code stats/daily/} and {@code stats/retention/} partitions of that
 * day. Every object is a function of the clean objects and the previous stats partitions, so rebuilding a day
 * rewrites the same bytes.
 */
public final class DatasetBuilder {
    private static final ThreadMXBean CPU = ManagementFactory.getThreadMXBean();

    private final S3Client s3;
    private final String bucket;
    private final CleanEventReader reader;
    private final PartitionStore store;
    private final DayTables tables;
    private final BuildSettings settings;
    private final ChainSettings chain;
    private final Clock clock;

    /** The deployed chain rules, the lock's lease on the system clock. */
    public DatasetBuilder(S3Client s3, String bucket, BuildSettings settings) {
        this(s3, bucket, settings, ChainSettings.defaults(), Clock.systemUTC());
    }

    /** Given chain rules and the clock the lock's lease is measured on. */
    public DatasetBuilder(S3Client s3, String bucket, BuildSettings settings, ChainSettings chain, Clock clock) {
        this.s3 = s3;
        this.bucket = bucket;
        this.reader = new CleanEventReader(s3, bucket);
        this.store = new PartitionStore(s3, bucket);
        this.tables = new DayTables(settings);
        this.settings = settings;
        this.chain = chain;
        this.clock = clock;
    }

    /** Builds the days in order (each day's stats feed the next day's item features). */
    public List<DayReport> build(List<LocalDate> days) {
        return build(days, 0);
    }

    /**
     * Builds the given days in date order, each also reading the clean partitions received up to
     * {@code lateDays} days after it (events that arrived late), under the chain lock and with whatever days the
     * chain needs around them ({@link DayChain}): answers every day built, in order, each with its trigger.
     */
    public List<DayReport> build(List<LocalDate> days, int lateDays) {
        String run = UUID.randomUUID().toString();
        ChainLock lock = new ChainLock(s3, bucket, clock, chain, run);
        lock.acquire();
        try {
            return new DayChain(store, reader, settings, chain, this::buildDay).build(days, lateDays, run,
                    lock::renew);
        } finally {
            lock.release();
        }
    }

    /** Builds all tables of one day. */
    public DayReport build(LocalDate day) {
        return build(day, 0);
    }

    /** Builds all tables of one day, reading {@code lateDays} more days of received partitions for late events. */
    public DayReport build(LocalDate day, int lateDays) {
        for (DayReport r : build(List.of(day), lateDays)) {
            if (r.day().equals(day)) {
                return r;
            }
        }
        throw new IllegalStateException(day + " was not built");
    }

    /** Builds one day on the given previous stats; the commit record is written last. */
    private DayChain.Built buildDay(LocalDate day, int lateDays, DayChain.Previous previous, String run,
            String trigger) {
        long t0 = System.nanoTime();
        long c0 = CPU.getCurrentThreadCpuTime();
        Instant[] range = DayChain.cleanRange(settings, day, lateDays);
        CleanEventReader.Read read = reader.read(range[0], range[1], settings.readThreads());
        var prevItems = previous.items();
        var prevUsers = previous.users();
        long t1 = System.nanoTime();
        long c1 = CPU.getCurrentThreadCpuTime();
        DayTables.Output o = tables.build(day, read.events(), prevItems, prevUsers);
        byte[] conversion = o.conversion().finish();
        byte[] item = o.item().finish();
        byte[] items = gzip(o.items());
        CsvPartition usersPart = new CsvPartition(UserRegistry.COLUMNS);
        o.users().writeTo(usersPart);
        byte[] users = usersPart.finish();
        byte[] daily = o.daily().finish();
        byte[] retention = o.retention().finish();
        SessionSequencesPartition sessions = SessionSequencesPartition.of(day, o.daySessions());
        long t2 = System.nanoTime();
        long c2 = CPU.getCurrentThreadCpuTime();

        store.put(S3Layout.datasetPrefix(ModelTask.CONVERSION.id()), day, conversion,
                conversionManifest(day, o.conversion().rows(), List.of(PartitionStore.PART)));
        store.put(S3Layout.datasetPrefix(ModelTask.ITEM.id()), day, item,
                itemManifest(day, o.item().rows(), List.of(PartitionStore.PART)));
        PartitionStore.Written itemsPart = store.write(S3Layout.statsPrefix(PartitionStore.ITEMS), day, items,
                statsManifest(PartitionStore.ITEMS, day, o.items().size(),
                        ItemStatsTable.COLUMNS));
        store.updateItemsLatest(day, itemsPart.key(), o.items().size());
        PartitionStore.Written usersWritten = store.write(S3Layout.statsPrefix(PartitionStore.USERS), day, users,
                statsManifest(PartitionStore.USERS, day, o.users().size(), UserRegistry.COLUMNS));
        store.put(S3Layout.statsPrefix(PartitionStore.DAILY), day, daily,
                statsManifest(PartitionStore.DAILY, day, o.daily().rows(), DayTables.DAILY_COLUMNS));
        store.put(S3Layout.statsPrefix(PartitionStore.RETENTION), day, retention,
                statsManifest(PartitionStore.RETENTION, day, o.retention().rows(), DayTables.RETENTION_COLUMNS));
        sessions.writeTo(s3, bucket);
        DecisionOutcomes.writeDay(store, day, read.events(), settings);
        // the commit record last: until it is written the day counts as not built, and it names the parts it is
        // made of, so a reader never pairs them with another run's
        DayMarker marker = new DayMarker(day, previous.day(), previous.itemsETag(), previous.usersETag(),
                itemsPart.eTag(), usersWritten.eTag(), lateDays, read.objects(), read.fingerprint());
        store.putMarker(marker);
        long t3 = System.nanoTime();
        long c3 = CPU.getCurrentThreadCpuTime();
        return new DayChain.Built(new DayReport(day, read.objects(), read.lines(), read.duplicates(), o.dayEvents(),
                o.sessions(), o.conversion().rows(), o.item().rows(), o.items().size(), o.users().size(),
                (t1 - t0) / 1_000_000, (t2 - t1) / 1_000_000, (t3 - t2) / 1_000_000,
                (c2 - c1) / 1_000_000, (c3 - c0 + read.fetchCpuNanos()) / 1_000_000, trigger), marker);
    }

    /** The manifest of a {@code datasets/conversion} partition made of {@code files} (public for the Spark job). */
    public static DatasetManifest conversionManifest(LocalDate day, long rows, List<String> files) {
        return new DatasetManifest(ModelTask.CONVERSION.id(), day, rows, FeatureSchema.VERSION, DayTables.LABEL, null,
                DayTables.CONVERSION_IDS, FeatureSchema.numericNames(FeatureSchema.CONVERSION),
                FeatureSchema.categoricalNames(FeatureSchema.CONVERSION), files);
    }

    /** The manifest of a {@code datasets/item} partition made of {@code files} (public for the Spark job). */
    public static DatasetManifest itemManifest(LocalDate day, long rows, List<String> files) {
        return new DatasetManifest(ModelTask.ITEM.id(), day, rows, FeatureSchema.VERSION, DayTables.LABEL,
                "session_key", DayTables.ITEM_IDS, FeatureSchema.numericNames(FeatureSchema.ITEM),
                FeatureSchema.categoricalNames(FeatureSchema.ITEM), files);
    }

    /** Columns of {@code stats/daily} and {@code stats/retention} (public for the Spark job). */
    public static List<String> dailyColumns() {
        return DayTables.DAILY_COLUMNS;
    }

    public static List<String> retentionColumns() {
        return DayTables.RETENTION_COLUMNS;
    }

    /** The manifest of a {@code stats/<table>} partition (public for the Spark job). */
    public static TableManifest statsManifest(String table, LocalDate day, long rows, List<String> columns) {
        return TableManifest.stats(table, day, rows, FeatureSchema.VERSION, columns, List.of(PartitionStore.PART));
    }

    private static byte[] gzip(ItemStatsTable table) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(1 << 16);
        try (GZIPOutputStream gz = CsvPartition.gzip(bytes)) {
            table.write(gz);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }
}
