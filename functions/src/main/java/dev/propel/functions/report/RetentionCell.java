package dev.propel.functions.report;

import java.time.LocalDate;

/**
 * One cell of the retention cohort table: of the {@code cohortSize} visitors first seen on {@code cohort},
 * {@code retained} were active again {@code dayN} days later.
 */
public record RetentionCell(LocalDate cohort, int dayN, long cohortSize, long retained) {
    /** The share retained, 0 when the cohort is empty. */
    public double rate() {
        return cohortSize == 0 ? 0 : (double) retained / cohortSize;
    }
}
