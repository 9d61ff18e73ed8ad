package dev.propel.modelbuilder.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;
import org.junit.jupiter.api.Test;

/** The input-run shortcut of a block-diagonal first layer computes what the input-by-input loops compute. */
class InputRunsTest {
    /**
     * 21 inputs: a value of feature 0, a value of feature 1, 8 bins of feature 0, 5 one-hot levels of feature 2,
     * 6 bins of feature 1. Feature 0 has 4 units, feature 1 three and feature 2 five.
     */
    private static final int WIDTH = 21;
    private static final int[] BLOCK_START = new int[WIDTH];
    private static final int[] BLOCK_END = new int[WIDTH];

    static {
        int[] group = new int[WIDTH];
        group[1] = 1;
        for (int i = 2; i < 10; i++) {
            group[i] = 0;
        }
        for (int i = 10; i < 15; i++) {
            group[i] = 2;
        }
        for (int i = 15; i < 21; i++) {
            group[i] = 1;
        }
        int[] first = {0, 4, 7};
        int[] width = {4, 3, 5};
        for (int i = 0; i < WIDTH; i++) {
            BLOCK_START[i] = first[group[i]];
            BLOCK_END[i] = first[group[i]] + width[group[i]];
        }
    }

    private static Mlp network(long seed) {
        Random r = new Random(seed);
        int[] sizes = {WIDTH, 12, 8, 1};
        int stored = 0;
        for (int i = 0; i < WIDTH; i++) {
            stored += BLOCK_END[i] - BLOCK_START[i];
        }
        float[][] w = {new float[stored], new float[12 * 8], new float[8]};
        float[][] b = {new float[12], new float[8], new float[1]};
        for (int l = 0; l < 3; l++) {
            for (int i = 0; i < w[l].length; i++) {
                w[l][i] = (float) r.nextGaussian();
            }
            for (int i = 0; i < b[l].length; i++) {
                b[l][i] = (float) (0.1 * r.nextGaussian());
            }
        }
        return new Mlp(sizes, w, b, BLOCK_START, BLOCK_END);
    }

    /** Thermometer bins as the feature pipeline writes them, including a rounding's 0.99999994 and NaN-free. */
    private static float[] rows(int n, long seed) {
        Random r = new Random(seed);
        float[] x = new float[n * WIDTH];
        for (int k = 0; k < n; k++) {
            int o = k * WIDTH;
            x[o] = (float) r.nextGaussian();
            x[o + 1] = r.nextInt(4) == 0 ? 0f : (float) r.nextGaussian();
            thermometer(x, o + 2, 8, r.nextDouble() * 9.5 - 0.5, r);
            x[o + 10 + r.nextInt(5)] = 1f;
            thermometer(x, o + 15, 6, r.nextDouble() * 7.5 - 0.5, r);
        }
        return x;
    }

    private static void thermometer(float[] x, int at, int bins, double s, Random r) {
        for (int t = 0; t < bins; t++) {
            x[at + t] = (float) Math.min(1, Math.max(0, s - t));
        }
        if (r.nextInt(5) == 0) {
            x[at + r.nextInt(bins)] = 0.99999994f;
        }
    }

    @Test
    void runsAreTheConsecutiveInputsOfOneBlock() {
        InputRuns runs = InputRuns.of(network(1));
        assertArrayEquals(new int[] {2, 10, 15}, runs.start);
        assertArrayEquals(new int[] {8, 5, 6}, runs.length);
        assertArrayEquals(new int[] {0, 1}, runs.loose);
        float[] x = rows(1, 2);
        java.util.Arrays.fill(x, 2, 10, 0f);
        x[2] = 1f;
        x[3] = 1f;
        x[4] = 0.25f;
        int code = runs.codes(x, 1, WIDTH)[0];
        assertEquals(2, InputRuns.lead(code));
        assertEquals(2, InputRuns.first(code));
        assertEquals(3, InputRuns.tail(code));
    }

    @Test
    void forwardThroughRunsEqualsInputByInput() {
        Mlp m = network(3);
        InputRuns runs = InputRuns.of(m);
        int n = 400;
        float[] x = rows(n, 4);
        int[] codes = runs.codes(x, n, WIDTH);
        float[] prefix = runs.buffer();
        runs.prefix(m.weights[0], prefix);
        float[][] act = m.activations();
        for (int r = 0; r < n; r++) {
            float plain = m.logit(x, r * WIDTH, act);
            float[] hidden = act[1].clone();
            float viaRuns = m.logit(x, r * WIDTH, act, m.nonZeroScratch(), runs, codes, r * runs.count, prefix);
            assertEquals(plain, viaRuns, 1e-5 * Math.max(1, Math.abs(plain)), "row " + r);
            for (int j = 0; j < hidden.length; j++) {
                assertEquals(hidden[j], act[1][j], 1e-5 * Math.max(1, Math.abs(hidden[j])), "row " + r);
            }
        }
    }

    @Test
    void gradientThroughRunsEqualsInputByInput() {
        Mlp m = network(5);
        InputRuns runs = InputRuns.of(m);
        int n = 300;
        float[] x = rows(n, 6);
        int[] y = new int[n];
        int[] order = new int[n];
        for (int r = 0; r < n; r++) {
            y[r] = r % 3 == 0 ? 1 : 0;
            order[r] = n - 1 - r;
        }
        float[][] transposed = {null, transpose(m.weights[1], 12, 8), transpose(m.weights[2], 8, 1)};
        GradientBuffer plain = new GradientBuffer(m, 0f, 7);
        GradientBuffer viaRuns = new GradientBuffer(m, 0f, 7, runs);
        plain.clear();
        viaRuns.clear();
        plain.accumulate(m, transposed, x, y, null, order, 10, 290, 2f, 1f / 280);
        float[] prefix = runs.buffer();
        runs.prefix(m.weights[0], prefix);
        int[] codes = runs.codes(x, n, WIDTH);
        viaRuns.accumulate(m, transposed, x, y, null, order, 10, 290, 2f, 1f / 280, codes, prefix);
        assertEquals(plain.loss, viaRuns.loss, 1e-4 * Math.abs(plain.loss));
        for (int l = 0; l < 3; l++) {
            assertClose(plain.gw[l], viaRuns.gw[l], "weights of layer " + l);
            assertClose(plain.gb[l], viaRuns.gb[l], "biases of layer " + l);
        }
        // A second batch in the same buffer starts from cleared per-lead sums.
        plain.clear();
        viaRuns.clear();
        plain.accumulate(m, transposed, x, y, null, order, 0, 50, 2f, 1f / 50);
        viaRuns.accumulate(m, transposed, x, y, null, order, 0, 50, 2f, 1f / 50, codes, prefix);
        assertClose(plain.gw[0], viaRuns.gw[0], "first layer, second batch");
    }

    private static void assertClose(float[] expected, float[] actual, String what) {
        float scale = 0;
        for (float v : expected) {
            scale = Math.max(scale, Math.abs(v));
        }
        for (int i = 0; i < expected.length; i++) {
            assertEquals(expected[i], actual[i], 1e-6 + 1e-5 * scale, what + " [" + i + "]");
        }
    }

    private static float[] transpose(float[] w, int in, int out) {
        float[] t = new float[w.length];
        for (int i = 0; i < in; i++) {
            for (int j = 0; j < out; j++) {
                t[j * in + i] = w[i * out + j];
            }
        }
        return t;
    }
}
