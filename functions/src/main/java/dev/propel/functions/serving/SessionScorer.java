package dev.propel.functions.serving;

import dev.propel.core.event.BehaviourEvent;
import dev.propel.core.features.FeatureRow;
import dev.propel.core.features.ItemFeatures;
import dev.propel.core.features.SessionFeatures;
import dev.propel.core.features.UserHistory;
import dev.propel.core.model.ModelTask;
import dev.propel.functions.model.FeatureLayout;
import dev.propel.functions.model.ItemStatsStore;
import dev.propel.functions.model.ModelRegistry;
import dev.propel.functions.model.ServingModel;
import java.time.Instant;
import java.util.List;

/**
 * Scores a live session with the models of the built-in tasks, computing its features with {@code core}'s
 * {@link SessionFeatures} and {@link ItemFeatures}: the same code the datasets stage trains on, so training and
 * serving cannot drift.
 */
public final class SessionScorer {
    private final ModelRegistry models;
    private final ItemStatsStore stats;

    public SessionScorer(ModelRegistry models, ItemStatsStore stats) {
        this.models = models;
        this.stats = stats;
    }

    /** The models this scorer serves. */
    public ModelRegistry models() {
        return models;
    }

    /** The item stats this scorer uses (popularity and item features). */
    public ItemStatsStore stats() {
        return stats;
    }

    /**
     * The point in time features are computed at: just after the session's latest event, so that every event the
     * caller sent is seen (training rows are cut the same way, before the event being predicted).
     */
    public static Instant cutOf(List<BehaviourEvent> events) {
        Instant latest = null;
        for (BehaviourEvent e : events) {
            if (latest == null || e.timestamp().isAfter(latest)) {
                latest = e.timestamp();
            }
        }
        return latest == null ? Instant.now() : latest.plusMillis(1);
    }

    /** The prediction of a session-level model ({@code conversion}) for a session's events, history unknown. */
    public Prediction score(String modelName, List<BehaviourEvent> events) {
        return score(modelName, events, null);
    }

    /**
     * The prediction of a session-level model ({@code conversion}) for a session's events and the visitor's
     * history at session start (null = unknown, a missing value to the model).
     */
    public Prediction score(String modelName, List<BehaviourEvent> events, UserHistory history) {
        requireSessionModel(modelName);
        return score(models.current(modelName), events, history);
    }

    /** Refuses (400) a model that does not take session events. */
    void requireSessionModel(String modelName) {
        if (!ModelTask.CONVERSION.id().equals(modelName)) {
            throw JsonRequests.invalid("session_events", "model '" + modelName
                    + "' does not take session_events; send named feature rows in \"rows\" instead (session_events "
                    + "are scored by the '" + ModelTask.CONVERSION.id() + "' model)");
        }
    }

    /** The prediction of a given {@code conversion} model (an experiment's variant) for a session. */
    public Prediction score(ServingModel model, List<BehaviourEvent> events, UserHistory history) {
        FeatureRow row = SessionFeatures.compute(events, cutOf(events), history);
        FeatureLayout layout = model.layoutFor(row.numericNames(), row.categoricalNames());
        float[] numeric = new float[layout.numericWidth()];
        String[] categorical = layout.categoricalWidth() == 0 ? null : new String[layout.categoricalWidth()];
        layout.encode(row, 0, numeric, categorical);
        return new Prediction(model.task(), model.version(), model.predict(numeric, categorical, 1));
    }

    /** P(purchase) of each candidate item in the session, by the {@code item} model, history unknown. */
    public Prediction scoreItems(List<BehaviourEvent> events, List<String> items) {
        return scoreItems(events, items, null);
    }

    /** P(purchase) of each candidate item in the session, by the {@code item} model. */
    public Prediction scoreItems(List<BehaviourEvent> events, List<String> items, UserHistory history) {
        return scoreItems(models.current(ModelTask.ITEM.id()), events, items, history);
    }

    /** P(purchase) of each candidate item by a given {@code item} model (an experiment's variant). */
    public Prediction scoreItems(ServingModel model, List<BehaviourEvent> events, List<String> items,
            UserHistory history) {
        if (items.isEmpty()) {
            return new Prediction(model.task(), model.version(), new float[0]);
        }
        List<FeatureRow> rows = ItemFeatures.computeAll(events, items, cutOf(events), history, stats.current());
        FeatureLayout layout = model.layoutFor(rows.get(0).numericNames(), rows.get(0).categoricalNames());
        int n = rows.size();
        float[] numeric = new float[n * layout.numericWidth()];
        String[] categorical = layout.categoricalWidth() == 0 ? null : new String[n * layout.categoricalWidth()];
        for (int r = 0; r < n; r++) {
            layout.encode(rows.get(r), r, numeric, categorical);
        }
        return new Prediction(model.task(), model.version(), model.predict(numeric, categorical, n));
    }
}
