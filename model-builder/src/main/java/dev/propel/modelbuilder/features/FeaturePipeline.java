package dev.propel.modelbuilder.features;

import dev.propel.modelbuilder.data.Table;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The fitted transform from raw named columns to the MLP's input vector. The same object drives training, the
 * trainer's forward pass and the ONNX export, so the exported graph computes exactly this.
 * <p>
 * Input layout: scaled (optionally smoothly clipped) numeric columns, then missing indicators, then the
 * piecewise-linear bins of each binned numeric column, then per categorical column its levels and "other".
 */
public final class FeaturePipeline {
    private final List<NumericFeature> numeric;
    private final List<CategoricalFeature> categorical;

    public FeaturePipeline(List<NumericFeature> numeric, List<CategoricalFeature> categorical) {
        this.numeric = List.copyOf(numeric);
        this.categorical = List.copyOf(categorical);
    }

    /**
     * Options for fitting.
     *
     * @param logTransform  log1p heavy-tailed non-negative columns
     * @param minLevelCount training rows a categorical level needs to get its own input
     * @param maxLevels     most levels kept per categorical column (the rest fold into "other")
     * @param bins          piecewise-linear bins per numeric column (0 = none)
     * @param softClip      smoothly clip the scaled numeric inputs
     */
    public record Options(boolean logTransform, int minLevelCount, int maxLevels, int bins, boolean softClip) {
        /** Standardised numeric inputs, one-hot categories: the encoding of the reranker and the simulator tasks. */
        public static Options defaults() {
            return new Options(true, 10, 50, 0, false);
        }

        /** The same plus smooth clipping and {@code bins} quantile bins per numeric column, for any table. */
        public static Options binned(int bins) {
            return new Options(true, 10, 50, bins, bins > 0);
        }
    }

    /** Learns scaling and levels from training rows only. */
    public static FeaturePipeline fit(Table train, Options options) {
        List<NumericFeature> num = new ArrayList<>();
        for (String name : train.numericNames()) {
            num.add(fitNumeric(name, train.numeric(name), options));
        }
        List<CategoricalFeature> cat = new ArrayList<>();
        for (String name : train.categoricalNames()) {
            cat.add(fitCategorical(name, train.categorical(name), options));
        }
        return new FeaturePipeline(num, cat);
    }

    static NumericFeature fitNumeric(String name, double[] values, Options options) {
        int missing = 0;
        boolean nonNegative = true;
        for (double v : values) {
            if (Double.isNaN(v)) {
                missing++;
            } else if (v < 0) {
                nonNegative = false;
            }
        }
        boolean log = false;
        if (options.logTransform() && nonNegative && missing < values.length) {
            double rawSkew = skewness(values, false);
            double logSkew = skewness(values, true);
            // Heavy right tail (counts, prices, durations): log1p pulls it in; keep raw when it does not help.
            log = rawSkew > 2.0 && Math.abs(logSkew) < Math.abs(rawSkew) * 0.5;
        }
        double sum = 0;
        double sumSq = 0;
        int n = 0;
        for (double v : values) {
            if (!Double.isNaN(v)) {
                float x = (float) v;
                if (log) {
                    x = (float) Math.log(Math.max(x, 0f) + 1f);
                }
                sum += x;
                sumSq += (double) x * x;
                n++;
            }
        }
        double mean = n == 0 ? 0 : sum / n;
        double var = n == 0 ? 0 : Math.max(0, sumSq / n - mean * mean);
        double std = Math.sqrt(var);
        if (!(std > 1e-12) || !Double.isFinite(std)) {
            std = 1;
        }
        NumericFeature plain = new NumericFeature(name, log, (float) mean, (float) std, missing > 0, missing);
        float[] edges = new float[0];
        if (options.bins() > 0) {
            float[] scaled = new float[values.length - missing];
            int k = 0;
            for (double v : values) {
                if (!Double.isNaN(v)) {
                    scaled[k++] = plain.scale(v);
                }
            }
            edges = BinEdges.of(scaled, options.bins());
        }
        return new NumericFeature(name, log, (float) mean, (float) std, missing > 0, missing, options.softClip(),
                edges);
    }

    private static double skewness(double[] values, boolean log) {
        double sum = 0;
        int n = 0;
        for (double v : values) {
            if (!Double.isNaN(v)) {
                sum += log ? Math.log1p(v) : v;
                n++;
            }
        }
        if (n < 3) {
            return 0;
        }
        double mean = sum / n;
        double m2 = 0;
        double m3 = 0;
        for (double v : values) {
            if (!Double.isNaN(v)) {
                double d = (log ? Math.log1p(v) : v) - mean;
                m2 += d * d;
                m3 += d * d * d;
            }
        }
        m2 /= n;
        m3 /= n;
        return m2 <= 0 ? 0 : m3 / Math.pow(m2, 1.5);
    }

    static CategoricalFeature fitCategorical(String name, String[] values, Options options) {
        Map<String, Integer> counts = new HashMap<>();
        for (String v : values) {
            counts.merge(CategoricalFeature.normalise(v), 1, Integer::sum);
        }
        List<Map.Entry<String, Integer>> entries = new ArrayList<>(counts.entrySet());
        // Most frequent first; ties by value so the same data always gives the same inputs.
        entries.sort(Map.Entry.<String, Integer>comparingByValue(Collections.reverseOrder())
                .thenComparing(Map.Entry.comparingByKey()));
        List<String> kept = new ArrayList<>();
        for (Map.Entry<String, Integer> e : entries) {
            if (kept.size() < options.maxLevels() && e.getValue() >= options.minLevelCount()) {
                kept.add(e.getKey());
            }
        }
        if (kept.isEmpty() && !entries.isEmpty()) {
            // Keep the most frequent level so the column still contributes an input that varies.
            kept.add(entries.get(0).getKey());
        }
        return new CategoricalFeature(name, kept, counts.size() - kept.size());
    }

