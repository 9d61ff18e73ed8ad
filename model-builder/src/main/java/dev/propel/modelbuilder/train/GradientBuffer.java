package dev.propel.modelbuilder.train;

import java.util.Arrays;

/** One thread's gradient accumulators and scratch activations for back-propagation over a slice of a batch. */
final class GradientBuffer {
    final float[][] gw;
    final float[][] gb;
    private final float[][] act;
    private final float[][] delta;
    private final int[] sizes;
    double loss;

    GradientBuffer(Mlp shape) {
        sizes = shape.sizes();
        int layers = sizes.length - 1;
        gw = new float[layers][];
        gb = new float[layers][];
        delta = new float[layers][];
        for (int l = 0; l < layers; l++) {
            gw[l] = new float[sizes[l] * sizes[l + 1]];
            gb[l] = new float[sizes[l + 1]];
            delta[l] = new float[sizes[l + 1]];
        }
        act = shape.activations();
    }

    void clear() {
        for (int l = 0; l < gw.length; l++) {
            Arrays.fill(gw[l], 0f);
            Arrays.fill(gb[l], 0f);
        }
        loss = 0;
    }

    /**
     * Adds the gradient of the weighted cross-entropy of rows {@code order[from..to)}, each scaled by
     * {@code scale} (1 / batch size).
     */
    void accumulate(Mlp m, float[][] transposed, float[] x, int[] y, float[] rowWeights, int[] order, int from,
                    int to, float positiveWeight, float scale) {
        int width = sizes[0];
        int layers = sizes.length - 1;
        for (int k = from; k < to; k++) {
            int r = order[k];
            int offset = r * width;
            float z = m.logit(x, offset, act);
            float p = Mlp.sigmoid(z);
            int label = y[r];
            float w = (label == 1 ? positiveWeight : 1f) * (rowWeights == null ? 1f : rowWeights[r]);
            loss += w * (Math.max(z, 0f) - z * label + Math.log1p(Math.exp(-Math.abs(z))));
            delta[layers - 1][0] = w * (p - label) * scale;
            for (int l = layers - 1; l >= 0; l--) {
                int in = sizes[l];
                int out = sizes[l + 1];
                float[] d = delta[l];
                float[] g = gw[l];
                float[] b = gb[l];
                for (int j = 0; j < out; j++) {
                    b[j] += d[j];
                }
                float[] src = l == 0 ? x : act[l];
                int base = l == 0 ? offset : 0;
                for (int i = 0; i < in; i++) {
                    float xi = src[base + i];
                    if (xi != 0f) {
                        int row = i * out;
                        for (int j = 0; j < out; j++) {
                            g[row + j] += xi * d[j];
                        }
                    }
                }
                if (l > 0) {
                    // prev = W d, as axpy over W's transposed rows: vectorises, where a dot product per input
                    // would be a serial floating-point reduction.
                    float[] wt = transposed[l];
                    float[] prev = delta[l - 1];
                    float[] a = act[l];
                    java.util.Arrays.fill(prev, 0f);
                    for (int j = 0; j < out; j++) {
                        float dj = d[j];
                        if (dj != 0f) {
                            int row = j * in;
                            for (int i = 0; i < in; i++) {
                                prev[i] += wt[row + i] * dj;
                            }
                        }
                    }
                    for (int i = 0; i < in; i++) {
                        if (a[i] <= 0f) {
                            prev[i] = 0f;
                        }
                    }
                }
            }
        }
    }
}
