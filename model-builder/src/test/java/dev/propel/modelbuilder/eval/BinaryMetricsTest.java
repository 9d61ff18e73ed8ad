package dev.propel.modelbuilder.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Metric values checked against hand-computed (and scikit-learn documented) examples. */
class BinaryMetricsTest {
    private static final float[] P = {0.1f, 0.4f, 0.35f, 0.8f};
    private static final int[] Y = {0, 0, 1, 1};

    @Test
    void averagePrecisionMatchesTheScikitLearnExample() {
        assertEquals(0.8333333, BinaryMetrics.prAuc(P, Y), 1e-6);
    }

    @Test
    void logLossAccuracyAndF1() {
        double expected = -(Math.log(0.9) + Math.log(0.6) + Math.log(0.35) + Math.log(0.8)) / 4;
        assertEquals(expected, BinaryMetrics.logLoss(P, Y), 1e-6);
        assertEquals(0.75, BinaryMetrics.accuracy(P, Y, 0.5), 1e-12);
        assertEquals(2.0 / 3.0, BinaryMetrics.f1(P, Y, 0.5), 1e-12);
    }

    @Test
    void calibrationBinsCountAndAverage() {
        float[] p = {0.05f, 0.07f, 0.92f, 0.95f, 0.55f};
        int[] y = {0, 1, 1, 1, 0};
        List<BinaryMetrics.CalibrationBin> bins = BinaryMetrics.calibration(p, y, 10);
        assertEquals(3, bins.size());
        assertEquals(2, bins.get(0).count());
        assertEquals(0.06, bins.get(0).meanPredicted(), 1e-6);
        assertEquals(0.5, bins.get(0).observedRate(), 1e-12);
        assertEquals(1.0, bins.get(2).observedRate(), 1e-12);
    }

    @Test
    void rankingMetricsPerGroup() {
        String[] g = {"a", "a", "a", "b", "b", "c"};
        float[] s = {0.9f, 0.2f, 0.5f, 0.1f, 0.7f, 0.3f};
        int[] y = {0, 1, 0, 1, 0, 0};
        RankingMetrics m = RankingMetrics.of(g, s, y, 10);
        assertEquals(2, m.groups(), "group c has no positive");
        assertEquals(1.0, m.hitRate(), 1e-12);
        assertEquals((1.0 / 3 + 1.0 / 2) / 2, m.mrr(), 1e-12);
        double ndcgA = 1 / (Math.log(4) / Math.log(2));
        double ndcgB = 1 / (Math.log(3) / Math.log(2));
        assertEquals((ndcgA + ndcgB) / 2, m.ndcg(), 1e-12);
        RankingMetrics top1 = RankingMetrics.of(g, s, y, 1);
        assertEquals(0.0, top1.hitRate(), 1e-12);
    }
}
