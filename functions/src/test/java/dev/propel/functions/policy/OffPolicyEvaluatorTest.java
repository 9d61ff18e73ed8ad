package dev.propel.functions.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.propel.functions.serving.DecisionPolicy;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The estimators on small logs whose estimates are computed by hand in the comments. */
class OffPolicyEvaluatorTest {
    private static final Instant AT = Instant.parse("2026-11-02T10:00:00Z");
    private static final OffPolicyEvaluator CONVERSION =
            new OffPolicyEvaluator(OutcomeMetric.CONVERSION, ActionCosts.DEFAULT, 200, 7);
    /** Always offer the discount, no exploration. */
    private static final DecisionPolicy ALWAYS_DISCOUNT = new DecisionPolicy("always-discount", 0,
            List.of(new DecisionPolicy.Band("all", 0, 1, "offer_discount")), List.of("offer_discount", "none"));

    static LoggedDecision decision(double propensity, String action, double probability, boolean purchased,
                                   boolean complete) {
        return new LoggedDecision("d-" + action + propensity + Math.random(), AT, "s", "low", "mobile", propensity,
                action, probability, false, "logging", purchased, purchased ? 40.0 : 0.0, complete);
    }

    /** Five decisions of a uniform logging policy over two actions (μ = 0.5), all in one bin and segment. */
    static List<LoggedDecision> fiveDecisions() {
        return List.of(
                decision(0.1, "none", 0.5, false, true),
                decision(0.1, "none", 0.5, true, true),
                decision(0.1, "offer_discount", 0.5, true, true),
                decision(0.1, "offer_discount", 0.5, false, true),
                decision(0.1, "offer_discount", 0.5, true, true));
    }

    @Test
    void estimatesOfAlwaysDiscountingOnFiveDecisions() {
        PolicyEvaluation e = CONVERSION.evaluate(fiveDecisions(), ALWAYS_DISCOUNT);
        // weights w = π/μ: 0 for the two "none" rows, 1/0.5 = 2 for the three discount rows
        // IPS = (2·1 + 2·0 + 2·1) / 5 = 0.8
        assertEquals(0.8, e.estimate(OffPolicyEvaluator.IPS).orElseThrow().value(), 1e-12);
        // SNIPS = 4 / (2 + 2 + 2) = 2/3
        assertEquals(2.0 / 3, e.estimate(OffPolicyEvaluator.SNIPS).orElseThrow().value(), 1e-12);
        // ESS = (Σw)² / Σw² = 6² / 12 = 3
        assertEquals(3.0, e.effectiveSampleSize(), 1e-12);
        assertEquals(2.0, e.maxWeight(), 1e-12);
        // the logging policy's own conversion: 3 of 5
        assertEquals(0.6, e.loggedValue(), 1e-12);
        assertEquals(5, e.decisions());
        for (Estimate est : e.estimates()) {
            assertTrue(est.low() <= est.value() && est.value() <= est.high(), est.toString());
        }
        assertTrue(e.warnings().stream().anyMatch(w -> w.contains("only 5 decisions")), e.warnings().toString());
    }

    @Test
    void doublyRobustOnABalancedLogIsIpsWhateverTheModel() {
        // three decisions per action at the same propensity and segment, μ = 0.5 each; the candidate explores
        // half the time: π(discount) = 0.5 + 0.5/2 = 0.75, π(none) = 0.25, so w = 1.5 on discount rows, 0.5 else.
        // With one context, DR = Σ_a π_a·m_a + (1/n)·Σ w·y − (1/n)·Σ w·m_{a_i}, and the last term is
        // (1/6)·(3·1.5·m_d + 3·0.5·m_n) = 0.75·m_d + 0.25·m_n, which cancels the first: DR = IPS for any model.
        // IPS = (1.5·(1 + 0 + 1) + 0.5·(0 + 1 + 0)) / 6 = 3.5 / 6
        List<LoggedDecision> logs = List.of(
                decision(0.1, "none", 0.5, false, true),
                decision(0.1, "none", 0.5, true, true),
                decision(0.1, "none", 0.5, false, true),
                decision(0.1, "offer_discount", 0.5, true, true),
                decision(0.1, "offer_discount", 0.5, false, true),
                decision(0.1, "offer_discount", 0.5, true, true));
        DecisionPolicy explores = new DecisionPolicy("explores", 0.5,
                List.of(new DecisionPolicy.Band("all", 0, 1, "offer_discount")), List.of("offer_discount", "none"));
        PolicyEvaluation e = CONVERSION.evaluate(logs, explores);
        assertEquals(3.5 / 6, e.estimate(OffPolicyEvaluator.IPS).orElseThrow().value(), 1e-12);
        assertEquals(3.5 / 6, e.doublyRobust().value(), 1e-12);
        // SNIPS divides by Σw = 3·1.5 + 3·0.5 = 6 = n: the same here
        assertEquals(3.5 / 6, e.estimate(OffPolicyEvaluator.SNIPS).orElseThrow().value(), 1e-12);
    }

