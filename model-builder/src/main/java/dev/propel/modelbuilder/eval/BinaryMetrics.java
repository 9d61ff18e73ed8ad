package dev.propel.modelbuilder.eval;

import dev.propel.core.evaluation.RocAuc;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Metrics of probabilistic binary predictions: ranking (ROC/PR AUC), loss, thresholded and calibration. */
public final class BinaryMetrics {
    private static final double CLIP = 1e-7;

    private BinaryMetrics() {
    }

    /**
     * Area under the ROC curve, ties counted half; NaN with a single class. The project's one implementation is
     * {@link RocAuc} in core (shared with the simulator's oracle); this keeps every binary metric in one place here.
     */
    public static double rocAuc(float[] p, int[] y) {
        return RocAuc.of(p, y);
    }

    /** Area under the precision-recall curve as average precision (sklearn's definition). */
    public static double prAuc(float[] p, int[] y) {
        Integer[] idx = sortedAscending(p);
        int n = p.length;
        long totalPos = Arrays.stream(y).filter(v -> v == 1).count();
        if (totalPos == 0) {
            return Double.NaN;
        }
        double ap = 0;
        long tp = 0;
        long fp = 0;
        double prevRecall = 0;
        int i = n - 1;
        while (i >= 0) {
            int j = i;
            while (j - 1 >= 0 && p[idx[j - 1]] == p[idx[i]]) {
                j--;
            }
            for (int k = j; k <= i; k++) {
                if (y[idx[k]] == 1) {
                    tp++;
                } else {
                    fp++;
                }
            }
            double recall = (double) tp / totalPos;
            double precision = (double) tp / (tp + fp);
            ap += (recall - prevRecall) * precision;
            prevRecall = recall;
            i = j - 1;
        }
        return ap;
    }

    /** Mean binary cross-entropy, probabilities clipped to [1e-7, 1 - 1e-7]. */
    public static double logLoss(float[] p, int[] y) {
        double s = 0;
        for (int i = 0; i < p.length; i++) {
            double q = Math.min(1 - CLIP, Math.max(CLIP, p[i]));
            s -= y[i] == 1 ? Math.log(q) : Math.log(1 - q);
        }
        return s / p.length;
    }

    public static double accuracy(float[] p, int[] y, double threshold) {
        int ok = 0;
        for (int i = 0; i < p.length; i++) {
            if ((p[i] >= threshold ? 1 : 0) == y[i]) {
                ok++;
            }
        }
        return (double) ok / p.length;
    }

    public static double f1(float[] p, int[] y, double threshold) {
        long tp = 0;
        long fp = 0;
        long fn = 0;
        for (int i = 0; i < p.length; i++) {
            boolean predicted = p[i] >= threshold;
            if (predicted && y[i] == 1) {
                tp++;
            } else if (predicted) {
                fp++;
            } else if (y[i] == 1) {
                fn++;
            }
        }
        return tp == 0 ? 0 : 2.0 * tp / (2.0 * tp + fp + fn);
    }

    /** One reliability bin: predictions in [lower, upper), their mean and the observed positive rate. */
    public record CalibrationBin(double lower, double upper, long count, double meanPredicted, double observedRate) {
    }

    /** Ten equal-width reliability bins (empty bins omitted). */
    public static List<CalibrationBin> calibration(float[] p, int[] y, int bins) {
        long[] count = new long[bins];
        double[] sumP = new double[bins];
        long[] pos = new long[bins];
        for (int i = 0; i < p.length; i++) {
            int b = Math.min(bins - 1, Math.max(0, (int) (p[i] * bins)));
            count[b]++;
            sumP[b] += p[i];
            pos[b] += y[i];
        }
        List<CalibrationBin> out = new ArrayList<>();
        for (int b = 0; b < bins; b++) {
            if (count[b] > 0) {
                out.add(new CalibrationBin((double) b / bins, (double) (b + 1) / bins, count[b],
                        sumP[b] / count[b], (double) pos[b] / count[b]));
            }
        }
        return out;
    }

    /** Expected calibration error over the bins: count-weighted |mean predicted - observed|. */
    public static double expectedCalibrationError(List<CalibrationBin> bins) {
        long n = bins.stream().mapToLong(CalibrationBin::count).sum();
        double e = 0;
        for (CalibrationBin b : bins) {
            e += (double) b.count() / n * Math.abs(b.meanPredicted() - b.observedRate());
        }
        return e;
    }

    /** A curve as (x, y) points. */
    public record Curve(double[] x, double[] y) {
    }

    /** ROC curve points (false positive rate, true positive rate), thinned to at most {@code maxPoints}. */
    public static Curve rocCurve(float[] p, int[] y, int maxPoints) {
        return curve(p, y, maxPoints, true);
    }

    /** Precision-recall curve points (recall, precision), thinned to at most {@code maxPoints}. */
    public static Curve prCurve(float[] p, int[] y, int maxPoints) {
        return curve(p, y, maxPoints, false);
    }

    private static Curve curve(float[] p, int[] y, int maxPoints, boolean roc) {
        Integer[] idx = sortedAscending(p);
        int n = p.length;
        long totalPos = Arrays.stream(y).filter(v -> v == 1).count();
        long totalNeg = n - totalPos;
        List<double[]> pts = new ArrayList<>();
        pts.add(roc ? new double[] {0, 0} : new double[] {0, 1});
        long tp = 0;
        long fp = 0;
        int i = n - 1;
        while (i >= 0) {
            int j = i;
            while (j - 1 >= 0 && p[idx[j - 1]] == p[idx[i]]) {
                j--;
            }
            for (int k = j; k <= i; k++) {
                if (y[idx[k]] == 1) {
                    tp++;
                } else {
                    fp++;
                }
            }
            if (roc) {
                pts.add(new double[] {totalNeg == 0 ? 0 : (double) fp / totalNeg,
                        totalPos == 0 ? 0 : (double) tp / totalPos});
            } else {
                pts.add(new double[] {totalPos == 0 ? 0 : (double) tp / totalPos, (double) tp / (tp + fp)});
            }
            i = j - 1;
        }
        int step = Math.max(1, pts.size() / maxPoints);
        List<double[]> kept = new ArrayList<>();
        for (int k = 0; k < pts.size(); k += step) {
            kept.add(pts.get(k));
        }
        if (kept.get(kept.size() - 1) != pts.get(pts.size() - 1)) {
            kept.add(pts.get(pts.size() - 1));
        }
        double[] xs = new double[kept.size()];
        double[] ys = new double[kept.size()];
        for (int k = 0; k < kept.size(); k++) {
            xs[k] = kept.get(k)[0];
            ys[k] = kept.get(k)[1];
        }
        return new Curve(xs, ys);
    }

    private static Integer[] sortedAscending(float[] p) {
        Integer[] idx = new Integer[p.length];
        for (int i = 0; i < idx.length; i++) {
            idx[i] = i;
        }
        Arrays.sort(idx, (a, b) -> Float.compare(p[a], p[b]));
        return idx;
    }
}
