package dev.propel.functions.report;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;

/**
 * Everything one growth report shows, read from the bucket: the typed input of {@link GrowthReportPage}.
 *
 * @param days        the {@code stats/daily} rows of the days that have one, in date order
 * @param missingDays days of the range without a {@code stats/daily} partition
 * @param retention   cohort cells whose cohort day is within the range
 * @param decisions   measured decision outcomes; empty when no decision was logged in the range
 * @param notes       what could not be read, in words (shown on the page; the report never fails on it)
 */
public record GrowthData(ReportRange range, Instant generatedAt, List<DailyStats> days,
        List<LocalDate> missingDays, List<RetentionCell> retention, ItemTrends items, Optional<UserTotals> users,
        List<ModelVersion> models, List<DecisionOutcome> decisions, List<String> notes) {
    public GrowthData {
        days = List.copyOf(days);
        missingDays = List.copyOf(missingDays);
        retention = List.copyOf(retention);
        models = List.copyOf(models);
        decisions = List.copyOf(decisions);
        notes = List.copyOf(notes);
    }
}
