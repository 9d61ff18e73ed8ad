package dev.propel.modelbuilder.train;

import java.util.Arrays;

/** One thread's gradient accumulators and scratch activations for back-propagation over a slice of a batch. */
final class GradientBuffer {
    final float[][] gw;
    final float[][] gb;
    private final float[][] act;
    private final float[][] delta;
    private final int[] nonZero;
    private final int[] sizes;
    private final float dropout;
    private final float keepScale;
    private long state;
    /** The first layer's input runs (null = none, every input one by one), with per-lead gradient sums. */
    private final InputRuns runs;
    private final float[] below;
    private final float[] scratch;
    double loss;

    /**
     * @param dropout share of hidden units zeroed per row (0 = none); kept ones are scaled by 1 / (1 - dropout)
     * @param seed    seed of this buffer's dropout masks
     */
    GradientBuffer(Mlp shape, float dropout, long seed) {
        this(shape, dropout, seed, null);
    }

    /** The same, computing a block-diagonal first layer through its input {@code runs} (null = one by one). */
    GradientBuffer(Mlp shape, float dropout, long seed, InputRuns runs) {
        this.runs = runs;
        this.below = runs == null ? null : runs.buffer();
        this.scratch = runs == null ? null : new float[runs.widestBlock()];
        this.dropout = dropout;
        this.keepScale = 1f / (1f - dropout);
        this.state = seed * 0x9E3779B97F4A7C15L + 0x632BE59BD9B4E019L;
        sizes = shape.sizes();
        int layers = sizes.length - 1;
        gw = new float[layers][];
        gb = new float[layers][];
        delta = new float[layers][];
        for (int l = 0; l < layers; l++) {
            gw[l] = new float[shape.weights[l].length];
            gb[l] = new float[sizes[l + 1]];
            delta[l] = new float[sizes[l + 1]];
        }
        act = shape.activations();
        nonZero = shape.nonZeroScratch();
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
        accumulate(m, transposed, x, y, rowWeights, order, from, to, positiveWeight, scale, null, null);
    }

    /**
     * The same; with input runs, {@code codes} are the runs' codes of {@code x}'s rows and {@code prefix} their
     * prefix sums of the current weights (see {@link InputRuns}).
     */
    void accumulate(Mlp m, float[][] transposed, float[] x, int[] y, float[] rowWeights, int[] order, int from,
                    int to, float positiveWeight, float scale, int[] codes, float[] prefix) {
        int width = sizes[0];
        int layers = sizes.length - 1;
        boolean viaRuns = runs != null && codes != null;
        for (int k = from; k < to; k++) {
            int r = order[k];
            int offset = r * width;
            float z = viaRuns ? m.logit(x, offset, act, nonZero, runs, codes, r * runs.count, prefix)
                    : m.logit(x, offset, act, nonZero, null, null, 0, null);
            if (dropout > 0f) {
                z = dropped(m, x, offset);
            }
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
                if (l == 0 && viaRuns) {
                    runGradient(m, x, offset, d, g, codes, r * runs.count);
                } else if (l == 0 && m.blockStart != null) {
                    embeddingGradient(m, x, offset, d, g);
                } else {
                    int count = Mlp.nonZero(src, base, in, nonZero);
                    for (int q = 0; q < count; q++) {
                        int i = nonZero[q];
                        float xi = src[base + i];
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
                    int count = Mlp.nonZero(d, 0, out, nonZero);
                    for (int q = 0; q < count; q++) {
                        int j = nonZero[q];
                        float dj = d[j];
                        int row = j * in;
                        for (int i = 0; i < in; i++) {
                            prev[i] += wt[row + i] * dj;
                        }
                    }
                    // act holds the post-dropout values: a unit that is zero passes no gradient; a kept unit's
                    // gradient carries the same 1 / (1 - dropout) scale as its value did.
                    float through = dropout > 0f ? keepScale : 1f;
                    for (int i = 0; i < in; i++) {
                        prev[i] = a[i] <= 0f ? 0f : prev[i] * through;
                    }
                }
            }
        }
        if (viaRuns) {
            runs.fold(below, gw[0], scratch);
        }
    }

