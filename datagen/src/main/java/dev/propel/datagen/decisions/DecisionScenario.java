package dev.propel.datagen.decisions;

import java.util.List;

/**
 * How the simulated shop calls {@code /decide}: once per session, right after its {@code step}-th event (if it
 * gets that far without buying), with the logging policy that {@code /decide} uses by default. The propensity is
 * the simulator's exact posterior, standing in for a perfect {@code conversion} model.
 *
 * @param step    number of events after which the session is decided for (at least 1)
 * @param version the logging policy's version, written into every decision event
 * @param epsilon share of sessions whose action is drawn uniformly from {@code actions} (exploration)
 * @param bands   propensity bands in ascending order; the last one ends at 1
 * @param actions the actions exploration draws from
 */
public record DecisionScenario(int step, String version, double epsilon, List<Band> bands, List<String> actions) {

    /** One propensity band: {@code [previous max, max)} takes {@code action} when not exploring. */
    public record Band(String name, double max, String action) {
    }

    /** The same bands, actions and exploration as {@code DecisionPolicy.DEFAULT} of the decide function. */
    public static final DecisionScenario DEFAULT = new DecisionScenario(2, "default", 0.1, List.of(
            new Band("low", 0.2, "show_recommendations"),
            new Band("medium", 0.6, "offer_discount"),
            new Band("high", 1.0, "none")),
            List.of("show_recommendations", "offer_discount", "none"));

    public DecisionScenario {
        bands = List.copyOf(bands);
        actions = List.copyOf(actions);
        if (step < 1) {
            throw new IllegalArgumentException("step must be at least 1");
        }
        if (!(epsilon >= 0 && epsilon <= 1)) {
            throw new IllegalArgumentException("epsilon must be in [0, 1]");
        }
        if (bands.isEmpty() || bands.get(bands.size() - 1).max() != 1.0) {
            throw new IllegalArgumentException("bands must be non-empty and end at 1.0");
        }
        for (Band b : bands) {
            if (!actions.contains(b.action())) {
                throw new IllegalArgumentException("band " + b.name() + " takes an action outside actions");
            }
        }
    }

    /** The same scenario with another exploration rate. */
    public DecisionScenario withEpsilon(double value) {
        return new DecisionScenario(step, version, value, bands, actions);
    }

    /** The band a propensity falls in. */
    public Band bandOf(double propensity) {
        for (Band b : bands) {
            if (propensity < b.max()) {
                return b;
            }
        }
        return bands.get(bands.size() - 1);
    }

    /** Probability that the logging policy takes {@code action} in {@code band} (as the decide function logs it). */
    public double probability(Band band, String action) {
        double uniform = actions.contains(action) ? epsilon / actions.size() : 0;
        return (action.equals(band.action()) ? 1 - epsilon : 0) + uniform;
    }
}
