package dev.propel.functions.datasets;

import dev.propel.core.csv.CsvWriter;
import dev.propel.core.event.BehaviourEvent;
import dev.propel.core.features.FeatureSchema;
import dev.propel.core.features.Session;
import dev.propel.core.features.SessionFeatures;
import dev.propel.core.features.UserHistory;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The day's {@code datasets/conversion} partition: one row per prefix of each session before its first purchase,
 * labelled with whether the session went on to purchase.
 */
final class ConversionDataset implements DayTable<CsvPartition> {
    static final DatasetColumns COLUMNS = new DatasetColumns(List.of("session_key", "cut_at"),
            FeatureSchema.numericNames(FeatureSchema.CONVERSION),
            FeatureSchema.categoricalNames(FeatureSchema.CONVERSION));

    private final int maxPrefixes;

    /** @param maxPrefixes at most this many rows per session, evenly spaced */
    ConversionDataset(int maxPrefixes) {
        this.maxPrefixes = maxPrefixes;
    }

    @Override
    public CsvPartition build(DayInput day) {
        CsvPartition out = new CsvPartition(COLUMNS.all());
        for (DayInput.DaySession s : day.sessions()) {
            writeSession(s.session(), s.firstPurchase(), s.history(), out);
        }
        return out;
    }

    /**
     * One session's rows. The cut is just after each distinct event time (so ties enter together), as serving
     * would ask right after an event; features see only events strictly before the cut.
     *
     * @param firstPurchase the session's first purchase, null when it bought nothing
     * @param history       the actor's history at the session's start
     */
    void writeSession(Session s, Instant firstPurchase, UserHistory history, CsvPartition out) {
        List<Instant> cuts = new ArrayList<>();
        Instant prev = null;
        for (BehaviourEvent e : s.events()) {
            Instant t = e.timestamp();
            if (firstPurchase != null && !t.isBefore(firstPurchase)) {
                break;
            }
            if (!SessionFeatures.isBehaviour(e) || t.equals(prev)) {
                continue;
            }
            cuts.add(t.plusNanos(1));
            prev = t;
        }
        int n = cuts.size();
        int rows = Math.min(n, maxPrefixes);
        String label = firstPurchase != null ? "1" : "0";
        float[] num = new float[SessionFeatures.NUMERIC];
        String[] cat = new String[SessionFeatures.CATEGORICAL];
        for (int r = 0; r < rows; r++) {
            // evenly spaced prefixes, always ending with the longest
            Instant cut = cuts.get(rows == n ? r : (int) ((long) (r + 1) * n / rows) - 1);
            SessionFeatures.computeInto(s.events(), cut, history, num, 0, cat, 0);
            CsvWriter w = out.row();
            w.field(s.key()).field(cut.toString());
            for (float v : num) {
                w.field((double) v);
            }
            for (String c : cat) {
                w.field(c);
            }
            w.field(label);
            out.endRow();
        }
    }
}
