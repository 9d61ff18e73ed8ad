package dev.propel.functions.datasets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.propel.core.event.BehaviourEvent;
import dev.propel.core.event.EventTypes;
import dev.propel.datagen.decisions.DecisionScenario;
import dev.propel.datagen.simulator.DirtRates;
import dev.propel.datagen.simulator.ShopSimulator;
import dev.propel.datagen.simulator.SimulationConfig;
import dev.propel.datagen.simulator.SimulationResult;
import dev.propel.datagen.truth.DecisionTruth;
import dev.propel.functions.policy.LoggedDecision;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Joining decisions with what their sessions did afterwards. */
class DecisionOutcomesTest {
    private static final LocalDate DAY = LocalDate.of(2026, 11, 2);
    private static final Instant T = Instant.parse("2026-11-02T10:00:00Z");
    private final DecisionOutcomes outcomes = new DecisionOutcomes(Duration.ofHours(1), Duration.ofMinutes(30));

    private static BehaviourEvent event(String id, String type, String session, Instant at, Double price,
                                        Integer quantity) {
        return new BehaviourEvent(id, type, null, "anon-1", session, type.equals(EventTypes.SEARCH) ? null : "sku-1",
                at, price, quantity, Map.of("device", "tablet"), null);
    }

    private static BehaviourEvent decision(String id, String session, Instant at, String action, String probability) {
        Map<String, String> p = new HashMap<>();
        p.put("decision_id", id);
        p.put("action", action);
        p.put("band", "medium");
        p.put("propensity", "0.3");
        p.put("explored", "false");
        if (probability != null) {
            p.put("action_probability", probability);
        }
        p.put("policy_version", "default");
        return new BehaviourEvent(id, EventTypes.DECISION, null, "anon-1", session, null, at, null, null, p, null);
    }

    @Test
    void purchasesAfterTheDecisionWithinTheHorizonCount() {
        List<BehaviourEvent> events = List.of(
                event("e1", EventTypes.VIEW, "s1", T, 20.0, null),
                event("e2", EventTypes.PURCHASE, "s1", T.plusSeconds(30), 20.0, 1), // before the decision
                decision("d1", "s1", T.plusSeconds(60), "offer_discount", "0.9333"),
                event("e3", EventTypes.PURCHASE, "s1", T.plusSeconds(300), 12.5, 2),
                event("e4", EventTypes.PURCHASE, "s1", T.plusSeconds(300 + 1200), 7.0, 1),
                event("e5", EventTypes.PURCHASE, "s1", T.plusSeconds(300 + 2400), 7.0, 1),
                event("e6", EventTypes.PURCHASE, "s1", T.plusSeconds(300 + 3600), 99.0, 1), // after the horizon
                event("f1", EventTypes.VIEW, "s2", T.plusSeconds(7200), 20.0, null),
                decision("d2", "s2", T.plusSeconds(7260), "none", null),
                event("g1", EventTypes.VIEW, "s3", T.plusSeconds(7300), 20.0, null));
        List<LoggedDecision> rows = outcomes.join(DAY, events);
        assertEquals(2, rows.size());
        LoggedDecision d1 = rows.get(0);
        assertEquals("d1", d1.decisionId());
        assertTrue(d1.purchased());
        // 12.5·2 + 7 + 7 within the hour after the decision; the purchase before it and the one after the hour not
        assertEquals(39.0, d1.revenue(), 1e-9);
        assertEquals("tablet", d1.segment());
        assertEquals(0.9333, d1.actionProbability(), 1e-12);
        assertTrue(d1.complete());
        LoggedDecision d2 = rows.get(1);
        assertFalse(d2.purchased());
        assertTrue(Double.isNaN(d2.actionProbability()));
        // its session's last event is 40 s before the newest event seen: it may still go on
        assertFalse(d2.complete());
    }

    @Test
    void aDecisionBelongsToItsSessionsDay() {
        // a session that goes on past midnight belongs to the next day, and so does its decision
        Instant late = Instant.parse("2026-11-02T23:50:00Z");
        List<BehaviourEvent> events = List.of(
                event("e1", EventTypes.VIEW, "s1", late, 20.0, null),
                decision("d1", "s1", late.plusSeconds(60), "none", "0.9"),
                event("e2", EventTypes.VIEW, "s1", late.plusSeconds(900), 20.0, null));
        assertTrue(outcomes.join(DAY, events).isEmpty());
        assertEquals(1, outcomes.join(DAY.plusDays(1), events).size());
    }

    @Test
    void theJoinRecoversTheSimulatorsOutcomes() {
        SimulationConfig config = SimulationConfig.defaults().withUsers(1_500).withDays(3).withSeed(3)
                .withDirt(DirtRates.none());
        SimulationResult sim = new ShopSimulator(config, DecisionScenario.DEFAULT).runInMemory();
        List<BehaviourEvent> events = sim.distinctEvents();
        DecisionOutcomes join = new DecisionOutcomes(DecisionOutcomes.DEFAULT_HORIZON, Duration.ofMinutes(30));
        List<LoggedDecision> rows = new ArrayList<>();
        for (int d = 0; d <= config.days(); d++) {
            rows.addAll(join.join(config.start().plusDays(d), events));
        }
        Map<String, DecisionTruth> truth = new HashMap<>();
        sim.decisionTruth().forEach(t -> truth.put(t.decisionId(), t));
        assertEquals(truth.size(), rows.size());
        for (LoggedDecision r : rows) {
            DecisionTruth t = truth.get(r.decisionId());
            assertEquals(t.converted(), r.purchased(), r.decisionId());
            assertEquals(t.action(), r.action());
            assertEquals(t.actionProbability(), r.actionProbability(), 1e-12);
            assertEquals(t.device(), r.segment());
            assertEquals(t.band(), r.band());
            assertEquals(r.purchased(), r.revenue() > 0);
        }
    }
}