    @Test
    void theDirectModelLearnsEachActionsRate() {
        // 1,000 decisions per action at propensity 0.1: 30 % buy after a discount, 10 % after nothing
        List<LoggedDecision> logs = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            logs.add(decision(0.1, "offer_discount", 0.5, i % 10 < 3, true));
            logs.add(decision(0.1, "none", 0.5, i % 10 < 1, true));
        }
        PolicyEvaluation e = CONVERSION.evaluate(logs, ALWAYS_DISCOUNT);
        assertEquals(0.3, e.estimate(OffPolicyEvaluator.DM).orElseThrow().value(), 0.005);
        assertEquals(0.3, e.doublyRobust().value(), 1e-3);
    }

    @Test
    void netMetricsChargeTheDiscount() {
        OffPolicyEvaluator net = new OffPolicyEvaluator(OutcomeMetric.NET_REVENUE, ActionCosts.DEFAULT, 200, 7);
        PolicyEvaluation e = net.evaluate(fiveDecisions(), ALWAYS_DISCOUNT);
        // each discounted purchase of 40 keeps 85 %: IPS = (2·34 + 0 + 2·34) / 5 = 27.2
        assertEquals(27.2, e.estimate(OffPolicyEvaluator.IPS).orElseThrow().value(), 1e-9);
        // the logged value: (0 + 40 + 34 + 0 + 34) / 5 = 21.6
        assertEquals(21.6, e.loggedValue(), 1e-9);
    }

    @Test
    void decisionsWithoutOutcomeOrProbabilityAreLeftOutAndSaid() {
        List<LoggedDecision> logs = new ArrayList<>(fiveDecisions());
        logs.add(decision(0.1, "offer_discount", 0.5, false, false));
        logs.add(decision(0.1, "offer_discount", 0.0, true, true));
        logs.add(decision(0.1, "none", Double.NaN, true, true));
        PolicyEvaluation e = CONVERSION.evaluate(logs, ALWAYS_DISCOUNT);
        assertEquals(5, e.decisions());
        assertEquals(1, e.withoutOutcome());
        assertEquals(2, e.withoutProbability());
        assertEquals(0.8, e.estimate(OffPolicyEvaluator.IPS).orElseThrow().value(), 1e-12);
        assertTrue(e.warnings().stream().anyMatch(w -> w.startsWith("1 decisions have no final outcome yet")));
        assertTrue(e.warnings().stream().anyMatch(w -> w.startsWith("2 decisions were logged without a usable"
                + " action_probability")));
    }

    @Test
    void aPolicyNamingAnUnknownActionIsRefusedByName() {
        DecisionPolicy shipping = new DecisionPolicy("shipping", 0.1,
                List.of(new DecisionPolicy.Band("all", 0, 1, "free_shipping")), List.of("free_shipping", "none"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> CONVERSION.evaluate(fiveDecisions(), shipping));
        assertTrue(e.getMessage().contains("'free_shipping' never appears in the logged decisions"), e.getMessage());
    }

    @Test
    void emptyPeriodsAndUnusableLogsAreClearErrors() {
        assertEquals("no logged decisions in the period", assertThrows(NoDecisionsException.class,
                () -> CONVERSION.evaluate(List.of(), ALWAYS_DISCOUNT)).getMessage());
        NoDecisionsException e = assertThrows(NoDecisionsException.class, () -> CONVERSION.evaluate(
                List.of(decision(0.1, "none", 0.5, false, false), decision(0.1, "none", 0, false, true)),
                ALWAYS_DISCOUNT));
        assertTrue(e.getMessage().contains("1 have no final outcome yet, 1 have no usable action_probability"),
                e.getMessage());
    }

    @Test
    void aCandidateTheLogsNeverSupportGetsWarningsNotNaN() {
        // the candidate discounts low propensities and does nothing for high ones; the logs did the opposite
        DecisionPolicy opposite = new DecisionPolicy("opposite", 0, List.of(
                new DecisionPolicy.Band("low", 0, 0.5, "offer_discount"),
                new DecisionPolicy.Band("high", 0.5, 1, "none")), List.of("offer_discount", "none"));
        List<LoggedDecision> logs = List.of(
                decision(0.1, "none", 0.9, false, true),
                decision(0.2, "none", 0.9, true, true),
                decision(0.8, "offer_discount", 0.9, true, true),
                decision(0.7, "offer_discount", 0.9, true, true));
        PolicyEvaluation e = CONVERSION.evaluate(logs, opposite);
        // every weight is 0: IPS = 0, SNIPS is undefined (0/0) and said so, DR falls back on the direct model
        assertEquals(0.0, e.estimate(OffPolicyEvaluator.IPS).orElseThrow().value(), 0);
        assertFalse(e.estimate(OffPolicyEvaluator.SNIPS).isPresent());
        assertTrue(e.warnings().stream().anyMatch(w -> w.startsWith("snips is undefined")), e.warnings().toString());
        assertTrue(e.warnings().stream().anyMatch(w -> w.startsWith("band 'low': the logged policy never took the"
                + " candidate's action there ('offer_discount')")), e.warnings().toString());
        assertEquals(0.0, e.effectiveSampleSize(), 0);
        e.estimates().forEach(est -> assertTrue(Double.isFinite(est.value())));
    }

    @Test
    void lowSupportIsFlaggedPerBand() {
        // 100 decisions in one band, the candidate's action taken twice (2 % < 5 %)
        List<LoggedDecision> logs = new ArrayList<>();
        for (int i = 0; i < 98; i++) {
            logs.add(decision(0.1, "none", 0.98, i % 10 == 0, true));
        }
        logs.add(decision(0.1, "offer_discount", 0.02, true, true));
        logs.add(decision(0.1, "offer_discount", 0.02, false, true));
        PolicyEvaluation e = CONVERSION.evaluate(logs, ALWAYS_DISCOUNT);
        assertTrue(e.warnings().stream().anyMatch(w -> w.equals("band 'all': the logged policy took the candidate's"
                + " action ('offer_discount') in only 2.0% of its 100 decisions (2): few sessions carry that band's"
                + " estimate")), e.warnings().toString());
        // weights 1/0.02 = 50 on two rows: ESS = 100² / (2·2500) = 2
        assertEquals(2.0, e.effectiveSampleSize(), 1e-9);
        assertTrue(e.warnings().stream().anyMatch(w -> w.startsWith("effective sample size 2 of 100")));
    }

    @Test
    void theLearnerPicksTheBestActionPerSegment() {
        // one band; on mobile the discount converts 15 of 40 against 5 of 40, on desktop 5 of 40 against 16 of 40
        List<LoggedDecision> logs = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            logs.add(segmented("mobile", "offer_discount", i < 15));
            logs.add(segmented("mobile", "none", i < 5));
            logs.add(segmented("desktop", "offer_discount", i < 5));
            logs.add(segmented("desktop", "none", i < 16));
        }
        DecisionPolicy current = new DecisionPolicy("current", 0.1,
                List.of(new DecisionPolicy.Band("all", 0, 1, "none")), List.of("offer_discount", "none"));
        DecisionPolicy learned = new PolicyLearner(CONVERSION).learn(logs, current, 0.1, "learned").policy();
        // over the band "none" is worth 21/80 and the discount 20/80, so the band takes "none" and mobile, where
        // the discount wins, gets it
        DecisionPolicy.Band band = learned.bands().get(0);
        assertEquals("offer_discount", band.actionFor("mobile"));
        assertEquals("none", band.actionFor("desktop"));
        // and the serving side reads the segments back from the policy document
        DecisionPolicy parsed = DecisionPolicy.fromJson(PolicyDocument.toJson(learned, null));
        assertEquals(learned, parsed);
    }

    private static LoggedDecision segmented(String segment, String action, boolean purchased) {
        return new LoggedDecision("d", AT, "s", "all", segment, 0.3, action, 0.5, true, "logging", purchased,
                purchased ? 10 : 0, true);
    }

    @Test
    void theLearnerPicksTheBestActionPerBand() {
        // low band: discount converts 12 of 40, nothing 4 of 40; high band: nothing 30 of 40, discount 20 of 40
        List<LoggedDecision> logs = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            logs.add(decision(0.1, "offer_discount", 0.5, i < 12, true));
            logs.add(decision(0.1, "none", 0.5, i < 4, true));
            logs.add(decision(0.8, "offer_discount", 0.5, i < 20, true));
            logs.add(decision(0.8, "none", 0.5, i < 30, true));
        }
        DecisionPolicy current = new DecisionPolicy("current", 0.1, List.of(
                new DecisionPolicy.Band("low", 0, 0.5, "none"),
                new DecisionPolicy.Band("high", 0.5, 1, "offer_discount")), List.of("offer_discount", "none"));
        PolicyLearner.Learned learned = new PolicyLearner(CONVERSION).learn(logs, current, 0.05, "learned");
        assertEquals(List.of("offer_discount", "none"),
                learned.policy().bands().stream().map(DecisionPolicy.Band::action).toList());
        assertEquals(0.05, learned.policy().epsilon());
        // the bands' true mean outcomes under the current policy (0.1 low, 0.5 high) are below the learned ones
        // (0.3 low, 0.75 high), and the estimates say so
        assertTrue(learned.proposed().doublyRobust().value() > learned.current().doublyRobust().value());
        // per band: 2 actions for the whole band and 2 for its one segment
        assertEquals(8, learned.values().size());
        assertTrue(learned.policy().bands().stream().allMatch(b -> b.segments().isEmpty()));
    }
}
