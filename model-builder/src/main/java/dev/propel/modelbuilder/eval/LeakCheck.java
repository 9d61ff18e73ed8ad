package dev.propel.modelbuilder.eval;

import dev.propel.modelbuilder.data.Table;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Flags a feature that alone predicts the label almost perfectly on the training rows: usually a column known
 * only after the outcome (a refund date for churn, a call's duration for its result), which makes the test
 * figures look good and the served model useless.
 */
public final class LeakCheck {
    /** ROC AUC (or 1 - AUC) of one feature alone from which it is reported. */
    static final double SUSPICIOUS_AUC = 0.95;
    /** Levels with fewer training rows share one rate, so a rare level cannot "predict" its own few rows. */
    private static final int MIN_LEVEL_ROWS = 10;

    private LeakCheck() {
    }

    /** One sentence per suspicious column, naming it and its single-feature AUC; empty when none. */
    public static List<String> warnings(Table train) {
        List<String> out = new ArrayList<>();
        int[] y = train.labels();
        for (String name : train.numericNames()) {
            double[] v = train.numeric(name);
            float[] s = new float[v.length];
            for (int i = 0; i < v.length; i++) {
                // Missing sorts below every value, so "is missing" counts as a signal too.
                s[i] = Double.isNaN(v[i]) ? -Float.MAX_VALUE : (float) v[i];
            }
            check(name, s, y, out);
        }
        for (String name : train.categoricalNames()) {
            String[] v = train.categorical(name);
            Map<String, int[]> counts = new HashMap<>();
            for (int i = 0; i < v.length; i++) {
                int[] c = counts.computeIfAbsent(v[i] == null ? "" : v[i], k -> new int[2]);
                c[0]++;
                c[1] += y[i];
            }
            int[] rare = new int[2];
            counts.values().stream().filter(c -> c[0] < MIN_LEVEL_ROWS).forEach(c -> {
                rare[0] += c[0];
                rare[1] += c[1];
            });
            float[] s = new float[v.length];
            for (int i = 0; i < v.length; i++) {
                int[] c = counts.get(v[i] == null ? "" : v[i]);
                int[] used = c[0] < MIN_LEVEL_ROWS ? rare : c;
                s[i] = (float) used[1] / used[0];
            }
            check(name, s, y, out);
        }
        return out;
    }

    private static void check(String name, float[] score, int[] y, List<String> out) {
        double auc = BinaryMetrics.rocAuc(score, y);
        double strength = Math.max(auc, 1 - auc);
        if (Double.isFinite(auc) && strength >= SUSPICIOUS_AUC) {
            out.add(String.format(Locale.ROOT, "column '%s' alone predicts the label with ROC AUC %.3f on the"
                    + " training rows: if it is known only after the outcome, leave it out with --ignore %s",
                    name, strength, name));
        }
    }
}
