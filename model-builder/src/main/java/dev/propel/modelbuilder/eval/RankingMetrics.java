package dev.propel.modelbuilder.eval;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Per-session ranking quality: each group's rows are ranked by score, and HitRate@k, NDCG@k and MRR are averaged
 * over the groups with at least one positive row.
 *
 * @param groups  groups evaluated (with at least one positive)
 * @param hitRate share of groups with a positive in the top k
 * @param ndcg    mean NDCG@k with binary relevance
 * @param mrr     mean reciprocal rank of the first positive
 * @param k       the cut-off
 */
public record RankingMetrics(int groups, double hitRate, double ndcg, double mrr, int k) {

    /** Ranks each group's rows by descending score; ties keep row order so results are reproducible. */
    public static RankingMetrics of(String[] group, float[] score, int[] y, int k) {
        Map<String, List<Integer>> byGroup = new LinkedHashMap<>();
        for (int i = 0; i < group.length; i++) {
            byGroup.computeIfAbsent(group[i] == null ? "" : group[i], g -> new ArrayList<>()).add(i);
        }
        int evaluated = 0;
        double hits = 0;
        double ndcg = 0;
        double mrr = 0;
        for (List<Integer> rows : byGroup.values()) {
            int positives = 0;
            for (int r : rows) {
                positives += y[r];
            }
            if (positives == 0) {
                continue;
            }
            evaluated++;
            rows.sort(Comparator.comparingDouble((Integer r) -> -score[r]));
            double dcg = 0;
            boolean hit = false;
            double rr = 0;
            for (int rank = 0; rank < rows.size(); rank++) {
                if (y[rows.get(rank)] == 1) {
                    if (rr == 0) {
                        rr = 1.0 / (rank + 1);
                    }
                    if (rank < k) {
                        hit = true;
                        dcg += 1.0 / (Math.log(rank + 2) / Math.log(2));
                    }
                }
            }
            double ideal = 0;
            for (int rank = 0; rank < Math.min(k, positives); rank++) {
                ideal += 1.0 / (Math.log(rank + 2) / Math.log(2));
            }
            hits += hit ? 1 : 0;
            ndcg += dcg / ideal;
            mrr += rr;
        }
        if (evaluated == 0) {
            return new RankingMetrics(0, Double.NaN, Double.NaN, Double.NaN, k);
        }
        return new RankingMetrics(evaluated, hits / evaluated, ndcg / evaluated, mrr / evaluated, k);
    }

    /** Scores each row by its item's popularity in the training rows: positives first, then row count. */
    public static float[] popularityScores(String[] trainItems, int[] trainLabels, String[] items) {
        Map<String, double[]> counts = new java.util.HashMap<>();
        for (int i = 0; i < trainItems.length; i++) {
            double[] c = counts.computeIfAbsent(trainItems[i], x -> new double[2]);
            c[0] += trainLabels[i];
            c[1] += 1;
        }
        float[] s = new float[items.length];
        for (int i = 0; i < items.length; i++) {
            double[] c = counts.get(items[i]);
            s[i] = c == null ? 0f : (float) (c[0] + c[1] / (c[1] + 1.0) * 0.5);
        }
        return s;
    }

    public Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("groups", groups);
        m.put("hit_rate_at_" + k, ModelMetrics.finite(hitRate));
        m.put("ndcg_at_" + k, ModelMetrics.finite(ndcg));
        m.put("mrr", ModelMetrics.finite(mrr));
        return m;
    }
}
