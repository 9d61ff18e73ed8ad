package dev.propel.functions.datasets;

import dev.propel.core.csv.CsvWriter;
import java.time.LocalDate;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The day's {@code stats/retention} partition: for each of the last cohorts (actors by first-seen day), how many
 * came back on the day. Unlike the other tables it is built from the user registry that INCLUDES the day (cohort
 * sizes count the day's new actors, and the registry drops long-unseen ones), so it is derived from
 * {@link UserRegistryUpdate}'s output rather than from the {@link DayInput}.
 */
final class RetentionCohorts {
    static final List<String> COLUMNS =
            List.of("activity_dt", "cohort_dt", "day_n", "cohort_size", "retained_users", "retention_rate");

    private final int retentionDays;

    /** @param retentionDays the oldest cohort reported, in days before the day */
    RetentionCohorts(int retentionDays) {
        this.retentionDays = retentionDays;
    }

    /**
     * @param users  the registry that includes {@code day}
     * @param active the actors active on {@code day}
     */
    CsvPartition build(LocalDate day, UserRegistry users, Collection<String> active) {
        CsvPartition retention = new CsvPartition(COLUMNS);
        Map<LocalDate, Integer> cohortSizes = users.cohortSizes();
        Map<LocalDate, Integer> retained = new TreeMap<>();
        for (String a : active) {
            retained.merge(users.get(a).firstSeen(), 1, Integer::sum);
        }
        for (int n = 0; n <= retentionDays; n++) {
            LocalDate cohort = day.minusDays(n);
            Integer size = cohortSizes.get(cohort);
            if (size == null) {
                continue;
            }
            int kept = retained.getOrDefault(cohort, 0);
            CsvWriter r = retention.row();
            r.field(day.toString()).field(cohort.toString()).field((long) n).field((long) size).field((long) kept)
                    .field(DailyFunnel.rate(kept, size));
            retention.endRow();
        }
        return retention;
    }
}
