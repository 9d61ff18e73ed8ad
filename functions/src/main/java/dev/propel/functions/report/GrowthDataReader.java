package dev.propel.functions.report;

import dev.propel.core.layout.S3Layout;
import dev.propel.functions.policy.ActionCosts;
import dev.propel.functions.policy.DecisionLog;
import dev.propel.functions.policy.LoggedDecision;
import dev.propel.functions.policy.NoDecisionsException;
import dev.propel.functions.policy.OffPolicyEvaluator;
import dev.propel.functions.policy.OutcomeMetric;
import dev.propel.functions.policy.PolicyLearner;
import dev.propel.functions.serving.DecisionPolicy;
import dev.propel.functions.serving.Experiments;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.function.Supplier;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;

/**
 * Gathers a report's {@link GrowthData} from the bucket: {@code stats/daily}, {@code stats/retention},
 * {@code stats/items} and {@code stats/users} partitions, the models' report history and the decisions' outcomes.
 * Each part is read on its own: one that cannot be read becomes a note on the page, not a failed report.
 */
final class GrowthDataReader {
    /** Items listed in the top and rising tables. */
    static final int ITEMS_SHOWN = 10;
    /** Fewest recent interactions for an item to count as rising (one view more is noise, not a trend). */
    static final long MIN_RISING_INTERACTIONS = 3;
    /** Bootstrap resamples of the report's policy evaluation: the report runs daily, the CLI takes 400. */
    static final int POLICY_RESAMPLES = 200;

    private final StatsReader stats;
    private final ModelHistoryReader models;
    private final DecisionReader decisions;
    private final S3Client s3;
    private final String bucket;

    GrowthDataReader(S3Client s3, String bucket) {
        this.s3 = s3;
        this.bucket = bucket;
        this.stats = new StatsReader(s3, bucket);
        this.models = new ModelHistoryReader(s3, bucket);
        this.decisions = new DecisionReader(s3, bucket);
    }

    GrowthData read(ReportRange range, Instant generatedAt) {
        List<String> notes = new ArrayList<>();
        List<DailyStats> days = new ArrayList<>();
        List<LocalDate> missing = new ArrayList<>();
        TreeSet<LocalDate> dailyDays = part(notes, "the daily funnel", () -> stats.partitions(StatsReader.DAILY),
                new TreeSet<>());
        for (LocalDate d : range.days()) {
            Optional<DailyStats> row = dailyDays.contains(d)
                    ? part(notes, "the daily funnel of " + d, () -> stats.daily(d), Optional.empty())
                    : Optional.empty();
            row.ifPresentOrElse(days::add, () -> missing.add(d));
        }
        List<RetentionCell> retention = part(notes, "retention", () -> retention(range), List.of());
        ItemTrends items = part(notes, "item stats", () -> items(range, notes), ItemTrends.none(window(range)));
        Optional<UserTotals> users = part(notes, "the user registry", () -> users(range), Optional.empty());
        List<ModelVersion> history = part(notes, "the model history", () -> models.read(notes::add), List.of());
        List<DecisionOutcome> outcomes = part(notes, "the decision events", () -> decisions.read(range),
                List.of());
        List<LoggedDecision> logs = part(notes, "the decisions dataset",
                () -> new DecisionLog(s3, bucket).read(range.from(), range.to()), List.of());
        Optional<PolicyLearner.Learned> policy = part(notes, "the decisions dataset", () -> policy(range, logs),
                Optional.empty());
        List<ExperimentComparison> experiments = part(notes, "the experiments' decisions",
                () -> ExperimentComparison.of(logs, variantOrder(notes), ActionCosts.DEFAULT,
                        range.to().toEpochDay()), List.of());
        return new GrowthData(range, generatedAt, days, missing, retention, items, users, history, outcomes,
                notes, policy, experiments);
    }

    /**
     * The variants of each running experiment in {@code config/experiments.json} order, so its first variant is
     * the reference; empty when no document is there (ended experiments are still compared from their decisions).
     */
    private Map<String, List<String>> variantOrder(List<String> notes) {
        byte[] document;
        try {
            document = s3.getObjectAsBytes(b -> b.bucket(bucket).key(Experiments.KEY)).asByteArray();
        } catch (NoSuchKeyException e) {
            return Map.of();
        }
        try {
            Map<String, List<String>> order = new HashMap<>();
            for (Experiments.Experiment e : Experiments.fromJson(document).experiments()) {
                order.put(e.id(), e.variants().stream().map(Experiments.Variant::name).toList());
            }
            return order;
        } catch (IllegalArgumentException e) {
            notes.add(Experiments.KEY + " is invalid (" + e.getMessage() + "); variants are compared with"
                    + " 'control', else the first by name");
            return Map.of();
        }
    }