    /**
     * {@link #embeddingGradient} through the input runs: a run's leading ones add the delta once at their count
     * (turned into every row's gradient by {@link InputRuns#fold} after the batch), the rest one by one.
     */
    private void runGradient(Mlp m, float[] x, int offset, float[] d, float[] g, int[] codes, int codeAt) {
        for (int q = 0; q < runs.count; q++) {
            int code = codes[codeAt + q];
            int lead = InputRuns.lead(code);
            int lo = runs.unit[q];
            int units = runs.units[q];
            if (lead > 0) {
                int p = runs.prefixOffset[q] + lead * units;
                for (int j = 0; j < units; j++) {
                    below[p + j] += d[lo + j];
                }
            }
            int in = offset + runs.start[q];
            for (int t = InputRuns.first(code), tail = InputRuns.tail(code); t < tail; t++) {
                float xi = x[in + t];
                if (xi != 0f) {
                    int row = runs.weightOffset[q] + t * units;
                    for (int j = 0; j < units; j++) {
                        g[row + j] += xi * d[lo + j];
                    }
                }
            }
        }
        for (int i : runs.loose) {
            inputGradient(m, x[offset + i], i, d, g);
        }
    }

    /** A block-diagonal first layer's gradient: each input's only within its own block (see {@link Mlp#embed}). */
    private static void embeddingGradient(Mlp m, float[] x, int offset, float[] d, float[] g) {
        for (int i = 0; i < m.blockStart.length; i++) {
            inputGradient(m, x[offset + i], i, d, g);
        }
    }

    /** Input {@code i}'s share of that gradient: its value times its block's deltas. */
    private static void inputGradient(Mlp m, float xi, int i, float[] d, float[] g) {
        if (xi != 0f) {
            int lo = m.blockStart[i];
            int hi = m.blockEnd[i];
            int row = m.blockOffset[i] - lo;
            for (int j = lo; j < hi; j++) {
                g[row + j] += xi * d[j];
            }
        }
    }

    /**
     * The forward pass again from the first hidden layer's output, with each hidden unit zeroed with probability
     * {@code dropout} and the rest scaled up (inverted dropout, so inference needs no change); returns the logit.
     */
    private float dropped(Mlp m, float[] x, int offset) {
        int layers = sizes.length - 1;
        for (int l = 1; l <= layers; l++) {
            float[] h = act[l];
            if (l > 1) {
                // recompute layer l from the dropped layer l - 1
                int in = sizes[l - 1];
                int out = sizes[l];
                float[] w = m.weights[l - 1];
                System.arraycopy(m.biases[l - 1], 0, h, 0, out);
                float[] src = act[l - 1];
                for (int i = 0; i < in; i++) {
                    float xi = src[i];
                    if (xi != 0f) {
                        int row = i * out;
                        for (int j = 0; j < out; j++) {
                            h[j] += xi * w[row + j];
                        }
                    }
                }
                if (l < layers) {
                    for (int j = 0; j < out; j++) {
                        if (h[j] < 0f) {
                            h[j] = 0f;
                        }
                    }
                }
            }
            if (l < layers) {
                for (int j = 0; j < h.length; j++) {
                    h[j] = nextUniform() < dropout ? 0f : h[j] * keepScale;
                }
            }
        }
        return act[layers][0];
    }

    /** A uniform float in [0, 1) from a SplitMix64 step: cheap, and the same sequence for the same seed. */
    private float nextUniform() {
        long z = (state += 0x9E3779B97F4A7C15L);
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        z = z ^ (z >>> 31);
        return (z >>> 40) * 0x1.0p-24f;
    }
}
