package dev.propel.local.eval;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * What {@code ./propel eval next-item} measured, written as {@code next_item.json}: the reranked list against
 * recall alone and popularity, on the same cases in the same run.
 *
 * @param cases          test cases ranked
 * @param hrAt20         HitRate@20 of recall + reranker, percent
 * @param mrrAt20        MRR@20 of recall + reranker, percent
 * @param ndcgAt20       NDCG@20 of recall + reranker, percent
 * @param recall         the same metrics for recall's own order
 * @param popularity     the same metrics for the most popular items
 * @param latencyP50Ms   per-case latency of the whole ranking (recall, reranker, filters), median, ms
 * @param latencyP99Ms   per-case latency, 99th percentile, ms
 * @param trainSessions  training sessions read
 * @param trainingRows   reranker training rows
 * @param rerankerAuc    the reranker's ROC AUC on its own held-out rows
 * @param recallMegabytes the recall artefact's in-memory size, MB
 * @param artefactBytes  the recall artefact's serialised size
 * @param seconds        wall time of the whole evaluation, build and training included
 */
public record NextItemReport(
        @JsonProperty("cases") long cases,
        @JsonProperty("hr_at_20") double hrAt20,
        @JsonProperty("mrr_at_20") double mrrAt20,
        @JsonProperty("ndcg_at_20") double ndcgAt20,
        @JsonProperty("recall") Baseline recall,
        @JsonProperty("popularity") Baseline popularity,
        @JsonProperty("latency_p50_ms") double latencyP50Ms,
        @JsonProperty("latency_p99_ms") double latencyP99Ms,
        @JsonProperty("train_sessions") long trainSessions,
        @JsonProperty("training_rows") long trainingRows,
        @JsonProperty("reranker_roc_auc") double rerankerAuc,
        @JsonProperty("recall_memory_mb") double recallMegabytes,
        @JsonProperty("recall_artefact_bytes") long artefactBytes,
        @JsonProperty("seconds") double seconds) {

    /** A baseline's figures on the same cases. */
    public record Baseline(@JsonProperty("hr_at_20") double hrAt20, @JsonProperty("mrr_at_20") double mrrAt20,
            @JsonProperty("ndcg_at_20") double ndcgAt20) {
    }

    /** The figures as the command prints them. */
    public String render() {
        return String.format("""
                next-item evaluation: %,d cases (%,d training sessions, %,d reranker rows, %.0f s)
                  recall + reranker  HR@20 %6.2f  MRR@20 %6.2f  NDCG@20 %6.2f
                  recall alone       HR@20 %6.2f  MRR@20 %6.2f  NDCG@20 %6.2f
                  popularity         HR@20 %6.2f  MRR@20 %6.2f  NDCG@20 %6.2f
                  latency per case   p50 %.3f ms  p99 %.3f ms;  recall artefact %.1f MB in memory, %.1f MB on S3
                """, cases, trainSessions, trainingRows, seconds, hrAt20, mrrAt20, ndcgAt20, recall.hrAt20(),
                recall.mrrAt20(), recall.ndcgAt20(), popularity.hrAt20(), popularity.mrrAt20(),
                popularity.ndcgAt20(), latencyP50Ms, latencyP99Ms, recallMegabytes, artefactBytes / 1e6);
    }
}
