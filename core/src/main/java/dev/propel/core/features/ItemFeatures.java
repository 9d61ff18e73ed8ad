package dev.propel.core.features;

import dev.propel.core.event.BehaviourEvent;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Computes rows of the {@code item} task ({@link FeatureSchema#ITEM}: session features, then item-in-session
 * features, then item stats) for candidate items of a session, from the events strictly before a cut.
 */
public final class ItemFeatures {
    private static final List<String> NUMERIC_NAMES = FeatureSchema.numericNames(FeatureSchema.ITEM);
    private static final List<String> CATEGORICAL_NAMES = FeatureSchema.categoricalNames(FeatureSchema.ITEM);

    private ItemFeatures() {
    }

    /** The item-task row of one candidate. */
    public static FeatureRow compute(List<BehaviourEvent> sessionEvents, String itemId, Instant cut,
            ItemStatsTable stats) {
        return computeAll(sessionEvents, List.of(itemId), cut, null, stats).get(0);
    }

    /** Numeric columns per item-task row. */
    public static final int NUMERIC = SessionFeatures.NUMERIC + SessionItems.NUMERIC;
    /** Categorical columns per item-task row. */
    public static final int CATEGORICAL = SessionFeatures.CATEGORICAL;

    /**
     * Writes the item-task rows of the candidates row-major into caller-owned batch buffers ({@code numeric} holds
     * at least {@code candidates.size() * NUMERIC} floats, {@code categorical} {@code candidates.size() *
     * CATEGORICAL} strings): ranking fills its model input without a row object per candidate.
     */
    public static void computeInto(List<BehaviourEvent> sessionEvents, List<String> candidates, Instant cut,
            ItemStatsTable stats, float[] numeric, String[] categorical) {
        computeInto(sessionEvents, candidates, cut, null, stats, numeric, categorical);
    }

    /** As {@link #computeInto(List, List, Instant, ItemStatsTable, float[], String[])}, with the user history. */
    public static void computeInto(List<BehaviourEvent> sessionEvents, List<String> candidates, Instant cut,
            UserHistory history, ItemStatsTable stats, float[] numeric, String[] categorical) {
        SessionFeatures.computeInto(sessionEvents, cut, history, numeric, 0, categorical, 0);
        SessionItems items = SessionItems.of(sessionEvents, cut);
        for (int r = 0, n = candidates.size(); r < n; r++) {
            int o = r * NUMERIC;
            if (r > 0) {
                System.arraycopy(numeric, 0, numeric, o, SessionFeatures.NUMERIC);
                System.arraycopy(categorical, 0, categorical, r * CATEGORICAL, CATEGORICAL);
            }
            String item = candidates.get(r);
            items.featuresInto(item, stats.get(item), numeric, o + SessionFeatures.NUMERIC);
        }
    }

    /**
     * The item-task rows of many candidates, sharing one pass over the session (what ranking calls per request).
     */
    public static List<FeatureRow> computeAll(List<BehaviourEvent> sessionEvents, List<String> candidates,
            Instant cut, ItemStatsTable stats) {
        return computeAll(sessionEvents, candidates, cut, null, stats);
    }

    /**
     * As {@link #computeAll(List, List, Instant, ItemStatsTable)}, with the visitor's history as of the session
     * start (null = unknown: the {@code user_prior_*} values are missing).
     */
    public static List<FeatureRow> computeAll(List<BehaviourEvent> sessionEvents, List<String> candidates,
            Instant cut, UserHistory history, ItemStatsTable stats) {
        float[] session = new float[SessionFeatures.NUMERIC];
        String[] cat = new String[SessionFeatures.CATEGORICAL];
        SessionFeatures.computeInto(sessionEvents, cut, history, session, 0, cat, 0);
        SessionItems items = SessionItems.of(sessionEvents, cut);
        List<FeatureRow> rows = new ArrayList<>(candidates.size());
        for (String item : candidates) {
            float[] num = new float[SessionFeatures.NUMERIC + SessionItems.NUMERIC];
            System.arraycopy(session, 0, num, 0, session.length);
            items.featuresInto(item, stats.get(item), num, SessionFeatures.NUMERIC);
            rows.add(new FeatureRow(NUMERIC_NAMES, num, CATEGORICAL_NAMES, cat.clone()));
        }
        return rows;
    }
}
