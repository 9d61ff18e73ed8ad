package dev.propel.functions.policy;

import dev.propel.functions.serving.DecisionPolicy;

/**
 * A decision policy seen as a distribution over actions: the probability that {@code /decide} under
 * {@code policy} takes an action for a session of a given propensity (as {@code Decider} computes it).
 */
public record TargetPolicy(DecisionPolicy policy) {

    /**
     * π(action | propensity, segment): 1 − ε on the band's action for the segment plus ε spread uniformly over the
     * explored actions.
     */
    public double probability(double propensity, String segment, String action) {
        DecisionPolicy.Band band = policy.bandOf(propensity);
        double p = action.equals(band.actionFor(segment)) ? 1 - policy.epsilon() : 0;
        if (policy.actions().contains(action)) {
            p += policy.epsilon() / policy.actions().size();
        }
        return p;
    }
}
