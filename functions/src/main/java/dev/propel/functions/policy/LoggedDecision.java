package dev.propel.functions.policy;

import java.time.Instant;
import java.util.List;

/**
 * One row of {@code datasets/decisions/}: a decision of {@code /decide} joined with what its session did
 * afterwards. The off-policy estimators and the policy learner read nothing else.
 *
 * @param decisionId        the decision's id (its event id)
 * @param decidedAt         when it was made
 * @param sessionKey        opaque key of the session it was made for (no user id)
 * @param band              the logging policy's band name
 * @param segment           the session's device ({@code mobile}, {@code desktop}, {@code tablet}, or {@code unknown})
 * @param propensity        the {@code conversion} model's P(convert) the policy banded
 * @param action            the action taken
 * @param actionProbability the logging policy's probability of taking it (NaN when not logged)
 * @param explored          whether the action was drawn by exploration
 * @param policyVersion     the logging policy's version
 * @param purchased         whether the session purchased within the horizon after the decision
 * @param revenue           gross value (price × quantity) of those purchases
 * @param complete          whether the outcome is final: the session had ended, or the horizon had passed, by the
 *                          newest event the datasets stage saw
 * @param experimentId      the experiment the session's visitor was in ({@code ""} when none)
 * @param variant           the visitor's variant of it ({@code ""} when none)
 */
public record LoggedDecision(String decisionId, Instant decidedAt, String sessionKey, String band, String segment,
                             double propensity, String action, double actionProbability, boolean explored,
                             String policyVersion, boolean purchased, double revenue, boolean complete,
                             String experimentId, String variant) {

    /** The columns of {@code datasets/decisions/}, in order. */
    public static final List<String> COLUMNS = List.of("decision_id", "decided_at", "session_key", "band",
            "segment", "propensity", "action", "action_probability", "explored", "policy_version", "purchased",
            "revenue", "complete", "experiment_id", "variant");
    /** The columns of partitions written before experiments: read as decisions outside any experiment. */
    public static final List<String> COLUMNS_V1 = COLUMNS.subList(0, 13);

    /** A decision outside any experiment. */
    public LoggedDecision(String decisionId, Instant decidedAt, String sessionKey, String band, String segment,
                          double propensity, String action, double actionProbability, boolean explored,
                          String policyVersion, boolean purchased, double revenue, boolean complete) {
        this(decisionId, decidedAt, sessionKey, band, segment, propensity, action, actionProbability, explored,
                policyVersion, purchased, revenue, complete, "", "");
    }

    public LoggedDecision {
        experimentId = experimentId == null ? "" : experimentId;
        variant = variant == null ? "" : variant;
    }

    /** The row's fields in {@link #COLUMNS} order, as text. */
    public List<String> fields() {
        return List.of(decisionId, decidedAt.toString(), sessionKey, band, segment, number(propensity), action,
                number(actionProbability), explored ? "1" : "0", policyVersion, purchased ? "1" : "0",
                number(revenue), complete ? "1" : "0", experimentId, variant);
    }

    /**
     * A row from its fields in {@link #COLUMNS} (or {@link #COLUMNS_V1}) order.
     *
     * @throws IllegalArgumentException naming the column that is not readable
     */
    public static LoggedDecision fromFields(List<String> f) {
        if (f.size() != COLUMNS.size() && f.size() != COLUMNS_V1.size()) {
            throw new IllegalArgumentException("a decisions row has " + COLUMNS.size() + " columns, this one "
                    + f.size());
        }
        Instant at;
        try {
            at = Instant.parse(f.get(1));
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("decided_at is not an instant: '" + f.get(1) + "'");
        }
        return new LoggedDecision(f.get(0), at, f.get(2), f.get(3), f.get(4), parse(f.get(5), "propensity"),
                f.get(6), parse(f.get(7), "action_probability"), f.get(8).equals("1"), f.get(9),
                f.get(10).equals("1"), parse(f.get(11), "revenue"), f.get(12).equals("1"),
                f.size() > 13 ? f.get(13) : "", f.size() > 13 ? f.get(14) : "");
    }

    private static String number(double v) {
        return Double.isNaN(v) ? "" : Double.toString(v);
    }

    private static double parse(String s, String column) {
        if (s == null || s.isEmpty()) {
            return Double.NaN;
        }
        try {
            return Double.parseDouble(s);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(column + " is not a number: '" + s + "'");
        }
    }
}
