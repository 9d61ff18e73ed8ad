package dev.propel.functions.report;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.propel.functions.policy.ActionCosts;
import dev.propel.functions.policy.LoggedDecision;
import dev.propel.functions.policy.OffPolicyEvaluator;
import dev.propel.functions.policy.OutcomeMetric;
import dev.propel.functions.policy.PolicyLearner;
import dev.propel.functions.serving.DecisionPolicy;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The growth report's off-policy section: the policy in force against the one learned from the range. */
class GrowthReportPolicyTest {
    private static final ReportRange RANGE = ReportRange.ending(LocalDate.of(2026, 11, 7));
    private static final Instant AT = Instant.parse("2026-11-08T03:00:00Z");

    private static GrowthData data(Optional<PolicyLearner.Learned> policy) {
        return new GrowthData(RANGE, AT, List.of(), RANGE.days(), List.of(), ItemTrends.none(7), Optional.empty(),
                List.of(), List.of(), List.of(), policy);
    }

    @Test
    void theLearnedPolicyIsShownWithItsIntervalAndNotes() {
        // mobile sessions buy more after a discount, desktop ones after nothing; 30 % of each logged at random
        List<LoggedDecision> logs = new ArrayList<>();
        for (int i = 0; i < 160; i++) {
            String segment = i % 2 == 0 ? "mobile" : "desktop";
            String action = i % 4 < 2 ? "offer_discount" : "none";
            boolean bought = segment.equals("mobile") == action.equals("offer_discount") ? i % 5 < 2 : i % 10 == 0;
            logs.add(new LoggedDecision("d" + i, AT.minusSeconds(i * 60L), "s" + i, "low", segment, 0.1, action,
                    0.5, true, "default", bought, bought ? 50 : 0, true));
        }
        DecisionPolicy current = new DecisionPolicy("default", 0.1,
                List.of(new DecisionPolicy.Band("low", 0, 1, "none")), List.of("offer_discount", "none"));
        PolicyLearner.Learned learned = new PolicyLearner(new OffPolicyEvaluator(OutcomeMetric.NET_REVENUE,
                ActionCosts.DEFAULT, 100, 1)).learn(logs, current, 0.1, "learned");
        String html = GrowthReportPage.render(data(Optional.of(learned)));
        GrowthReportPageTest.assertClean(html);
        assertTrue(html.contains("<section id=\"policy\"><h2>How another policy would have done</h2>"), html);
        assertTrue(html.contains("estimated from 160 logged decisions"), html);
        assertTrue(html.contains("in force (default)"), html);
        assertTrue(html.contains("low: none, mobile → offer_discount"), html);
        assertTrue(html.contains("Note: only 160 decisions: the intervals are rough."), html);
    }

    @Test
    void withoutDecisionsItSaysSo() {
        String html = GrowthReportPage.render(data(Optional.empty()));
        GrowthReportPageTest.assertClean(html);
        assertTrue(html.contains("No decision in this range has a final outcome in datasets/decisions/ yet"), html);
    }
}
