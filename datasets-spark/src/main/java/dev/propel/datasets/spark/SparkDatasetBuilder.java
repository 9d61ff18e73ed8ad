package dev.propel.datasets.spark;

import dev.propel.core.features.ItemStats;
import dev.propel.core.features.ItemStatsTable;
import dev.propel.core.layout.S3Layout;
import dev.propel.core.model.ModelTask;
import dev.propel.core.sessions.SessionsDataset;
import dev.propel.functions.datasets.CleanEventReader;
import dev.propel.functions.datasets.CsvPartition;
import dev.propel.functions.datasets.DatasetBuilder;
import dev.propel.functions.datasets.DayReport;
import dev.propel.functions.datasets.DayTables;
import dev.propel.functions.datasets.DayTally;
import dev.propel.functions.datasets.PartitionStore;
import dev.propel.functions.datasets.SessionSequencesPartition;
import dev.propel.functions.datasets.UserRegistry;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import java.util.zip.GZIPInputStream;
import org.apache.spark.SparkException;
import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.storage.StorageLevel;
import org.apache.spark.util.LongAccumulator;
import scala.Tuple2;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CommonPrefix;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * The datasets stage on Spark: for each day, the same tables, keys and manifests as the Lambda builder's
 * {@link DatasetBuilder}, computed by executors with the Lambda builder's code.
 *
 * <p>Per day: executors read the clean objects of the day's hours (plus look-back, look-ahead and late days)
 * through s3a and keep the first occurrence of each {@code event_id} in the Lambda builder's read order; one
 * shuffle groups the events by actor (sessions never span actors), and each task sessionises its actors, writes
 * the conversion and item rows into its own {@code part-NNNNN.csv.gz} and tallies the day; a second shuffle groups
 * the day's item events by item for the item counts. The driver then merges what is small (the funnel tally, the
 * item window, at most {@link ItemStatsTable#MAX_ITEMS} items and the user registry, which the Lambda builder caps
 * too) with the same code and writes the stats, the manifests and the {@code stats/items/latest.json} pointer last.
 */
public final class SparkDatasetBuilder {
    private final JavaSparkContext spark;
    private final S3Client s3;
    private final S3aBucket bucket;
    private final SparkSettings settings;
    private final CleanEventReader reader;
    private final PartitionStore store;
    private final DayTables tables;

    /**
     * @param s3     the driver's client for the small objects (listing, stats, manifests, pointers)
     * @param bucket how executors reach the same bucket
     */
    public SparkDatasetBuilder(JavaSparkContext spark, S3Client s3, S3aBucket bucket, SparkSettings settings) {
        this.spark = spark;
        this.s3 = s3;
        this.bucket = bucket;
        this.settings = settings;
        this.reader = new CleanEventReader(s3, bucket.bucket());
        this.store = new PartitionStore(s3, bucket.bucket());
        this.tables = new DayTables(settings.build());
    }

    /** Builds the given days in date order (each day's stats feed the next day's features), as the Lambda does. */
    public List<DayReport> build(List<LocalDate> days, int lateDays) {
        List<LocalDate> sorted = new ArrayList<>(days);
        sorted.sort(null);
        List<DayReport> out = new ArrayList<>(sorted.size());
        for (LocalDate d : sorted) {
            out.add(build(d, lateDays));
        }
        return out;
    }

