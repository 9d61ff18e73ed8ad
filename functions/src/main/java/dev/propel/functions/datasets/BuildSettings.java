package dev.propel.functions.datasets;

import dev.propel.core.features.Sessioniser;
import java.time.Duration;

/**
 * Tunables of the datasets stage.
 *
 * @param lookBack          clean hours read before a day so sessions that started earlier are whole
 * @param lookAhead         clean hours read after a day to see whether its last sessions go on past midnight
 *                          (then they belong to the next day)
 * @param sessionGap        inactivity that ends a session without {@code session_id}
 * @param maxPrefixes       most conversion rows per session (evenly spaced prefixes, always including the
 *                          longest), so that one bot session of thousands of events does not dominate a day
 * @param popularCandidates most popular items (from earlier windows) added as item-task candidates per session
 * @param retentionDays     largest N of the day-N retention table
 * @param readThreads       clean objects fetched and parsed in parallel (S3 round trips dominate many small
 *                          objects; the result does not depend on it)
 */
public record BuildSettings(Duration lookBack, Duration lookAhead, Duration sessionGap, int maxPrefixes,
        int popularCandidates, int retentionDays, int readThreads) {

    /** The defaults the scheduled function uses. */
    public static BuildSettings defaults() {
        return new BuildSettings(Duration.ofHours(6), Duration.ofHours(1), Sessioniser.DEFAULT_GAP, 32, 10, 30, 16);
    }
}
