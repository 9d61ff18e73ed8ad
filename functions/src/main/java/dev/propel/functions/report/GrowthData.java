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
 * @param policy      off-policy evaluation of the policy in force and of the one learned from the range's
 *                    {@code datasets/decisions/}; empty when the range has no usable decision
 * @param experiments the variants of each experiment found in the range's decisions, compared
 */
public record GrowthData(ReportRange range, Instant generatedAt, List<DailyStats> days,
        List<LocalDate> missingDays, List<RetentionCell> retention, ItemTrends items, Optional<UserTotals> users,
        List<ModelVersion> models, List<DecisionOutcome> decisions, List<String> notes,
        Optional<dev.propel.functions.policy.PolicyLearner.Learned> policy, List<ExperimentComparison> experiments) {
    /** Data without experiments. */
    public GrowthData(ReportRange range, Instant generatedAt, List<DailyStats> days, List<LocalDate> missingDays,
            List<RetentionCell> retention, ItemTrends items, Optional<UserTotals> users, List<ModelVersion> models,
            List<DecisionOutcome> decisions, List<String> notes,
            Optional<dev.propel.functions.policy.PolicyLearner.Learned> policy) {
        this(range, generatedAt, days, missingDays, retention, items, users, models, decisions, notes, policy,
                List.of());
    }

    /** Data without a policy evaluation. */
    public GrowthData(ReportRange range, Instant generatedAt, List<DailyStats> days, List<LocalDate> missingDays,
            List<RetentionCell> retention, ItemTrends items, Optional<UserTotals> users, List<ModelVersion> models,
            List<DecisionOutcome> decisions, List<String> notes) {
        this(range, generatedAt, days, missingDays, retention, items, users, models, decisions, notes,
                Optional.empty());
    }

    public GrowthData {
        days = List.copyOf(days);
        missingDays = List.copyOf(missingDays);
        retention = List.copyOf(retention);
        models = List.copyOf(models);
        decisions = List.copyOf(decisions);
        notes = List.copyOf(notes);
        experiments = List.copyOf(experiments);
    }
}
