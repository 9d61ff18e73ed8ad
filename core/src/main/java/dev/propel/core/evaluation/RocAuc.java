package dev.propel.core.evaluation;

import java.util.Arrays;

/**
 * The one ROC AUC of the project: the rank-sum (Mann-Whitney) statistic with tied scores counted as one half, and
 * NaN when the labels hold a single class.
 */
public final class RocAuc {
    private RocAuc() {
    }

    /**
     * The probability that a random positive scores above a random negative, ties counting one half.
     *
     * @return the AUC in [0, 1]; NaN when there is no positive or no negative (including no rows), because the
     *     area is undefined there and callers report it as "not measurable" rather than fail a whole training run
     * @throws IllegalArgumentException when the lengths differ
     */
    public static double of(double[] scores, boolean[] labels) {
        if (scores.length != labels.length) {
            throw new IllegalArgumentException("scores and labels differ in length (" + scores.length + " and "
                    + labels.length + ")");
        }
        int n = scores.length;
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (a, b) -> Double.compare(scores[a], scores[b]));
        long positives = 0;
        double rankSum = 0;
        int i = 0;
        while (i < n) {
            int j = i;
            while (j + 1 < n && scores[order[j + 1]] == scores[order[i]]) {
                j++;
            }
            double midRank = (i + j) / 2.0 + 1;
            for (int k = i; k <= j; k++) {
                if (labels[order[k]]) {
                    positives++;
                    rankSum += midRank;
                }
            }
            i = j + 1;
        }
        long negatives = n - positives;
        if (positives == 0 || negatives == 0) {
            return Double.NaN;
        }
        return (rankSum - positives * (positives + 1) / 2.0) / ((double) positives * negatives);
    }

    /**
     * The same AUC for model outputs: probabilities as floats, labels as 0/1 (anything but 1 is negative).
     *
     * @throws IllegalArgumentException when the lengths differ
     */
    public static double of(float[] probabilities, int[] labels) {
        if (probabilities.length != labels.length) {
            throw new IllegalArgumentException("scores and labels differ in length (" + probabilities.length
                    + " and " + labels.length + ")");
        }
        double[] scores = new double[probabilities.length];
        boolean[] positive = new boolean[labels.length];
        for (int i = 0; i < scores.length; i++) {
            scores[i] = probabilities[i];
            positive[i] = labels[i] == 1;
        }
        return of(scores, positive);
    }
}
