package dev.propel.core.features;

/**
 * What was known about a visitor when their session started: how many sessions they had before and how many of
 * those bought. The {@code user_prior_*} features of {@link FeatureSchema#SESSION}. The datasets stage derives it
 * from its user registry ({@code stats/users/}) plus the same day's earlier sessions; serving takes it from the
 * caller, who knows its customer (an unknown history is a missing value, not a new visitor).
 *
 * @param priorSessions sessions of the actor that ended before this session started (0 = first visit)
 * @param priorOrders   those of them that contained at least one purchase
 */
public record UserHistory(int priorSessions, int priorOrders) {
    /** A first-time visitor. */
    public static final UserHistory FIRST_VISIT = new UserHistory(0, 0);

    public UserHistory {
        if (priorSessions < 0 || priorOrders < 0) {
            throw new IllegalArgumentException("prior sessions and orders are counts (>= 0)");
        }
    }

    /** This history followed by one more session, which bought or not. */
    public UserHistory plusSession(boolean bought) {
        return new UserHistory(priorSessions + 1, priorOrders + (bought ? 1 : 0));
    }
}