    /** Builds all tables of one day. */
    public DayReport build(LocalDate day, int lateDays) {
        long t0 = System.nanoTime();
        long cpu0 = processCpuNanos();
        Instant from = day.atStartOfDay(ZoneOffset.UTC).toInstant();
        Instant to = day.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant();
        List<S3Object> objects = reader.objects(from.minus(settings.build().lookBack()),
                to.plus(settings.build().lookAhead()).plus(Duration.ofDays(lateDays)));
        long inputBytes = 0;
        List<Tuple2<Integer, String>> keys = new ArrayList<>(objects.size());
        for (S3Object o : objects) {
            inputBytes += o.size();
            keys.add(new Tuple2<>(keys.size(), o.key()));
        }
        Optional<LocalDate> prevDay = latestBefore(S3Layout.statsPrefix(PartitionStore.USERS), day);
        ItemStatsTable prevItems = latestBefore(S3Layout.statsPrefix(PartitionStore.ITEMS), day)
                .map(this::readItems).orElse(ItemStatsTable.empty());
        UserRegistry prevUsers = prevDay.map(this::readUsers).orElse(UserRegistry.empty());
        long t1 = System.nanoTime();

        int parts = settings.parts(inputBytes);
        // more, smaller shuffle tasks than part files: each holds less in memory at once
        int shuffle = Math.max(parts * 2, spark.defaultParallelism() * 2);
        String conversionPrefix = PartitionStore.partitionPrefix(
                S3Layout.datasetPrefix(ModelTask.CONVERSION.id()), day);
        String itemPrefix = PartitionStore.partitionPrefix(S3Layout.datasetPrefix(ModelTask.ITEM.id()), day);
        S3aBucket b = bucket;
        SparkSettings st = settings;
        LongAccumulator linesRead = spark.sc().longAccumulator("lines read");
        Broadcast<byte[]> prevItemsGzip = spark.broadcast(DayTasks.gzip(prevItems));

        JavaRDD<CleanLine> lines = spark.parallelize(keys, Math.max(1, Math.min(keys.size(), shuffle * 4)))
                .flatMap(k -> {
                    List<CleanLine> l = DayTasks.readObject(b, k._1(), k._2());
                    linesRead.add(l.size());
                    return l.iterator();
                });
        JavaRDD<CleanLine> distinct = lines.mapToPair(l -> new Tuple2<>(idKey(l.eventId()), l))
                .reduceByKey(CleanLine::first, shuffle).values()
                .persist(StorageLevel.MEMORY_AND_DISK_SER());
        JavaPairRDD<String, int[]> histories = prevDay
                .map(d -> spark.parallelize(List.of(PartitionStore.partitionPrefix(
                        S3Layout.statsPrefix(PartitionStore.USERS), d) + PartitionStore.PART), 1)
                        .flatMapToPair(k -> DayTasks.previousHistories(b, k)))
                .orElseGet(() -> JavaPairRDD.fromJavaRDD(spark.<Tuple2<String, int[]>>emptyRDD()));
        JavaRDD<PartitionOutput> outputs = distinct.mapToPair(l -> new Tuple2<>(l.actor(), l))
                .cogroup(histories, parts)
                .mapPartitionsWithIndex((part, groups) -> DayTasks.actors(part, groups, day, st,
                        prevItemsGzip.value(), b, conversionPrefix + partName(part), itemPrefix + partName(part)),
                        false)
                .persist(StorageLevel.MEMORY_AND_DISK_SER());

        List<PartitionOutput> collected = run(() -> outputs
                .filter(o -> !(o instanceof PartitionOutput.SessionText)).collect());
        long sessionLines = run(() -> outputs.filter(o -> o instanceof PartitionOutput.SessionText)
                .mapToPair(o -> new Tuple2<>(((PartitionOutput.SessionText) o).sortKey(),
                        ((PartitionOutput.SessionText) o).json()))
                .sortByKey(true, 1)
                .values()
                .mapPartitions(it -> List.of(DayTasks.writeSessions(it, b, SessionsDataset.partKey(day))).iterator())
                .reduce(Long::sum));
        long fromSecond = from.getEpochSecond();
        long toSecond = to.getEpochSecond();
        List<ItemWindowRow> window = run(() -> distinct
                .filter(l -> l.item() != null && l.epochSecond() >= fromSecond && l.epochSecond() < toSecond)
                .mapToPair(l -> new Tuple2<>(l.item(), l))
                .groupByKey(shuffle)
                .flatMap(g -> DayTasks.itemWindow(g._2(), day))
                .collect());
        long t2 = System.nanoTime();

        DayTally tally = new DayTally(day);
        Map<String, int[]> daySessions = new HashMap<>();
        long distinctEvents = 0;
        int sessions = 0;
        int converting = 0;
        long conversionRows = 0;
        long itemRows = 0;
        int[] partFiles = new int[parts];
        for (PartitionOutput o : collected) {
            if (o instanceof PartitionOutput.PartDay p) {
                tally.merge(p.tally());
                distinctEvents += p.events();
                conversionRows += p.conversionRows();
                itemRows += p.itemRows();
                partFiles[p.part()] = 1;
                // an actor's events are all in one task: its day's sessions come from exactly one part
                p.daySessions().forEach((actor, c) -> daySessions.put(actor, c));
                for (int[] c : p.daySessions().values()) {
                    sessions += c[0];
                    converting += c[1];
                }
            }
        }
        List<ItemStats> windowStats = new ArrayList<>(window.size());
        for (ItemWindowRow r : window) {
            windowStats.add(r.stats());
        }
        ItemStatsTable items = prevItems.plus(windowStats);
        UserRegistry users = prevUsers.plus(day, tally.active(), daySessions);
        CsvPartition daily = DayTables.daily(day, tally, sessions, converting,
                DayTables.newUsers(tally.active(), prevUsers));
        CsvPartition retention = tables.retention(day, users, tally.active());
        CsvPartition usersPart = new CsvPartition(UserRegistry.COLUMNS);
        users.writeTo(usersPart);

        List<String> files = new ArrayList<>(parts);
        for (int p = 0; p < parts; p++) {
            if (partFiles[p] == 1) {
                files.add(partName(p));
            }
        }
        // the parts are written by the executors; manifests name them, stats follow, the pointer goes last
        store.putJson(conversionPrefix + PartitionStore.MANIFEST,
                DatasetBuilder.conversionManifest(day, conversionRows, files));
        removeStaleParts(conversionPrefix, files);
        store.putJson(itemPrefix + PartitionStore.MANIFEST, DatasetBuilder.itemManifest(day, itemRows, files));
        removeStaleParts(itemPrefix, files);
        String itemsKey = store.put(S3Layout.statsPrefix(PartitionStore.ITEMS), day, DayTasks.gzip(items),
                DatasetBuilder.statsManifest(PartitionStore.ITEMS, day, items.size(), ItemStatsTable.COLUMNS));
        store.updateItemsLatest(day, itemsKey, items.size());
        store.put(S3Layout.statsPrefix(PartitionStore.USERS), day, usersPart.finish(),
                DatasetBuilder.statsManifest(PartitionStore.USERS, day, users.size(), UserRegistry.COLUMNS));
        store.put(S3Layout.statsPrefix(PartitionStore.DAILY), day, daily.finish(),
                DatasetBuilder.statsManifest(PartitionStore.DAILY, day, daily.rows(), DatasetBuilder.dailyColumns()));
        store.put(S3Layout.statsPrefix(PartitionStore.RETENTION), day, retention.finish(),
                DatasetBuilder.statsManifest(PartitionStore.RETENTION, day, retention.rows(),
                        DatasetBuilder.retentionColumns()));
        store.putJson(SessionsDataset.manifestKey(day), SessionSequencesPartition.manifest(day, (int) sessionLines));
        distinct.unpersist(false);
        outputs.unpersist(false);
        prevItemsGzip.destroy();
        long t3 = System.nanoTime();
        long lineCount = linesRead.value();
        long cpuMillis = (processCpuNanos() - cpu0) / 1_000_000;
        return new DayReport(day, objects.size(), lineCount, lineCount - distinctEvents, tally.dayEvents(), sessions,
                conversionRows, itemRows, items.size(), users.size(), (t1 - t0) / 1_000_000, (t2 - t1) / 1_000_000,
                (t3 - t2) / 1_000_000, cpuMillis, cpuMillis, "spark");
    }