    /**
     * The policy in force and the one learned from the range's decisions, evaluated off-policy on them (net
     * revenue per decided session); empty when there is no usable decision.
     */
    private Optional<PolicyLearner.Learned> policy(ReportRange range, List<LoggedDecision> logs) {
        DecisionPolicy current;
        try {
            current = DecisionPolicy.fromJson(s3.getObjectAsBytes(b -> b.bucket(bucket).key(S3Layout.policyKey()))
                    .asByteArray());
        } catch (NoSuchKeyException e) {
            current = DecisionPolicy.DEFAULT;
        }
        try {
            return Optional.of(new PolicyLearner(new OffPolicyEvaluator(OutcomeMetric.NET_REVENUE,
                    ActionCosts.DEFAULT, POLICY_RESAMPLES, 1)).learn(logs, current, 0.1, "learned-" + range.to()));
        } catch (NoDecisionsException e) {
            return Optional.empty();
        }
    }

    /** The days compared for rising items: a week, or half the range when it is shorter (at least one day). */
    static int window(ReportRange range) {
        return Math.max(1, Math.min(7, range.length() / 2));
    }

    private List<RetentionCell> retention(ReportRange range) {
        TreeSet<LocalDate> present = stats.partitions(StatsReader.RETENTION);
        List<RetentionCell> cells = new ArrayList<>();
        for (LocalDate d : range.days()) {
            if (!present.contains(d)) {
                continue;
            }
            for (RetentionCell c : stats.retention(d)) {
                if (range.contains(c.cohort()) && c.cohort().plusDays(c.dayN()).equals(d)) {
                    cells.add(c);
                }
            }
        }
        return cells;
    }

    private ItemTrends items(ReportRange range, List<String> notes) {
        int w = window(range);
        TreeSet<LocalDate> present = stats.partitions(StatsReader.ITEMS);
        LocalDate asOf = present.floor(range.to());
        if (asOf == null) {
            return ItemTrends.none(w);
        }
        if (asOf.isBefore(range.to())) {
            notes.add("Item stats end on " + asOf + ", before the end of the range.");
        }
        // the partitions are cumulative: a period's counts are the difference of the partitions at its two ends
        Map<LocalDate, Map<String, ItemActivity>> cache = new HashMap<>();
        Map<String, ItemActivity> end = cumulative(present, range.to(), cache);
        Map<String, ItemActivity> beforeRange = cumulative(present, range.from().minusDays(1), cache);
        List<ItemActivity> top = new ArrayList<>();
        for (ItemActivity a : end.values()) {
            ItemActivity period = a.minus(beforeRange.get(a.itemId()));
            if (period.interactions() > 0) {
                top.add(period);
            }
        }
        top.sort(Comparator.comparingLong(ItemActivity::purchases).thenComparingLong(ItemActivity::carts)
                .thenComparingLong(ItemActivity::views).reversed().thenComparing(ItemActivity::itemId));
        LocalDate recentStart = range.to().minusDays(w);
        boolean hasEarlier = present.floor(recentStart) != null;
        List<RisingItem> rising = new ArrayList<>();
        if (hasEarlier) {
            Map<String, ItemActivity> mid = cumulative(present, recentStart, cache);
            Map<String, ItemActivity> start = cumulative(present, recentStart.minusDays(w), cache);
            for (ItemActivity a : end.values()) {
                ItemActivity m = mid.get(a.itemId());
                long recent = a.minus(m).interactions();
                long previous = m == null ? 0 : m.minus(start.get(a.itemId())).interactions();
                if (recent >= MIN_RISING_INTERACTIONS && recent > previous) {
                    rising.add(new RisingItem(a.itemId(), recent, previous));
                }
            }
            rising.sort(Comparator.comparingLong(RisingItem::growth).thenComparingLong(RisingItem::recent)
                    .reversed().thenComparing(RisingItem::itemId));
        }
        return new ItemTrends(top.subList(0, Math.min(ITEMS_SHOWN, top.size())),
                rising.subList(0, Math.min(ITEMS_SHOWN, rising.size())), w, asOf, hasEarlier);
    }

    /** The cumulative counts as of {@code day}: the latest partition on or before it (none = empty). */
    private Map<String, ItemActivity> cumulative(TreeSet<LocalDate> present, LocalDate day,
            Map<LocalDate, Map<String, ItemActivity>> cache) {
        LocalDate d = present.floor(day);
        return d == null ? Map.of() : cache.computeIfAbsent(d, stats::items);
    }

    private Optional<UserTotals> users(ReportRange range) {
        LocalDate d = stats.partitions(StatsReader.USERS).floor(range.to());
        return d == null ? Optional.empty() : Optional.of(stats.users(d));
    }

    /** One part of the report; when it cannot be read the page says so and shows the rest. */
    private static <T> T part(List<String> notes, String what, Supplier<T> read, T fallback) {
        try {
            return read.get();
        } catch (RuntimeException e) {
            notes.add("Could not read " + what + ": " + e.getMessage());
            return fallback;
        }
    }
}
