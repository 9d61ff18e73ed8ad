package dev.propel.functions.serving;

/**
 * The answer of {@code /decide}.
 *
 * @param action            the action to take
 * @param propensity        P(session converts) from the {@code conversion} model
 * @param band              the policy band the propensity fell in
 * @param explored          true when the action was drawn by exploration rather than taken from the band
 * @param actionProbability probability that the policy picks this action for such a session (for off-policy
 *                          evaluation of outcomes)
 * @param model             the model name
 * @param version           the model version
 * @param policyVersion     the policy version
 * @param decisionId        id of the decision, also the {@code event_id} of the recorded decision event
 * @param experiment        the experiment variant the session's visitor is in, or null when none applies
 */
public record Decision(String action, double propensity, String band, boolean explored, double actionProbability,
                       String model, String version, String policyVersion, String decisionId,
                       Assignment experiment) {
    /** A decision outside any experiment. */
    public Decision(String action, double propensity, String band, boolean explored, double actionProbability,
                    String model, String version, String policyVersion, String decisionId) {
        this(action, propensity, band, explored, actionProbability, model, version, policyVersion, decisionId,
                null);
    }
}
