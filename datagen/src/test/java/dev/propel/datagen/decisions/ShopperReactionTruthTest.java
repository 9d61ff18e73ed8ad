package dev.propel.datagen.decisions;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.propel.core.event.BehaviourEvent;
import dev.propel.core.event.EventTypes;
import dev.propel.datagen.simulator.DirtRates;
import dev.propel.datagen.simulator.ShopSimulator;
import dev.propel.datagen.simulator.SimulationConfig;
import dev.propel.datagen.simulator.SimulationResult;
import dev.propel.datagen.truth.DecisionTruth;
import dev.propel.datagen.truth.TruthFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The shoppers' reaction to decisions has the ground truth the sidecar claims: with uniform logging (epsilon 1),
 * the sessions that got an action convert as often as the truth's probabilities under that action say, so the
 * true value of any policy computed from the truth is what the shop would see.
 */
class ShopperReactionTruthTest {
    static SimulationResult uniform;

    @BeforeAll
    static void simulate() {
        SimulationConfig config = SimulationConfig.defaults().withUsers(6_000).withDays(7).withSeed(11)
                .withDirt(DirtRates.none());
        uniform = new ShopSimulator(config, DecisionScenario.DEFAULT.withEpsilon(1.0)).runInMemory();
    }

    @Test
    void everyDecisionIsLoggedWithItsTruth() {
        List<BehaviourEvent> decisions = uniform.distinctEvents().stream()
                .filter(e -> e.type().equals(EventTypes.DECISION)).toList();
        assertTrue(decisions.size() > 3_000, "decisions: " + decisions.size());
        assertEquals(decisions.size(), uniform.decisionTruth().size());
        Map<String, DecisionTruth> truth = uniform.decisionTruth().stream()
                .collect(Collectors.toMap(DecisionTruth::decisionId, Function.identity()));
        for (BehaviourEvent e : decisions) {
            DecisionTruth t = truth.get(e.eventId());
            assertEquals(t.action(), e.properties().get("action"));
            assertEquals(t.band(), e.properties().get("band"));
            // epsilon 1: every action has probability 1/3, whatever the band
            assertEquals(1.0 / 3, Double.parseDouble(e.properties().get("action_probability")), 1e-12);
        }
    }

    @Test
    void eachActionConvertsAsItsTruthSays() {
        for (String action : DecisionScenario.DEFAULT.actions()) {
            List<DecisionTruth> took = uniform.decisionTruth().stream().filter(t -> t.action().equals(action))
                    .toList();
            double expected = 0;
            double variance = 0;
            long converted = 0;
            for (DecisionTruth t : took) {
                double q = t.conversion(action);
                expected += q;
                variance += q * (1 - q);
                converted += t.converted() ? 1 : 0;
            }
            double z = (converted - expected) / Math.sqrt(variance);
            assertTrue(Math.abs(z) < 4, action + ": " + converted + " converted, truth expects " + expected
                    + " (z = " + z + ")");
        }
    }

    @Test
    void theTruthOfAPolicyMatchesWhatItsSessionsDid() {
        // the policy "discount on mobile, recommendations elsewhere": its true value from the truth rows against
        // the conversion of the sessions (uniformly logged) where it agreed with the action taken, reweighted by 3
        double truthValue = 0;
        double observed = 0;
        double variance = 0;
        int n = uniform.decisionTruth().size();
        for (DecisionTruth t : uniform.decisionTruth()) {
            String chosen = t.device().equals("mobile") ? ShopperReaction.DISCOUNT : ShopperReaction.RECOMMENDATIONS;
            double q = t.conversion(chosen);
            truthValue += q / n;
            if (t.action().equals(chosen)) {
                observed += 3.0 * (t.converted() ? 1 : 0) / n;
            }
            // X = 3·Y·[agreed]: E[X] = q, E[X²] = 9·q/3, so Var(X) = 3q − q²
            variance += (3 * q - q * q) / n / n;
        }
        assertTrue(Math.abs(observed - truthValue) < 4 * Math.sqrt(variance),
                "observed " + observed + " vs truth " + truthValue);
        // and the reaction matters: the policy's value differs from doing nothing by many standard errors
        double nothing = uniform.decisionTruth().stream().mapToDouble(t -> t.conversion("none")).average()
                .orElseThrow();
        assertTrue(truthValue - nothing > 0.01, "uplift " + (truthValue - nothing));
    }

    @Test
    void theSidecarRoundTripsDecisionRows(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("truth.jsonl.gz");
        try (TruthFile out = TruthFile.create(file)) {
            uniform.decisionTruth().subList(0, 50).forEach(out::write);
        }
        assertEquals(uniform.decisionTruth().subList(0, 50), TruthFile.read(file).decisions());
        assertTrue(Files.size(file) > 0);
    }

    @Test
    void runsWithoutDecisionsAreUntouched() {
        SimulationConfig config = SimulationConfig.defaults().withUsers(300).withDays(3).withSeed(5);
        SimulationResult plain = new ShopSimulator(config).runInMemory();
        SimulationResult again = new ShopSimulator(config, null).runInMemory();
        assertEquals(plain.conversionTruth(), again.conversionTruth());
        assertTrue(again.decisionTruth().isEmpty());
        assertTrue(plain.events().stream().noneMatch(e -> e.type().equals(EventTypes.DECISION)));
    }
}
