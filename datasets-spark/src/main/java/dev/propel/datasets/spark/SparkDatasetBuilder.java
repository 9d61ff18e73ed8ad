package dev.propel.datasets.spark;

import dev.propel.core.features.ItemStats;
import dev.propel.core.features.ItemStatsTable;
import dev.propel.core.layout.S3Layout;
import dev.propel.core.model.ModelTask;
import dev.propel.core.sessions.SessionsDataset;
import dev.propel.functions.datasets.ChainRun;
import dev.propel.functions.datasets.ChainSettings;
import dev.propel.functions.datasets.CleanEventReader;
import dev.propel.functions.datasets.CsvPartition;
import dev.propel.functions.datasets.DatasetBuilder;
import dev.propel.functions.datasets.DayReport;
import dev.propel.functions.datasets.DayTables;
import dev.propel.functions.datasets.DayTally;
import dev.propel.functions.datasets.DecisionOutcomes;
import dev.propel.functions.datasets.PartitionStore;
import dev.propel.functions.datasets.SessionSequencesPartition;
import dev.propel.functions.datasets.UserRegistry;
import dev.propel.functions.policy.LoggedDecision;
import java.lang.management.ManagementFactory;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import org.apache.spark.SparkException;
import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.storage.StorageLevel;
import org.apache.spark.util.LongAccumulator;
import scala.Tuple2;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * The datasets stage on Spark: for each day, the same tables, keys and manifests as the Lambda builder's
 * {@link DatasetBuilder}, computed by executors with the Lambda builder's code.
 *
 * <p>Per day: executors read the clean objects of the day's hours (plus look-back, look-ahead and late days)
 * through s3a and keep the first occurrence of each {@code event_id} in the Lambda builder's read order; a sort
 * shuffle by actor, then read order (sessions never span actors) lets each task stream its actors one at a time,
 * sessionise them, write the conversion and item rows into its own {@code part-NNNNN.csv.gz} and tally the day; a
 * second sort shuffle by item streams the day's item events for the item counts. The days and their previous stats
 * come from the Lambda builder's day chain ({@link ChainRun}): the same lock and commit records. The driver then merges what is small (the funnel tally, the
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
    private final ChainRun chain;

    /**
     * The deployed chain rules, the chain lock's lease on the system clock.
     *
     * @param s3     the driver's client for the small objects (listing, stats, manifests, pointers)
     * @param bucket how executors reach the same bucket
     */
    public SparkDatasetBuilder(JavaSparkContext spark, S3Client s3, S3aBucket bucket, SparkSettings settings) {
        this(spark, s3, bucket, settings, ChainSettings.defaults(), Clock.systemUTC());
    }

    /** Given chain rules and the clock the chain lock's lease is measured on. */
    public SparkDatasetBuilder(JavaSparkContext spark, S3Client s3, S3aBucket bucket, SparkSettings settings,
            ChainSettings chainSettings, Clock clock) {
        this.spark = spark;
        this.s3 = s3;
        this.bucket = bucket;
        this.settings = settings;
        this.reader = new CleanEventReader(s3, bucket.bucket());
        this.store = new PartitionStore(s3, bucket.bucket());
        this.tables = new DayTables(settings.build());
        this.chain = new ChainRun(s3, bucket.bucket(), settings.build(), chainSettings, clock);
    }

    /**
     * Builds the given days in date order (each day's stats feed the next day's features) under the day chain's
     * lock, with the days the chain needs around them, each followed by its commit record: as the Lambda does.
     */
    public List<DayReport> build(List<LocalDate> days, int lateDays) {
        return chain.build(days, lateDays, this::buildDay);
    }

    /** Builds all tables of one day (and the days the chain needs before it). */
    public DayReport build(LocalDate day, int lateDays) {
        for (DayReport r : build(List.of(day), lateDays)) {
            if (r.day().equals(day)) {
                return r;
            }
        }
        throw new IllegalStateException(day + " was not built");
    }

    /** Builds all tables of one day on the previous day's stats the chain hands over. */
    private DayReport buildDay(LocalDate day, int lateDays, ChainRun.Previous previous, String trigger) {
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
        Optional<LocalDate> prevDay = Optional.ofNullable(previous.day());
        ItemStatsTable prevItems = previous.items();
        UserRegistry prevUsers = previous.users();
        long t1 = System.nanoTime();

        int parts = settings.parts(inputBytes);
        // more, smaller shuffle tasks than part files: each holds less in memory at once
        int shuffle = Math.max(parts * 2, spark.defaultParallelism() * 2);
        String conversionPrefix = S3Layout.partitionPrefix(S3Layout.datasetPrefix(ModelTask.CONVERSION.id()), day);
        String itemPrefix = S3Layout.partitionPrefix(S3Layout.datasetPrefix(ModelTask.ITEM.id()), day);
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
        // not cached: the readers of the distinct events re-read the dedup shuffle's files, which Spark keeps,
        // rather than holding a day of events in the storage memory that the shuffles need
        JavaRDD<CleanLine> distinct = lines.mapToPair(l -> new Tuple2<>(idKey(l.eventId()), l))
                .reduceByKey(CleanLine::first, shuffle).values();
        JavaPairRDD<GroupKey, ActorRecord> histories = prevDay
                .map(d -> spark.parallelize(List.of(S3Layout.partitionPrefix(
                        S3Layout.statsPrefix(PartitionStore.USERS), d) + PartitionStore.PART), 1)
                        .flatMapToPair(k -> DayTasks.previousHistories(b, k)))
                .orElseGet(() -> JavaPairRDD.fromJavaRDD(spark.<Tuple2<GroupKey, ActorRecord>>emptyRDD()));
        // a decision's outcome is final against the newest event of the whole window, not of its actor: one cheap
        // max over the deduplicated events before the actor step, as the Lambda builder takes it over all it read
        Instant newest = run(() -> distinct.map(l -> Instant.ofEpochSecond(l.epochSecond(), l.nano()))
                .fold(Instant.MIN, (a, c) -> a.isAfter(c) ? a : c));
        // a sort shuffle by (actor, read order), partitioned by actor: each task streams its actors one at a time
        // (sessions never span actors) and Spark spills the rest, instead of a cogroup holding a part in memory
        JavaRDD<PartitionOutput> outputs = distinct
                .mapToPair(l -> new Tuple2<GroupKey, ActorRecord>(new GroupKey(l.actor(), l.ordinal()), l))
                .union(histories)
                .repartitionAndSortWithinPartitions(new GroupKey.ByGroup(parts), new GroupKey.Order())
                .mapPartitionsWithIndex((part, sorted) -> DayTasks.actors(part, sorted, day, st, newest,
                        prevItemsGzip.value(), b, conversionPrefix + partName(part), itemPrefix + partName(part)),
                        false)
                .persist(StorageLevel.DISK_ONLY());

        // first the sessions dataset: its job runs every actor task (in parallel) and keeps their outputs on disk
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
                .mapToPair(l -> new Tuple2<>(new GroupKey(l.item(), l.ordinal()), l))
                .repartitionAndSortWithinPartitions(new GroupKey.ByGroup(shuffle), new GroupKey.Order())
                .mapPartitions(sorted -> DayTasks.itemWindows(sorted, day))
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
        List<LoggedDecision> decisions = new ArrayList<>();
        // one task's share at a time (the outputs are on disk): the driver never holds all of them at once (the
        // decision rows it keeps are the day's decisions table, which the Lambda builder holds whole too)
        Iterator<PartitionOutput> collected = run(() -> outputs
                .filter(o -> !(o instanceof PartitionOutput.SessionText)).toLocalIterator());
        while (collected.hasNext()) {
            PartitionOutput o = collected.next();
            if (o instanceof PartitionOutput.DecisionRow d) {
                decisions.add(LoggedDecision.fromFields(d.fields()));
            } else if (o instanceof PartitionOutput.PartDay p) {
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
        store.putManifest(S3Layout.datasetPrefix(ModelTask.CONVERSION.id()),
                DatasetBuilder.conversionManifest(day, conversionRows, files));
        removeStaleParts(conversionPrefix, files);
        store.putManifest(S3Layout.datasetPrefix(ModelTask.ITEM.id()),
                DatasetBuilder.itemManifest(day, itemRows, files));
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
        store.putManifest(SessionsDataset.prefix(), SessionSequencesPartition.manifest(day, (int) sessionLines));
        // after the sessions dataset, as the Lambda builder writes it; the chain's commit record follows
        DecisionOutcomes.writePartition(store, day, decisions);
        outputs.unpersist(false);
        prevItemsGzip.destroy();
        long t3 = System.nanoTime();
        long lineCount = linesRead.value();
        long cpuMillis = (processCpuNanos() - cpu0) / 1_000_000;
        return new DayReport(day, objects.size(), lineCount, lineCount - distinctEvents, tally.dayEvents(), sessions,
                conversionRows, itemRows, items.size(), users.size(), (t1 - t0) / 1_000_000, (t2 - t1) / 1_000_000,
                (t3 - t2) / 1_000_000, cpuMillis, cpuMillis, trigger);
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
