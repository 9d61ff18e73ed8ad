package dev.propel.functions.model;

import dev.propel.core.features.FeatureRow;
import java.util.List;

/**
 * Where each of a model's input columns is found in a {@link FeatureRow} computed by {@code core}'s feature
 * code: resolved once per model and feature list, so encoding a row is a few array copies, not name lookups.
 */
public final class FeatureLayout {
    private final List<String> rowNumericNames;
    private final List<String> rowCategoricalNames;
    private final int[] numericIndex;
    private final int[] categoricalIndex;

    private FeatureLayout(List<String> rowNumericNames, List<String> rowCategoricalNames, int[] numericIndex,
                          int[] categoricalIndex) {
        this.rowNumericNames = rowNumericNames;
        this.rowCategoricalNames = rowCategoricalNames;
        this.numericIndex = numericIndex;
        this.categoricalIndex = categoricalIndex;
    }

    /**
     * The layout of rows with the given feature names for a model.
     *
     * @throws ModelIncompatibleException when the model reads a feature the rows do not have
     */
    public static FeatureLayout of(ModelInputs inputs, List<String> rowNumericNames,
                                   List<String> rowCategoricalNames) {
        int[] num = new int[inputs.numeric().size()];
        for (int i = 0; i < num.length; i++) {
            String name = inputs.numeric().get(i);
            num[i] = rowNumericNames.indexOf(name);
            if (num[i] < 0) {
                throw new ModelIncompatibleException("model reads numeric feature '" + name
                        + "' which this code's feature schema does not compute");
            }
        }
        int[] cat = new int[inputs.categorical().size()];
        for (int i = 0; i < cat.length; i++) {
            String name = inputs.categorical().get(i);
            cat[i] = rowCategoricalNames.indexOf(name);
            if (cat[i] < 0) {
                throw new ModelIncompatibleException("model reads categorical feature '" + name
                        + "' which this code's feature schema does not compute");
            }
        }
        return new FeatureLayout(rowNumericNames, rowCategoricalNames, num, cat);
    }

    /** Whether this layout was built for rows with these name lists. */
    boolean fits(List<String> numericNames, List<String> categoricalNames) {
        return rowNumericNames.equals(numericNames) && rowCategoricalNames.equals(categoricalNames);
    }

    /** Number of numeric model columns. */
    public int numericWidth() {
        return numericIndex.length;
    }

    /** Number of categorical model columns. */
    public int categoricalWidth() {
        return categoricalIndex.length;
    }

    /** Writes row {@code r} of a batch into the model's input arrays ({@code categorical} may be null if unused). */
    public void encode(FeatureRow row, int r, float[] numeric, String[] categorical) {
        int k = numericIndex.length;
        for (int i = 0; i < k; i++) {
            numeric[r * k + i] = row.numericAt(numericIndex[i]);
        }
        int m = categoricalIndex.length;
        for (int i = 0; i < m; i++) {
            String v = row.categoricalAt(categoricalIndex[i]);
            categorical[r * m + i] = v == null ? "" : v;
        }
    }
}
