package dev.propel.modelbuilder.anchor;

import dev.propel.modelbuilder.data.Table;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import ml.dmlc.xgboost4j.java.Booster;
import ml.dmlc.xgboost4j.java.DMatrix;
import ml.dmlc.xgboost4j.java.XGBoost;
import ml.dmlc.xgboost4j.java.XGBoostError;

/**
 * XGBoost (histogram trees, native categorical splits) on the raw columns, with early stopping on the validation
 * rows: the model a data scientist would reach for first on a table, as the anchor of the MLP's figures.
 */
public final class GradientBoostingAnchor implements AnchorModel {
    private static final int MAX_ROUNDS = 1000;
    private static final int EARLY_STOPPING = 30;
    private final long seed;
    private final int threads;

    public GradientBoostingAnchor(long seed, int threads) {
        this.seed = seed;
        this.threads = Math.max(1, threads);
    }

    @Override
    public String name() {
        return "gradient_boosting";
    }

    @Override
    public String description() {
        return "XGBoost 3.4 hist, native categoricals, eta 0.1, depth 6, subsample 0.8, colsample 0.8, up to "
                + MAX_ROUNDS + " rounds, early stopping after " + EARLY_STOPPING + " on validation AUC";
    }

    @Override
    public float[] fitPredict(Table train, Table validation, Table test) {
        List<Map<String, Integer>> codes = new ArrayList<>();
        for (String c : train.categoricalNames()) {
            Map<String, Integer> m = new HashMap<>();
            for (String v : train.categorical(c)) {
                if (v != null && !v.isEmpty()) {
                    m.putIfAbsent(v, m.size());
                }
            }
            codes.add(m);
        }
        DMatrix dTrain = null;
        DMatrix dVal = null;
        DMatrix dTest = null;
        Booster booster = null;
        try {
            dTrain = matrix(train, codes, true);
            dVal = validation.rows() > 0 ? matrix(validation, codes, true) : null;
            dTest = matrix(test, codes, false);
            Map<String, Object> params = new LinkedHashMap<>();
            params.put("objective", "binary:logistic");
            params.put("eval_metric", "auc");
            params.put("tree_method", "hist");
            params.put("eta", 0.1);
            params.put("max_depth", 6);
            params.put("min_child_weight", 1);
            params.put("subsample", 0.8);
            params.put("colsample_bytree", 0.8);
            params.put("max_cat_to_onehot", 4);
            params.put("nthread", threads);
            params.put("seed", seed);
            params.put("verbosity", 0);
            // read by XGBoost4J itself: no line per round on the terminal
            params.put("verbose_eval", "false");
            Map<String, DMatrix> watches = new LinkedHashMap<>();
            if (dVal != null) {
                watches.put("validation", dVal);
            }
            booster = XGBoost.train(dTrain, params, MAX_ROUNDS, watches, null, null, null,
                    dVal != null ? EARLY_STOPPING : 0);
            String best = booster.getAttr("best_iteration");
            int trees = best == null ? 0 : Integer.parseInt(best) + 1;
            float[][] p = booster.predict(dTest, false, trees);
            float[] out = new float[p.length];
            for (int i = 0; i < p.length; i++) {
                out[i] = p[i][0];
            }
            return out;
        } catch (XGBoostError e) {
            throw new IllegalStateException("XGBoost failed: " + e.getMessage(), e);
        } finally {
            for (DMatrix d : new DMatrix[] {dTrain, dVal, dTest}) {
                if (d != null) {
                    d.dispose();
                }
            }
            if (booster != null) {
                booster.dispose();
            }
        }
    }

    /** Numeric columns as they are (NaN = missing), categorical ones as training codes (unseen = missing). */
    private static DMatrix matrix(Table t, List<Map<String, Integer>> codes, boolean labelled) throws XGBoostError {
        List<String> num = t.numericNames();
        List<String> cat = t.categoricalNames();
        int k = num.size() + cat.size();
        int n = t.rows();
        float[] x = new float[n * k];
        for (int j = 0; j < num.size(); j++) {
            double[] c = t.numeric(num.get(j));
            for (int r = 0; r < n; r++) {
                x[r * k + j] = (float) c[r];
            }
        }
        for (int j = 0; j < cat.size(); j++) {
            String[] c = t.categorical(cat.get(j));
            Map<String, Integer> m = codes.get(j);
            for (int r = 0; r < n; r++) {
                Integer code = c[r] == null ? null : m.get(c[r]);
                x[r * k + num.size() + j] = code == null ? Float.NaN : code;
            }
        }
        DMatrix d = new DMatrix(x, n, k, Float.NaN);
        String[] types = new String[k];
        for (int j = 0; j < k; j++) {
            types[j] = j < num.size() ? "q" : "c";
        }
        d.setFeatureTypes(types);
        if (labelled) {
            float[] y = new float[n];
            int[] labels = t.labels();
            for (int r = 0; r < n; r++) {
                y[r] = labels[r];
            }
            d.setLabel(y);
        }
        return d;
    }
}
