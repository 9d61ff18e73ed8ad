package dev.propel.modelbuilder.features;

/**
 * How one raw numeric column becomes model inputs: missing values become the training mean (0 after scaling)
 * plus an indicator when the column had missing values, optional {@code log1p(max(x, 0))} for heavy-tailed
 * non-negative columns, then standardisation; optionally a smooth clip of the scaled value and a piecewise-linear
 * encoding of it on quantile bins (Gorishniy et al. 2022).
 *
 * @param name             column name
 * @param log              whether {@code log1p(max(x, 0))} is applied before scaling
 * @param mean             mean of the (possibly logged) training values
 * @param std              standard deviation of the same (1 when constant)
 * @param missingIndicator whether a 0/1 "was missing" input is added
 * @param missingCount     missing values seen in training data
 * @param softClip         whether the scaled input is {@code s / sqrt(1 + (s/3)^2)} (outliers bounded, centre kept)
 * @param edges            bin edges of the piecewise-linear encoding on the scaled value, strictly increasing;
 *                         empty = none. Bin {@code t} contributes {@code clamp((s - e[t]) / (e[t+1] - e[t]), 0, 1)}.
 */
public record NumericFeature(String name, boolean log, float mean, float std, boolean missingIndicator,
                             int missingCount, boolean softClip, float[] edges) {

    public NumericFeature {
        edges = edges == null ? new float[0] : edges.clone();
    }

    /** Standardised only (no clip, no bins). */
    public NumericFeature(String name, boolean log, float mean, float std, boolean missingIndicator,
                          int missingCount) {
        this(name, log, mean, std, missingIndicator, missingCount, false, new float[0]);
    }

    /** The scaled value of one raw value; NaN (missing) maps to 0, the training mean. */
    public float scale(double raw) {
        if (Double.isNaN(raw)) {
            return 0f;
        }
        float x = (float) raw;
        if (log) {
            x = (float) Math.log(Math.max(x, 0f) + 1f);
        }
        return (x - mean) / std;
    }

    /** The value input: the scaled value, smoothly clipped when {@link #softClip()}. */
    public float input(float scaled) {
        if (!softClip) {
            return scaled;
        }
        float q = scaled / 3f;
        return scaled / (float) Math.sqrt(q * q + 1f);
    }

    /** Piecewise-linear inputs this column adds (bins). */
    public int bins() {
        return Math.max(0, edges.length - 1);
    }

    /** 1 / bin width for each bin, in float as the exported graph multiplies by it. */
    public float[] inverseWidths() {
        float[] inv = new float[bins()];
        for (int t = 0; t < inv.length; t++) {
            inv[t] = 1f / (edges[t + 1] - edges[t]);
        }
        return inv;
    }

    /** Writes the bin inputs of scaled value {@code s} into {@code out} from {@code at}. */
    public void encode(float s, float[] inverseWidths, float[] out, int at) {
        for (int t = 0; t < inverseWidths.length; t++) {
            float v = (s - edges[t]) * inverseWidths[t];
            out[at + t] = Math.min(Math.max(v, 0f), 1f);
        }
    }

    @Override
    public float[] edges() {
        return edges.clone();
    }
}
