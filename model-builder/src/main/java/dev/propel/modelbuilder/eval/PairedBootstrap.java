package dev.propel.modelbuilder.eval;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;

/**
 * A paired bootstrap of the ROC AUC difference of two models scored on the same rows: the rows are resampled with
 * replacement, both AUCs computed on each resample, and the 2.5th and 97.5th percentiles of the differences give
 * a 95% interval. Each resample is a vector of row counts, so an AUC costs one pass over pre-sorted rows.
 */
public final class PairedBootstrap {
    private PairedBootstrap() {
    }

    /**
     * The difference and its interval.
     *
     * @param difference AUC(a) - AUC(b) on the rows as they are
     * @param lower      2.5th percentile of the resampled differences
     * @param upper      97.5th percentile
     * @param resamples  resamples drawn
     */
    public record Interval(double difference, double lower, double upper, int resamples) {
        public Map<String, Object> toMap() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("roc_auc_difference", difference);
            m.put("ci95_lower", lower);
            m.put("ci95_upper", upper);
            m.put("resamples", resamples);
            return m;
        }
    }

    /** AUC(a) - AUC(b) on labels {@code y}, with a seeded 95% interval from {@code resamples} resamples. */
    public static Interval aucDifference(float[] a, float[] b, int[] y, int resamples, long seed) {
        int n = y.length;
        if (a.length != n || b.length != n) {
            throw new IllegalArgumentException("scores and labels differ in length");
        }
        int[] orderA = order(a);
        int[] orderB = order(b);
        int[] ones = new int[n];
        Arrays.fill(ones, 1);
        double diff = auc(a, orderA, y, ones) - auc(b, orderB, y, ones);
        Random random = new Random(seed);
        double[] diffs = new double[resamples];
        int[] counts = new int[n];
        int kept = 0;
        for (int s = 0; s < resamples; s++) {
            Arrays.fill(counts, 0);
            for (int i = 0; i < n; i++) {
                counts[random.nextInt(n)]++;
            }
            double d = auc(a, orderA, y, counts) - auc(b, orderB, y, counts);
            if (Double.isFinite(d)) {
                diffs[kept++] = d;
            }
        }
        if (kept == 0) {
            return new Interval(diff, Double.NaN, Double.NaN, 0);
        }
        double[] sorted = Arrays.copyOf(diffs, kept);
        Arrays.sort(sorted);
        return new Interval(diff, sorted[(int) Math.floor(0.025 * (kept - 1))],
                sorted[(int) Math.ceil(0.975 * (kept - 1))], kept);
    }

    private static int[] order(float[] s) {
        return java.util.stream.IntStream.range(0, s.length).boxed()
                .sorted((i, j) -> Float.compare(s[i], s[j])).mapToInt(Integer::intValue).toArray();
    }

    /** AUC with row multiplicities: P(score of a positive > score of a negative), ties counting half. */
    private static double auc(float[] s, int[] order, int[] y, int[] counts) {
        double negBelow = 0;
        double pos = 0;
        double neg = 0;
        double sum = 0;
        int i = 0;
        int n = order.length;
        while (i < n) {
            int j = i;
            double tiePos = 0;
            double tieNeg = 0;
            float v = s[order[i]];
            while (j < n && s[order[j]] == v) {
                int r = order[j];
                if (y[r] == 1) {
                    tiePos += counts[r];
                } else {
                    tieNeg += counts[r];
                }
                j++;
            }
            sum += tiePos * (negBelow + 0.5 * tieNeg);
            negBelow += tieNeg;
            pos += tiePos;
            neg += tieNeg;
            i = j;
        }
        return pos == 0 || neg == 0 ? Double.NaN : sum / (pos * neg);
    }
}
