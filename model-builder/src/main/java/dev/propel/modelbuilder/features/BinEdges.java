package dev.propel.modelbuilder.features;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Bin edges for the piecewise-linear encoding of one numeric column (Gorishniy et al. 2022, "PLE-Q"), on its
 * scaled training values. Bins from a one-feature tree on the label ("PLE-T") gave no better AUC on the public
 * tables, so quantiles it is.
 */
final class BinEdges {
    private BinEdges() {
    }

    /**
     * Every distinct value when there are at most {@code bins + 1} (a thermometer code, which is one-hot up to a
     * linear map: integer codes are then seen as categories and as ordered values at once), else the quantiles at
     * {@code k / bins} (spikes apart, see below) with duplicates merged; none for a column with two values or fewer.
     *
     * @param values scaled training values, missing ones left out
     */
    static float[] of(float[] values, int bins) {
        float[] s = values.clone();
        Arrays.sort(s);
        int n = s.length;
        float[] distinct = new float[Math.min(n, bins + 2)];
        int d = 0;
        for (int i = 0; i < n && d < distinct.length; i++) {
            if (d == 0 || s[i] > distinct[d - 1]) {
                distinct[d++] = s[i];
            }
        }
        if (d <= 2) {
            return new float[0];
        }
        if (d <= bins + 1) {
            return Arrays.copyOf(distinct, d);
        }
        // A value holding more than 1/bins of the rows (92% zeros, a -1 for "never") would swallow most quantiles
        // and leave the rest of the range one bin: such spikes become edges themselves and the quantiles are taken
        // over the other values.
        List<Float> spikes = new ArrayList<>();
        float[] rest = new float[n];
        int r = 0;
        for (int i = 0; i < n; ) {
            int j = i;
            while (j < n && s[j] == s[i]) {
                j++;
            }
            if ((j - i) * (long) bins > n) {
                spikes.add(s[i]);
            } else {
                System.arraycopy(s, i, rest, r, j - i);
                r += j - i;
            }
            i = j;
        }
        List<Float> candidates = new ArrayList<>(spikes);
        candidates.add(s[0]);
        candidates.add(s[n - 1]);
        int q = Math.max(1, bins - spikes.size());
        for (int k = 0; r > 0 && k <= q; k++) {
            candidates.add(rest[(int) Math.min(r - 1, Math.round((double) k * (r - 1) / q))]);
        }
        candidates.sort(Float::compare);
        List<Float> e = new ArrayList<>();
        for (float v : candidates) {
            // Edges within a few float steps would make a bin of (almost) zero width: an infinite slope.
            if (e.isEmpty() || v > e.get(e.size() - 1) + Math.ulp(e.get(e.size() - 1)) * 4) {
                e.add(v);
            }
        }
        if (e.size() < 3) {
            return new float[0];
        }
        float[] a = new float[e.size()];
        for (int i = 0; i < a.length; i++) {
            a[i] = e.get(i);
        }
        return a;
    }
}
