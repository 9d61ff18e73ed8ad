package dev.propel.core.recall;

/**
 * The knobs of recall, fixed when the index is built and kept in it so that serving uses what training used.
 *
 * @param window            co-visitation counts items at most this many positions apart in a session
 * @param neighbours        co-visitation neighbours kept per item
 * @param backwardWeight    weight of an item seen before (rather than after) the anchor, relative to 1
 * @param popularityDamping score(a→b) = weighted count / popularity(b)^damping (0 = raw counts)
 * @param sessionsPerItem   session-kNN looks at this many most recent sessions holding each session item
 * @param similarSessions   session-kNN keeps this many most similar sessions
 * @param candidates        candidates handed to the reranker per request
 */
public record RecallSettings(int window, int neighbours, float backwardWeight, float popularityDamping,
        int sessionsPerItem, int similarSessions, int candidates) {

    public RecallSettings {
        if (window < 1 || neighbours < 1 || sessionsPerItem < 1 || similarSessions < 1 || candidates < 1) {
            throw new IllegalArgumentException("recall settings must be positive");
        }
    }

    /** Defaults tuned on DIGINETICA's training sessions (see docs/recommendation.md). */
    public static RecallSettings defaults() {
        return new RecallSettings(5, 60, 0.5f, 0.15f, 800, 100, 100);
    }
}