    public List<NumericFeature> numeric() {
        return numeric;
    }

    public List<CategoricalFeature> categorical() {
        return categorical;
    }

    public List<String> numericNames() {
        return numeric.stream().map(NumericFeature::name).toList();
    }

    public List<String> categoricalNames() {
        return categorical.stream().map(CategoricalFeature::name).toList();
    }

    /** Positions (in {@link #numeric()}) of the columns that get a missing indicator. */
    public int[] indicatorColumns() {
        int[] idx = new int[numeric.size()];
        int k = 0;
        for (int i = 0; i < numeric.size(); i++) {
            if (numeric.get(i).missingIndicator()) {
                idx[k++] = i;
            }
        }
        return Arrays.copyOf(idx, k);
    }

    /** Length of the model input vector. */
    public int width() {
        int w = numeric.size() + indicatorColumns().length;
        for (NumericFeature f : numeric) {
            w += f.bins();
        }
        for (CategoricalFeature c : categorical) {
            w += c.width();
        }
        return w;
    }

    /**
     * The column each model input comes from, as an index into numeric columns then categorical ones: what a
     * per-feature embedding groups (a column's value, missing flag and bins, or its levels and "other").
     */
    public int[] inputGroups() {
        int[] g = new int[width()];
        int at = 0;
        int k = numeric.size();
        for (int j = 0; j < k; j++) {
            g[at++] = j;
        }
        for (int j : indicatorColumns()) {
            g[at++] = j;
        }
        for (int j = 0; j < k; j++) {
            for (int t = 0; t < numeric.get(j).bins(); t++) {
                g[at++] = j;
            }
        }
        for (int c = 0; c < categorical.size(); c++) {
            for (int t = 0; t < categorical.get(c).width(); t++) {
                g[at++] = k + c;
            }
        }
        return g;
    }

    /** Names of the model inputs, for reports. */
    public List<String> inputNames() {
        List<String> names = new ArrayList<>(numericNames());
        for (int i : indicatorColumns()) {
            names.add(numeric.get(i).name() + "=missing");
        }
        for (NumericFeature f : numeric) {
            for (int t = 0; t < f.bins(); t++) {
                names.add(f.name() + "#bin" + t);
            }
        }
        for (CategoricalFeature c : categorical) {
            for (String level : c.levels()) {
                names.add(c.name() + "=" + level);
            }
            names.add(c.name() + "=<other>");
        }
        return names;
    }

    /** Transforms a table's rows into a row-major [rows x width] float matrix. */
    public float[] transform(Table table) {
        int n = table.rows();
        int w = width();
        float[] x = new float[n * w];
        int col = 0;
        List<double[]> numCols = new ArrayList<>();
        for (NumericFeature f : numeric) {
            double[] raw = table.numeric(f.name());
            numCols.add(raw);
            for (int r = 0; r < n; r++) {
                x[r * w + col] = f.input(f.scale(raw[r]));
            }
            col++;
        }
        for (int i : indicatorColumns()) {
            double[] raw = numCols.get(i);
            for (int r = 0; r < n; r++) {
                x[r * w + col] = Double.isNaN(raw[r]) ? 1f : 0f;
            }
            col++;
        }
        for (int j = 0; j < numeric.size(); j++) {
            NumericFeature f = numeric.get(j);
            if (f.bins() == 0) {
                continue;
            }
            double[] raw = numCols.get(j);
            float[] inv = f.inverseWidths();
            for (int r = 0; r < n; r++) {
                f.encode(f.scale(raw[r]), inv, x, r * w + col);
            }
            col += f.bins();
        }
        for (CategoricalFeature f : categorical) {
            String[] raw = table.categorical(f.name());
            Map<String, Integer> index = f.index();
            int other = f.levels().size();
            for (int r = 0; r < n; r++) {
                Integer at = index.get(CategoricalFeature.normalise(raw[r]));
                x[r * w + col + (at == null ? other : at)] = 1f;
            }
            col += f.width();
        }
        return x;
    }

    /**
     * Transforms raw rows given the way the ONNX graph takes them: numeric [n][k] (NaN = missing) in
     * {@link #numericNames()} order and categorical [n][m] in {@link #categoricalNames()} order.
     */
    public float[] transform(float[][] numericRows, String[][] categoricalRows) {
        int n = numericRows.length;
        Table.Builder b = Table.builder();
        for (int j = 0; j < numeric.size(); j++) {
            double[] c = new double[n];
            for (int r = 0; r < n; r++) {
                c[r] = numericRows[r][j];
            }
            b.numeric(numeric.get(j).name(), c);
        }
        for (int j = 0; j < categorical.size(); j++) {
            String[] c = new String[n];
            for (int r = 0; r < n; r++) {
                c[r] = categoricalRows[r][j];
            }
            b.categorical(categorical.get(j).name(), c);
        }
        return transform(b.labels(new int[n]).build());
    }
}
