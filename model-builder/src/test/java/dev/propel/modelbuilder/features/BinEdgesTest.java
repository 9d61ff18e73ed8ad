package dev.propel.modelbuilder.features;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

/** Bin edges and the piecewise-linear encoding computed from them. */
class BinEdgesTest {

    @Test
    void integerCodesGetAThermometerCodeThatIsOneHotUpToALinearMap() {
        double[] codes = new double[500];
        for (int i = 0; i < codes.length; i++) {
            codes[i] = 1 + i % 5;
        }
        NumericFeature f = FeaturePipeline.fitNumeric("region", codes, FeaturePipeline.Options.binned(16));
        assertEquals(4, f.bins(), "five codes, an edge at each");
        float[] out = new float[4];
        f.encode(f.scale(3), f.inverseWidths(), out, 0);
        assertArrayEquals(new float[] {1, 1, 0, 0}, out, 1e-6f);
        f.encode(f.scale(1), f.inverseWidths(), out, 0);
        assertArrayEquals(new float[] {0, 0, 0, 0}, out, 1e-6f);
        f.encode(f.scale(5), f.inverseWidths(), out, 0);
        assertArrayEquals(new float[] {1, 1, 1, 1}, out, 1e-6f);
    }

    @Test
    void continuousValuesGetQuantileBinsAndRampsClampedToZeroAndOne() {
        Random r = new Random(1);
        double[] v = new double[4000];
        for (int i = 0; i < v.length; i++) {
            v[i] = r.nextGaussian();
        }
        NumericFeature f = FeaturePipeline.fitNumeric("x", v, FeaturePipeline.Options.binned(16));
        assertEquals(16, f.bins());
        float[] e = f.edges();
        for (int t = 1; t < e.length; t++) {
            assertTrue(e[t] > e[t - 1], "strictly increasing");
        }
        // Quantile bins hold about the same number of training rows each.
        int[] perBin = new int[16];
        for (double x : v) {
            float s = f.scale(x);
            for (int t = 0; t < 16; t++) {
                if (s >= e[t] && (s < e[t + 1] || t == 15)) {
                    perBin[t]++;
                    break;
                }
            }
        }
        for (int c : perBin) {
            assertEquals(250, c, 3);
        }
        float[] out = new float[16];
        f.encode(-1e9f, f.inverseWidths(), out, 0);
        assertArrayEquals(new float[16], out);
        f.encode(1e9f, f.inverseWidths(), out, 0);
        for (float o : out) {
            assertEquals(1f, o);
        }
        float mid = (e[7] + e[8]) / 2;
        f.encode(mid, f.inverseWidths(), out, 0);
        assertEquals(1f, out[6]);
        assertEquals(0.5f, out[7], 1e-5);
        assertEquals(0f, out[8]);
    }

    @Test
    void aSpikeOfZerosBecomesOneEdgeAndTheOtherValuesKeepTheirBins() {
        Random r = new Random(3);
        float[] v = new float[5000];
        for (int i = 0; i < v.length; i++) {
            v[i] = i % 10 == 0 ? (float) Math.exp(r.nextGaussian() + 8) : 0f;
        }
        float[] e = BinEdges.of(v, 16);
        assertEquals(0f, e[0], "the spike is the first edge");
        assertTrue(e.length >= 15, "the 10% non-zero values still get about 15 bins: " + java.util.Arrays.toString(e));
    }

    @Test
    void softClipKeepsTheCentreAndBoundsOutliers() {
        NumericFeature f = new NumericFeature("x", false, 0f, 1f, false, 0, true, new float[0]);
        assertEquals(0.5f, f.input(0.5f), 0.01f);
        assertTrue(f.input(1e6f) <= 3f && f.input(1e6f) > 2.99f);
        assertEquals(-f.input(4f), f.input(-4f));
    }
}
