package dev.propel.functions.policy;

import java.util.Map;

/**
 * The share of an order's value each action gives away (a discount's margin cost); actions not listed cost
 * nothing.
 *
 * @param shareGivenAway action → share in [0, 1]
 */
public record ActionCosts(Map<String, Double> shareGivenAway) {
    /** A 15 % discount for {@code offer_discount}, as the simulated shop gives. */
    public static final ActionCosts DEFAULT = new ActionCosts(Map.of("offer_discount", 0.15));

    public ActionCosts {
        shareGivenAway = Map.copyOf(shareGivenAway);
        shareGivenAway.forEach((a, s) -> {
            if (!(s >= 0 && s <= 1)) {
                throw new IllegalArgumentException("the cost share of '" + a + "' must be in [0, 1], is " + s);
            }
        });
    }

    /** The share of the order value the shop keeps under {@code action}. */
    public double keptShare(String action) {
        return 1 - shareGivenAway.getOrDefault(action, 0.0);
    }
}
