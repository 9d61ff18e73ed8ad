package dev.propel.core.recall;

import java.util.List;

/**
 * The reranker's inputs for one (session, candidate) pair, in this order: computed by {@link CandidateGenerator}
 * for the training rows and for serving alike, so the two cannot drift. Scores are relative to the best
 * candidate's (so they mean the same whatever the size of the window recall was built on); ranks are among the
 * candidates, as {@code log(1 + rank)}.
 */
public final class RerankFeatures {
    /** The feature names, in row order. */
    public static final List<String> NAMES = List.of(
            "covis", "covis_rank", "covis_last", "covis_last_rank", "sknn", "sknn_rank", "bav", "recall",
            "recall_rank", "in_session", "seen_count", "seen_recency", "is_last", "carted", "log_popularity",
            "log_trending", "trend_share", "session_length", "covis_raw", "sknn_raw");
    /** Number of features. */
    public static final int COUNT = NAMES.size();
    /**
     * How many of recall's best candidates the reranker orders; the rest keep recall's order behind them. The
     * training rows are exactly these candidates (no sampling), so the reranker learns on what it serves.
     */
    public static final int DEPTH = 30;

    static final int COVIS = 0;
    static final int COVIS_RANK = 1;
    static final int COVIS_LAST = 2;
    static final int COVIS_LAST_RANK = 3;
    static final int SKNN = 4;
    static final int SKNN_RANK = 5;
    static final int BAV = 6;
    static final int RECALL = 7;
    static final int RECALL_RANK = 8;
    static final int IN_SESSION = 9;
    static final int SEEN_COUNT = 10;
    static final int SEEN_RECENCY = 11;
    static final int IS_LAST = 12;
    static final int CARTED = 13;
    static final int LOG_POPULARITY = 14;
    static final int LOG_TRENDING = 15;
    static final int TREND_SHARE = 16;
    static final int SESSION_LENGTH = 17;
    static final int COVIS_RAW = 18;
    static final int SKNN_RAW = 19;

    private RerankFeatures() {
    }
}
