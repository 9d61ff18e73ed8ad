package dev.propel.functions.datasets;

import java.util.Map;

/**
 * How much history the datasets stage builds recall from: the sessions of the {@code days} days ending at the
 * newest day built, at most the {@code maxSessions} most recent of them (the bound that keeps the build, and the
 * artefact serving loads, within their memory whatever the traffic).
 *
 * @param days        days of the rolling window ({@value #DAYS_ENV})
 * @param maxSessions most sessions read ({@value #MAX_SESSIONS_ENV})
 */
public record RecallWindow(int days, int maxSessions) {
    /** The environment variable for {@link #days}. */
    public static final String DAYS_ENV = "PROPEL_RECALL_DAYS";
    /** The environment variable for {@link #maxSessions}. */
    public static final String MAX_SESSIONS_ENV = "PROPEL_RECALL_MAX_SESSIONS";

    public RecallWindow {
        if (days < 1 || days > 366) {
            throw new IllegalArgumentException(DAYS_ENV + " must be within [1, 366], got " + days);
        }
        if (maxSessions < 1) {
            throw new IllegalArgumentException(MAX_SESSIONS_ENV + " must be positive, got " + maxSessions);
        }
    }

    /**
     * Four weeks (every weekday seen four times), at most a million sessions: about 5 million item events, a few
     * hundred MB while building and tens of MB of artefact.
     */
    public static RecallWindow defaults() {
        return new RecallWindow(28, 1_000_000);
    }

    /** The defaults overridden by the function's environment; a value that is not a valid number is refused. */
    public static RecallWindow fromEnvironment(Map<String, String> env) {
        RecallWindow d = defaults();
        return new RecallWindow(number(env, DAYS_ENV, d.days()), number(env, MAX_SESSIONS_ENV, d.maxSessions()));
    }

    private static int number(Map<String, String> env, String name, int fallback) {
        String v = env.get(name);
        if (v == null || v.isBlank()) {
            return fallback;
        }
        try {
            return Integer.parseInt(v.trim());
        } catch (NumberFormatException e) {
            throw new IllegalStateException(name + " must be a whole number, got '" + v + "'");
        }
    }
}
