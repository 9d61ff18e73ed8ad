package dev.propel.datagen.truth;

import java.util.List;

/**
 * The ground truth of one simulated {@code /decide} call: the probability that the session converts under every
 * action the policy could have taken, so the true value of any policy on these decisions is computable.
 *
 * @param sessionId         the simulator's session
 * @param decisionId        the decision event's {@code event_id} (= {@code decision_id})
 * @param band              the logging policy's band
 * @param device            the shopper's device (a segment observable by serving)
 * @param returning         whether the shopper had visited before
 * @param propensity        the posterior P(convert) before the decision (what the logging policy banded)
 * @param action            the action taken
 * @param actionProbability the logging policy's probability of that action
 * @param actions           every action, in the order of {@code conversion}
 * @param conversion        P(session converts | action) for each of {@code actions}
 * @param converted         whether the session did convert
 */
public record DecisionTruth(String sessionId, String decisionId, String band, String device, boolean returning,
                            double propensity, String action, double actionProbability, List<String> actions,
                            List<Double> conversion, boolean converted) {
    public DecisionTruth {
        actions = List.copyOf(actions);
        conversion = List.copyOf(conversion);
        if (actions.size() != conversion.size()) {
            throw new IllegalArgumentException("one conversion probability per action");
        }
    }

    /** P(convert) under one action; throws for an action the truth does not know. */
    public double conversion(String a) {
        int i = actions.indexOf(a);
        if (i < 0) {
            throw new IllegalArgumentException("unknown action " + a);
        }
        return conversion.get(i);
    }
}
