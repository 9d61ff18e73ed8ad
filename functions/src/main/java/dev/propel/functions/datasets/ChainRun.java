package dev.propel.functions.datasets;

import dev.propel.core.features.ItemStatsTable;
import dev.propel.core.layout.S3Layout;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The day chain for a day builder outside this package (the Spark job): the same lock, the same choice of days
 * (missing previous days, stale and cascading ones, see {@link DayChain}) and the same commit record
 * ({@code stats/_chain/dt=D.json}) as {@link DatasetBuilder}, so the hourly function and the Spark job never build
 * the chain at once and neither rebuilds a day the other committed.
 */
public final class ChainRun {
    /**
     * The previous day's running stats a day is built on, read at the ETags its commit record names.
     *
     * @param day the previous day, null when the day starts the chain (empty stats)
     */
    public record Previous(LocalDate day, ItemStatsTable items, UserRegistry users) {
    }

    /** Builds one day's objects on the given previous stats (the commit record is written after it returns). */
    public interface DayBuild {
        DayReport build(LocalDate day, int lateDays, Previous previous, String trigger);
    }

    private final S3Client s3;
    private final String bucket;
    private final BuildSettings settings;
    private final ChainSettings chain;
    private final Clock clock;
    private final PartitionStore store;
    private final CleanEventReader reader;

    public ChainRun(S3Client s3, String bucket, BuildSettings settings, ChainSettings chain, Clock clock) {
        this.s3 = s3;
        this.bucket = bucket;
        this.settings = settings;
        this.chain = chain;
        this.clock = clock;
        this.store = new PartitionStore(s3, bucket);
        this.reader = new CleanEventReader(s3, bucket);
    }

    /**
     * Builds the given days in date order with whatever days the chain needs around them, holding the chain lock
     * (renewed after every day) and writing each day's commit record last; answers every day built, in order.
     */
    public List<DayReport> build(List<LocalDate> days, int lateDays, DayBuild dayBuild) {
        String run = UUID.randomUUID().toString();
        ChainLock lock = new ChainLock(s3, bucket, clock, chain, run);
        lock.acquire();
        try {
            return new DayChain(store, reader, settings, chain, (day, late, previous, r, trigger) -> {
                Instant[] range = DayChain.cleanRange(settings, day, late);
                // fingerprinted before the build lists its inputs: an object landing in between is read but not
                // fingerprinted, so a later recheck rebuilds the day (never the reverse, a day that misses it)
                String fingerprint = reader.fingerprint(range[0], range[1]);
                int objects = reader.objects(range[0], range[1]).size();
                DayReport report = dayBuild.build(day, late,
                        new Previous(previous.day(), previous.items(), previous.users()), trigger);
                DayMarker marker = new DayMarker(day, previous.day(), previous.itemsETag(), previous.usersETag(),
                        store.partETag(S3Layout.statsPrefix(PartitionStore.ITEMS), day),
                        store.partETag(S3Layout.statsPrefix(PartitionStore.USERS), day), late, objects, fingerprint);
                store.putMarker(marker);
                return new DayChain.Built(report, marker);
            }).build(days, lateDays, run, lock::renew);
        } finally {
            lock.release();
        }
    }
}
