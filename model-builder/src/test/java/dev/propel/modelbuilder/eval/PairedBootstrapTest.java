package dev.propel.modelbuilder.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

/** The paired bootstrap of AUC differences. */
class PairedBootstrapTest {

    @Test
    void differenceIsTheAucDifferenceAndTheIntervalExcludesZeroForAClearlyBetterModel() {
        Random r = new Random(3);
        int n = 4000;
        int[] y = new int[n];
        float[] good = new float[n];
        float[] weak = new float[n];
        for (int i = 0; i < n; i++) {
            y[i] = r.nextDouble() < 0.3 ? 1 : 0;
            good[i] = (float) (y[i] * 1.5 + r.nextGaussian());
            weak[i] = (float) (y[i] * 0.5 + r.nextGaussian());
        }
        PairedBootstrap.Interval d = PairedBootstrap.aucDifference(good, weak, y, 500, 1);
        assertEquals(BinaryMetrics.rocAuc(good, y) - BinaryMetrics.rocAuc(weak, y), d.difference(), 1e-9);
        assertTrue(d.lower() > 0 && d.lower() < d.difference() && d.difference() < d.upper(), d.toString());
        assertEquals(500, d.resamples());
    }

    @Test
    void aModelComparedWithItselfHasAZeroWidthIntervalAtZero() {
        int[] y = {0, 1, 0, 1, 1, 0, 0, 1};
        float[] p = {0.1f, 0.9f, 0.4f, 0.4f, 0.7f, 0.2f, 0.6f, 0.8f};
        PairedBootstrap.Interval d = PairedBootstrap.aucDifference(p, p, y, 200, 2);
        assertEquals(0, d.difference());
        assertEquals(0, d.lower());
        assertEquals(0, d.upper());
    }
}