    /** {@code part-NNNNN.csv.gz}: part 0 has the Lambda builder's name. */
    static String partName(int part) {
        return String.format("part-%05d.csv.gz", part);
    }

    /** Deduplication key: null ids are one id, as in the Lambda builder's set. */
    private static String idKey(String eventId) {
        return eventId == null ? "\u0000" : "i" + eventId;
    }

    /** Parts a bigger earlier build left behind: after the manifest no longer names them, they go. */
    private void removeStaleParts(String prefix, List<String> keep) {
        Set<String> kept = new HashSet<>(keep);
        for (S3Object o : s3.listObjectsV2Paginator(b -> b.bucket(bucket.bucket()).prefix(prefix + "part-"))
                .contents()) {
            if (!kept.contains(o.key().substring(prefix.length()))) {
                s3.deleteObject(d -> d.bucket(bucket.bucket()).key(o.key()));
            }
        }
    }

    /** The latest partition day of a stats table strictly before {@code day}. */
    private Optional<LocalDate> latestBefore(String tablePrefix, LocalDate day) {
        LocalDate best = null;
        for (CommonPrefix p : s3.listObjectsV2Paginator(b -> b.bucket(bucket.bucket()).prefix(tablePrefix + "dt=")
                .delimiter("/")).commonPrefixes()) {
            LocalDate d;
            try {
                d = LocalDate.parse(p.prefix().substring(tablePrefix.length() + 3, p.prefix().length() - 1));
            } catch (RuntimeException notAPartition) {
                continue;
            }
            if (d.isBefore(day) && (best == null || d.isAfter(best))) {
                best = d;
            }
        }
        return Optional.ofNullable(best);
    }

    private ItemStatsTable readItems(LocalDate d) {
        try (InputStream in = gunzip(PartitionStore.partitionPrefix(S3Layout.statsPrefix(PartitionStore.ITEMS), d)
                + PartitionStore.PART)) {
            return ItemStatsTable.read(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private UserRegistry readUsers(LocalDate d) {
        try (InputStream in = gunzip(PartitionStore.partitionPrefix(S3Layout.statsPrefix(PartitionStore.USERS), d)
                + PartitionStore.PART)) {
            return UserRegistry.read(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private InputStream gunzip(String key) throws IOException {
        return new GZIPInputStream(s3.getObject(g -> g.bucket(bucket.bucket()).key(key)), 1 << 16);
    }

    /**
     * Runs a Spark action; a task's failure surfaces as the exception the Lambda builder would have thrown (the
     * same type and message, e.g. {@code cannot read <key>} for a malformed clean line), not Spark's wrapper.
     */
    private static <T> T run(Supplier<T> action) {
        try {
            return action.get();
        } catch (Exception e) { // Spark's Java API throws its checked SparkException undeclared
            throw unwrap(e);
        }
    }

    static RuntimeException unwrap(Exception e) {
        Throwable t = e;
        while (t instanceof SparkException || (t != null && t.getClass().getName().startsWith("org.apache.spark."))) {
            t = t.getCause();
        }
        if (t instanceof RuntimeException r) {
            return r;
        }
        return new IllegalStateException(e.getMessage(), e);
    }

    private static long processCpuNanos() {
        var os = ManagementFactory.getOperatingSystemMXBean();
        return os instanceof com.sun.management.OperatingSystemMXBean sun ? sun.getProcessCpuTime() : 0;
    }
}
