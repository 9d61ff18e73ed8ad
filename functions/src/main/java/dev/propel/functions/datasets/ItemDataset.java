package dev.propel.functions.datasets;

import dev.propel.core.csv.CsvWriter;
import dev.propel.core.event.BehaviourEvent;
import dev.propel.core.event.EventTypes;
import dev.propel.core.features.FeatureSchema;
import dev.propel.core.features.ItemStats;
import dev.propel.core.features.ItemStatsTable;
import dev.propel.core.features.Session;
import dev.propel.core.features.SessionFeatures;
import dev.propel.core.features.SessionItems;
import dev.propel.core.features.UserHistory;
import java.time.Instant;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The day's {@code datasets/item} partition: one row per candidate item at one cut per session, just before its
 * first purchase (or after its last event when there is none). Candidates are the items the session touched before
 * the cut, then the most popular items of earlier windows; the label is whether the session purchased the item.
 */
final class ItemDataset implements DayTable<CsvPartition> {
    static final DatasetColumns COLUMNS = new DatasetColumns(
            List.of("session_key", "item_id", "candidate_source", "cut_at"),
            FeatureSchema.numericNames(FeatureSchema.ITEM), FeatureSchema.categoricalNames(FeatureSchema.ITEM));

    private final int popularCandidates;

    /** @param popularCandidates how many of the most popular items join every session's candidates */
    ItemDataset(int popularCandidates) {
        this.popularCandidates = popularCandidates;
    }

    @Override
    public CsvPartition build(DayInput day) {
        CsvPartition out = new CsvPartition(COLUMNS.all());
        List<ItemStats> popular = popular(day.prevItems());
        for (DayInput.DaySession s : day.sessions()) {
            writeSession(s.session(), s.firstPurchase(), s.history(), day.prevItems(), popular, out);
        }
        return out;
    }

    /** The popular items added as candidates to every session of the day. */
    List<ItemStats> popular(ItemStatsTable prevItems) {
        return prevItems.mostPopular(popularCandidates);
    }

    /**
     * One session's rows.
     *
     * @param firstPurchase the session's first purchase, null when it bought nothing
     * @param history       the actor's history at the session's start
     * @param prevItems     the item stats before the day (the candidates' item features)
     * @param popular       {@link #popular} of {@code prevItems}
     */
    void writeSession(Session s, Instant firstPurchase, UserHistory history, ItemStatsTable prevItems,
            List<ItemStats> popular, CsvPartition out) {
        Instant cut = firstPurchase != null ? firstPurchase : s.end().plusNanos(1);
        SessionItems items = SessionItems.of(s.events(), cut);
        if (items.items().isEmpty()) {
            return;
        }
        Set<String> purchased = new HashSet<>();
        for (BehaviourEvent e : s.events()) {
            if (EventTypes.PURCHASE.equals(e.type()) && e.itemId() != null) {
                purchased.add(e.itemId());
            }
        }
        float[] sessionNum = new float[SessionFeatures.NUMERIC];
        String[] sessionCat = new String[SessionFeatures.CATEGORICAL];
        float[] itemNum = new float[SessionItems.NUMERIC];
        SessionFeatures.computeInto(s.events(), cut, history, sessionNum, 0, sessionCat, 0);
        Map<String, String> candidates = new LinkedHashMap<>();
        for (String i : items.items()) {
            candidates.put(i, "session");
        }
        for (ItemStats p : popular) {
            candidates.putIfAbsent(p.itemId(), "popular");
        }
        String cutText = cut.toString();
        for (Map.Entry<String, String> c : candidates.entrySet()) {
            String itemId = c.getKey();
            items.featuresInto(itemId, prevItems.get(itemId), itemNum, 0);
            CsvWriter w = out.row();
            w.field(s.key()).field(itemId).field(c.getValue()).field(cutText);
            for (float v : sessionNum) {
                w.field((double) v);
            }
            for (float v : itemNum) {
                w.field((double) v);
            }
            for (String v : sessionCat) {
                w.field(v);
            }
            w.field(purchased.contains(itemId) ? "1" : "0");
            out.endRow();
        }
    }
}
