package dev.propel.datagen.decisions;

import dev.propel.datagen.simulator.ShopperModel.Device;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The simulator's stand-in for {@code /decide} plus the shopper's reaction: picks an action with the
 * {@link DecisionScenario}'s epsilon-greedy policy and redraws the session's intent so that, exactly,
 * P(converts | action) = {@link ShopperReaction#conversion}. Uses its own random stream, so a run without
 * decisions is untouched.
 */
public final class SimulatedDecider {
    private final DecisionScenario scenario;
    private final SplittableRandom random;

    /** One decision and its consequence. */
    public record Outcome(DecisionScenario.Band band, String action, boolean explored, double actionProbability,
                          List<Double> conversion, boolean buyerAfter) {
        public Outcome {
            conversion = List.copyOf(conversion);
        }
    }

    public SimulatedDecider(DecisionScenario scenario, SplittableRandom random) {
        this.scenario = scenario;
        this.random = random;
    }

    public DecisionScenario scenario() {
        return scenario;
    }

    /** A random stream of this decider's, for ids and times of decision events. */
    public SplittableRandom random() {
        return random;
    }

    /**
     * Decides for a session whose posterior is {@code posterior} and whose hidden intent is {@code buyer}.
     * The intent is changed with exactly the probability that makes the new P(buyer) the action's conversion
     * probability: up-lifts turn browsers into buyers, down-lifts the reverse.
     */
    public Outcome decide(double posterior, boolean buyer, Device device, boolean returning) {
        DecisionScenario.Band band = scenario.bandOf(posterior);
        boolean explored = random.nextDouble() < scenario.epsilon();
        List<String> arms = scenario.actions();
        String action = explored ? arms.get(random.nextInt(arms.size())) : band.action();
        List<Double> conversion = new ArrayList<>(arms.size());
        for (String a : arms) {
            conversion.add(ShopperReaction.conversion(posterior, a, band.name(), device, returning));
        }
        double q = conversion.get(arms.indexOf(action));
        double u = random.nextDouble();
        boolean after;
        if (q >= posterior) {
            after = buyer || u < (q - posterior) / (1 - posterior);
        } else {
            after = buyer && u >= (posterior - q) / posterior;
        }
        return new Outcome(band, action, explored, scenario.probability(band, action), conversion, after);
    }
}
