package dev.propel.modelbuilder.features;

/**
 * How one raw numeric column becomes a model input: missing values become the training mean (0 after
 * scaling) plus an indicator when the column had missing values, optional {@code log1p(max(x, 0))} for heavy-tailed
 * non-negative columns, then standardisation.
 *
 * @param name             column name
 * @param log              whether {@code log1p(max(x, 0))} is applied before scaling
 * @param mean             mean of the (possibly logged) training values
 * @param std              standard deviation of the same (1 when constant)
 * @param missingIndicator whether a 0/1 "was missing" input is added
 * @param missingCount     missing values seen in training data
 */
public record NumericFeature(String name, boolean log, float mean, float std, boolean missingIndicator,
                             int missingCount) {

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
}
