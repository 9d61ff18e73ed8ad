package dev.propel.core.recall;

/**
 * HitRate@k, MRR@k and NDCG@k of next-item predictions, accumulated case by case from the rank of the item that
 * came next (as the session-based literature computes them: one relevant item per case, rank beyond k counts 0).
 */
public final class HitMetrics {
    private final int k;
    private long cases;
    private long hits;
    private double reciprocal;
    private double dcg;

    public HitMetrics(int k) {
        this.k = k;
    }

    /** Adds one case: {@code rank} is the 0-based position of the target in the list, or -1 when absent. */
    public void add(int rank) {
        cases++;
        if (rank >= 0 && rank < k) {
            hits++;
            reciprocal += 1.0 / (rank + 1);
            dcg += 1.0 / (Math.log(rank + 2) / Math.log(2));
        }
    }

    /** The 0-based position of {@code target} in {@code ranked}, or -1. */
    public static int rankOf(int[] ranked, int target) {
        for (int i = 0; i < ranked.length; i++) {
            if (ranked[i] == target) {
                return i;
            }
        }
        return -1;
    }

    public int k() {
        return k;
    }

    public long cases() {
        return cases;
    }

    /** HitRate@k in percent. */
    public double hitRatePercent() {
        return cases == 0 ? 0 : 100.0 * hits / cases;
    }

    /** MRR@k in percent. */
    public double mrrPercent() {
        return cases == 0 ? 0 : 100.0 * reciprocal / cases;
    }

    /** NDCG@k in percent. */
    public double ndcgPercent() {
        return cases == 0 ? 0 : 100.0 * dcg / cases;
    }
}
