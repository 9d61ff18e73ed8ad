package dev.propel.core.features;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One named feature row: the numeric values (float, NaN = missing) and the categorical values (string, null =
 * missing) in {@link FeatureSchema} order. Serving feeds {@link #numericValues()} and
 * {@link #categoricalValues()} to the model's {@code numeric} and {@code categorical} inputs after checking the
 * names against the model's {@code propel.inputs}.
 */
public final class FeatureRow {
    private final List<String> numericNames;
    private final float[] numeric;
    private final List<String> categoricalNames;
    private final String[] categorical;

    /** Wraps the arrays without copying (the computing code hands over fresh arrays). */
    FeatureRow(List<String> numericNames, float[] numeric, List<String> categoricalNames, String[] categorical) {
        if (numericNames.size() != numeric.length || categoricalNames.size() != categorical.length) {
            throw new IllegalArgumentException("feature names and values differ in length");
        }
        this.numericNames = numericNames;
        this.numeric = numeric;
        this.categoricalNames = categoricalNames;
        this.categorical = categorical;
    }

    /** A row for a feature list, from values in that list's numeric and categorical order. */
    public static FeatureRow of(List<FeatureSpec> specs, float[] numeric, String[] categorical) {
        return new FeatureRow(FeatureSchema.numericNames(specs), numeric.clone(),
                FeatureSchema.categoricalNames(specs), categorical.clone());
    }

    public List<String> numericNames() {
        return numericNames;
    }

    public List<String> categoricalNames() {
        return categoricalNames;
    }

    /** A copy of the numeric values in {@link #numericNames()} order. */
    public float[] numericValues() {
        return numeric.clone();
    }

    /** A copy of the categorical values in {@link #categoricalNames()} order. */
    public String[] categoricalValues() {
        return categorical.clone();
    }

    /** Copies the numeric values into {@code dst} at {@code offset} (filling a batch buffer without garbage). */
    public void copyNumeric(float[] dst, int offset) {
        System.arraycopy(numeric, 0, dst, offset, numeric.length);
    }

    public float numericAt(int i) {
        return numeric[i];
    }

    public String categoricalAt(int i) {
        return categorical[i];
    }

    /** The value of a numeric feature by name. */
    public float numeric(String name) {
        int i = numericNames.indexOf(name);
        if (i < 0) {
            throw new IllegalArgumentException("no numeric feature " + name);
        }
        return numeric[i];
    }

    /** The value of a categorical feature by name. */
    public String categorical(String name) {
        int i = categoricalNames.indexOf(name);
        if (i < 0) {
            throw new IllegalArgumentException("no categorical feature " + name);
        }
        return categorical[i];
    }

    /** All values by name (numeric as Float, categorical as String), numeric first, in schema order. */
    public Map<String, Object> asMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < numeric.length; i++) {
            m.put(numericNames.get(i), numeric[i]);
        }
        for (int i = 0; i < categorical.length; i++) {
            m.put(categoricalNames.get(i), categorical[i]);
        }
        return m;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof FeatureRow r && numericNames.equals(r.numericNames) && Arrays.equals(numeric, r.numeric)
                && categoricalNames.equals(r.categoricalNames) && Arrays.equals(categorical, r.categorical);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(numeric) * 31 + Arrays.hashCode(categorical);
    }

    @Override
    public String toString() {
        return asMap().toString();
    }
}
