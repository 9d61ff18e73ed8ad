package dev.propel.functions.serving;

import dev.propel.functions.http.ApiException;

import dev.propel.functions.model.ModelInputs;
import dev.propel.functions.model.ModelRegistry;
import dev.propel.functions.model.ServingModel;
import java.util.List;
import java.util.Map;

/**
 * Scores named feature rows with the named model: maps each row's values onto the model's inputs in the order its
 * {@code propel.inputs} metadata gives, so a caller never needs to know column positions.
 */
public final class Predictor {
    /** Most rows one request may score. */
    public static final int MAX_ROWS = 1000;

    private final SessionScorer sessions;
    private final ExperimentAssigner experiments;

    /** A predictor outside any experiment. */
    public Predictor(ModelRegistry models, SessionScorer sessions) {
        this(sessions, ExperimentAssigner.none(models));
    }

    /** A predictor serving each visitor the model version of its experiment variant. */
    public Predictor(SessionScorer sessions, ExperimentAssigner experiments) {
        this.sessions = sessions;
        this.experiments = experiments;
    }

    /**
     * Scores rows of named raw features. Numeric features must be numbers (null = missing), categorical ones
     * strings, numbers or booleans (null = missing); a feature the model reads that a row lacks is the caller's
     * mistake, reported as {@code rows[i].<name>}.
     */
    public Prediction predictRows(String modelName, List<Map<String, Object>> rows) {
        return predictRows(modelName, rows, null);
    }

    /**
     * Scores rows for a visitor ({@code unit} from {@link Experiments#unitOf}, null = unknown): with the model
     * version of the visitor's variant when an experiment runs on {@code modelName}.
     */
    public Prediction predictRows(String modelName, List<Map<String, Object>> rows, String unit) {
        ExperimentAssigner.ModelChoice choice = experiments.model(modelName, unit);
        ServingModel model = choice.model();
        ModelInputs inputs = model.inputs();
        List<String> numericNames = inputs.numeric();
        List<String> categoricalNames = inputs.categorical();
        int k = numericNames.size();
        int m = categoricalNames.size();
        int n = rows.size();
        float[] numeric = new float[n * k];
        String[] categorical = m == 0 ? null : new String[n * m];
        for (int r = 0; r < n; r++) {
            Map<String, Object> row = rows.get(r);
            for (int c = 0; c < k; c++) {
                String name = numericNames.get(c);
                Object v = row.get(name);
                if (v instanceof Number num) {
                    numeric[r * k + c] = num.floatValue();
                } else if (v == null && row.containsKey(name)) {
                    numeric[r * k + c] = Float.NaN;
                } else if (v == null) {
                    throw missing(r, name, model);
                } else {
                    throw JsonRequests.invalid(field(r, name), field(r, name) + " must be a number or null");
                }
            }
            for (int c = 0; c < m; c++) {
                String name = categoricalNames.get(c);
                Object v = row.get(name);
                if (v == null && !row.containsKey(name)) {
                    throw missing(r, name, model);
                }
                if (v == null || v instanceof String || v instanceof Number || v instanceof Boolean) {
                    categorical[r * m + c] = v == null ? "" : v.toString();
                } else {
                    throw JsonRequests.invalid(field(r, name), field(r, name) + " must be a string or null");
                }
            }
        }
        float[] p = model.predict(numeric, categorical, n);
        return new Prediction(model.task(), model.version(), p, choice.assignment());
    }

    /** Scores a session's events with the model of the features {@code core} computes for it. */
    public Prediction predictSession(String modelName, List<dev.propel.core.event.BehaviourEvent> events) {
        return predictSession(modelName, events, null);
    }

    /** Scores a session's events and the visitor's history at session start (null = unknown). */
    public Prediction predictSession(String modelName, List<dev.propel.core.event.BehaviourEvent> events,
            dev.propel.core.features.UserHistory history) {
        return predictSession(modelName, events, history, null);
    }

    /** Scores a session for a visitor, with the model version of its variant when an experiment runs. */
    public Prediction predictSession(String modelName, List<dev.propel.core.event.BehaviourEvent> events,
            dev.propel.core.features.UserHistory history, String unit) {
        // checked before the experiment lookup, so a wrong model name is a 400 whatever runs
        sessions.requireSessionModel(modelName);
        ExperimentAssigner.ModelChoice choice = experiments.model(modelName, unit);
        return sessions.score(choice.model(), events, history).in(choice.assignment());
    }

    private static ApiException missing(int row, String name, ServingModel model) {
        return JsonRequests.invalid(field(row, name), field(row, name) + " is missing; model " + model.task()
                + " reads " + model.inputs().allNames());
    }

    private static String field(int row, String name) {
        return "rows[" + row + "]." + name;
    }
}
