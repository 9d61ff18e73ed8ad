package dev.propel.functions.policy;

import java.util.List;
import java.util.Optional;

/**
 * What off-policy evaluation says of a candidate policy on a set of logged decisions.
 *
 * @param policyVersion        the candidate's version
 * @param metric               what the value is measured in
 * @param decisions            decisions the estimates rest on
 * @param withoutOutcome       decisions left out because their outcome was not final yet
 * @param withoutProbability   decisions left out because their logged probability was missing, 0 or above 1
 * @param estimates            ips, snips, dr and dm; an estimator that is undefined on these logs is absent and
 *                             a warning says why
 * @param effectiveSampleSize  (Σw)² / Σw² of the importance weights w = π(a|x) / μ(a|x)
 * @param maxWeight            the largest importance weight
 * @param loggedValue          mean outcome of the logged decisions (the logging policy's own value)
 * @param warnings             what limits the estimates, in words
 */
public record PolicyEvaluation(String policyVersion, OutcomeMetric metric, int decisions, int withoutOutcome,
                               int withoutProbability, List<Estimate> estimates, double effectiveSampleSize,
                               double maxWeight, double loggedValue, List<String> warnings) {
    public PolicyEvaluation {
        estimates = List.copyOf(estimates);
        warnings = List.copyOf(warnings);
    }

    /** The estimate of one estimator, if it is defined. */
    public Optional<Estimate> estimate(String estimator) {
        return estimates.stream().filter(e -> e.estimator().equals(estimator)).findFirst();
    }

    /** The doubly robust estimate (always defined when there is at least one decision). */
    public Estimate doublyRobust() {
        return estimate(OffPolicyEvaluator.DR).orElseThrow();
    }
}
