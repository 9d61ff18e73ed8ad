package dev.propel.functions.datasets;

import java.time.Duration;

/**
 * How the datasets stage keeps its chain of days whole (each day's running stats are built on the previous
 * day's).
 *
 * @param maxGapDays    missing days before a requested day that are built first; a longer gap fails the build,
 *                      naming the missing day (a silent gap would drop those days' users and items for good)
 * @param maxCascadeDays later days rebuilt in one run because a day they depend on changed; when more are stale
 *                      the run fails naming the first one, and a retry carries on from there
 * @param recheckDays   days before the first requested one whose clean inputs are compared with what their last
 *                      build read, so clean objects that landed after it (repairs, redrives) get them rebuilt
 * @param lease         how long the chain lock is held without renewal (renewed after every day; a crashed run's
 *                      lock is taken over once it expires)
 * @param lockPolls     times a build waits {@code pollInterval} for a lock another run holds before failing
 * @param pollInterval  wait between two looks at a held lock
 * @param confirmDelay  wait after taking the lock before reading it back to check it still names this run: long
 *                      enough for a racing conditional PUT that a non-atomic store let through to land (a PUT of a
 *                      few bytes takes milliseconds), far shorter than a poll so an uncontended build barely waits
 */
public record ChainSettings(int maxGapDays, int maxCascadeDays, int recheckDays, Duration lease, int lockPolls,
        Duration pollInterval, Duration confirmDelay) {

    /**
     * The defaults the scheduled function uses: a backfill waits up to 5 minutes for the hourly build; a winner
     * confirms its lock after half a second.
     */
    public static ChainSettings defaults() {
        return new ChainSettings(7, 62, 7, Duration.ofMinutes(15), 60, Duration.ofSeconds(5),
                Duration.ofMillis(500));
    }
}
