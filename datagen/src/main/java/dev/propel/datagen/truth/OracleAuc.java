package dev.propel.datagen.truth;

import dev.propel.core.evaluation.RocAuc;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The best ROC AUC any model can reach on simulated data: the AUC of the true probabilities themselves, at the
 * cuts the Propel tasks use.
 */
public final class OracleAuc {
    private OracleAuc() {
    }

    /**
     * Conversion task, one row per session, cut at the last event before the first purchase (the whole session
     * when it does not convert), scored by {@link ConversionTruth#probabilityAsCut()}.
     */
    public static double conversionBeforePurchase(List<ConversionTruth> truth) {
        Map<String, ConversionTruth> cut = cutsBeforePurchase(truth);
        double[] scores = new double[cut.size()];
        boolean[] labels = new boolean[cut.size()];
        int i = 0;
        for (ConversionTruth t : cut.values()) {
            scores[i] = t.probabilityAsCut();
            labels[i++] = t.converted();
        }
        return RocAuc.of(scores, labels);
    }

    /** The truth row of each session's last event before its first purchase, keyed by session id. */
    public static Map<String, ConversionTruth> cutsBeforePurchase(List<ConversionTruth> truth) {
        Map<String, ConversionTruth> cut = new LinkedHashMap<>();
        for (ConversionTruth t : truth) {
            if (t.hasPurchase()) {
                continue;
            }
            ConversionTruth previous = cut.get(t.sessionId());
            if (previous == null || t.position() > previous.position()) {
                cut.put(t.sessionId(), t);
            }
        }
        return cut;
    }

    /**
     * Conversion task over every pre-purchase prefix of every session (one row per event before a purchase),
     * scored by the online {@link ConversionTruth#probability()}.
     */
    public static double conversionAllPrefixes(List<ConversionTruth> truth) {
        List<ConversionTruth> rows = new ArrayList<>();
        for (ConversionTruth t : truth) {
            if (!t.hasPurchase()) {
                rows.add(t);
            }
        }
        double[] scores = new double[rows.size()];
        boolean[] labels = new boolean[rows.size()];
        for (int i = 0; i < rows.size(); i++) {
            scores[i] = rows.get(i).probability();
            labels[i] = rows.get(i).converted();
        }
        return RocAuc.of(scores, labels);
    }

    /** Item task: the candidate rows of all converting sessions pooled. */
    public static double item(List<ItemTruth> truth) {
        double[] scores = new double[truth.size()];
        boolean[] labels = new boolean[truth.size()];
        for (int i = 0; i < truth.size(); i++) {
            scores[i] = truth.get(i).probability();
            labels[i] = truth.get(i).purchased();
        }
        return RocAuc.of(scores, labels);
    }
}
