package dev.propel.datasets.spark;

import dev.propel.functions.datasets.BuildSettings;
import java.io.Serializable;
import java.time.Duration;

/**
 * The Lambda builder's tunables in a form that travels to executors ({@link BuildSettings} is a plain record),
 * plus how the job splits a day.
 *
 * @param partBytes clean input (gzip bytes) per output part: a day of {@code n} bytes is computed by
 *                  {@code ceil(n / partBytes)} tasks, each writing one {@code part-NNNNN.csv.gz} of the conversion
 *                  and item tables; a day below it gives exactly the Lambda builder's single {@code part-00000}
 */
public record SparkSettings(long lookBackNanos, long lookAheadNanos, long sessionGapNanos, int maxPrefixes,
        int popularCandidates, int retentionDays, long partBytes) implements Serializable {

    /**
     * 8 MiB of gzip clean input (about 120,000 events) per part: a task of a few seconds, so a day of a million
     * events already keeps eight cores busy, and a day of a billion writes about 8,000 parts of about 10 MB.
     */
    public static final long DEFAULT_PART_BYTES = 8L << 20;

    /** The scheduled function's settings, with the default part size. */
    public static SparkSettings defaults() {
        return of(BuildSettings.defaults(), DEFAULT_PART_BYTES);
    }

    /** The given builder settings with a part size. */
    public static SparkSettings of(BuildSettings s, long partBytes) {
        if (partBytes < 1) {
            throw new IllegalArgumentException("part bytes must be positive, got " + partBytes);
        }
        return new SparkSettings(s.lookBack().toNanos(), s.lookAhead().toNanos(), s.sessionGap().toNanos(),
                s.maxPrefixes(), s.popularCandidates(), s.retentionDays(), partBytes);
    }

    /** The same settings as the Lambda builder's. */
    public BuildSettings build() {
        return new BuildSettings(Duration.ofNanos(lookBackNanos), Duration.ofNanos(lookAheadNanos),
                Duration.ofNanos(sessionGapNanos), maxPrefixes, popularCandidates, retentionDays, 1);
    }

    /** Parts for a day of {@code inputBytes} gzip clean input: at least one. */
    public int parts(long inputBytes) {
        return (int) Math.max(1, Math.min(10_000, (inputBytes + partBytes - 1) / partBytes));
    }
}
