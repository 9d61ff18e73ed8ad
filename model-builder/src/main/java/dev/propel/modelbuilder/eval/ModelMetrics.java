package dev.propel.modelbuilder.eval;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The quality figures of one model on one set of rows.
 *
 * @param rows        rows evaluated
 * @param rocAuc      area under the ROC curve
 * @param prAuc       average precision
 * @param logLoss     mean binary cross-entropy
 * @param accuracy    accuracy at threshold 0.5
 * @param f1          F1 at threshold 0.5
 * @param brier       mean squared error of the probability
 * @param ece         expected calibration error over ten bins
 * @param calibration the reliability bins
 */
public record ModelMetrics(int rows, double rocAuc, double prAuc, double logLoss, double accuracy, double f1,
                           double brier, double ece, List<BinaryMetrics.CalibrationBin> calibration) {

    /** Computes all figures. */
    public static ModelMetrics of(float[] p, int[] y) {
        List<BinaryMetrics.CalibrationBin> bins = BinaryMetrics.calibration(p, y, 10);
        double brier = 0;
        for (int i = 0; i < p.length; i++) {
            brier += (p[i] - y[i]) * (double) (p[i] - y[i]);
        }
        return new ModelMetrics(p.length, BinaryMetrics.rocAuc(p, y), BinaryMetrics.prAuc(p, y),
                BinaryMetrics.logLoss(p, y), BinaryMetrics.accuracy(p, y, 0.5), BinaryMetrics.f1(p, y, 0.5),
                p.length == 0 ? Double.NaN : brier / p.length, BinaryMetrics.expectedCalibrationError(bins), bins);
    }

    /** JSON-friendly form (NaN becomes null). */
    public Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("rows", rows);
        m.put("roc_auc", finite(rocAuc));
        m.put("pr_auc", finite(prAuc));
        m.put("log_loss", finite(logLoss));
        m.put("accuracy", finite(accuracy));
        m.put("f1", finite(f1));
        m.put("brier", finite(brier));
        m.put("ece", finite(ece));
        return m;
    }

    static Double finite(double v) {
        return Double.isFinite(v) ? v : null;
    }
}
