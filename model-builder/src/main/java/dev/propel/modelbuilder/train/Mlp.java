package dev.propel.modelbuilder.train;

import java.util.Arrays;
import java.util.List;

/**
 * A trained multi-layer perceptron: dense layers with ReLU between them and a single sigmoid output. Weights of
 * layer {@code l} are row-major [in][out], the layout ONNX {@code Gemm} takes as B without transposition.
 * <p>
 * The first layer may be block-diagonal (per-feature embeddings, Gorishniy et al. 2022): input {@code i} then
 * feeds only outputs {@code [blockStart[i], blockEnd[i])}. Its weights are still stored dense, with zeros outside
 * the blocks that training never touches, so prediction and export are those of a dense layer; the blocks only let
 * training skip the zeros.
 */
public final class Mlp {
    private final int[] sizes;
    final float[][] weights;
    final float[][] biases;
    /** Per input of the first layer, its first and one-past-last output; null = dense. */
    final int[] blockStart;
    final int[] blockEnd;
    /**
     * Per input of a block-diagonal first layer, where its weights start in {@code weights[0]}, which then holds
     * only the blocks (input by input, each its block's outputs in order): the dense form's zeros would be read
     * and written on every row for nothing.
     */
    final int[] blockOffset;
    /** The networks an ensemble's wide network averages, kept for an export that runs them as one batch. */
    private final List<Mlp> members;

    Mlp(int[] sizes, float[][] weights, float[][] biases) {
        this(sizes, weights, biases, null, null, List.of());
    }

    Mlp(int[] sizes, float[][] weights, float[][] biases, int[] blockStart, int[] blockEnd) {
        this(sizes, weights, biases, blockStart, blockEnd, List.of());
    }

    private Mlp(int[] sizes, float[][] weights, float[][] biases, int[] blockStart, int[] blockEnd,
                List<Mlp> members) {
        this.sizes = sizes.clone();
        this.weights = weights;
        this.biases = biases;
        this.blockStart = blockStart;
        this.blockEnd = blockEnd;
        this.members = List.copyOf(members);
        if (blockStart != null) {
            blockOffset = new int[blockStart.length];
            int at = 0;
            for (int i = 0; i < blockStart.length; i++) {
                blockOffset[i] = at;
                at += blockEnd[i] - blockStart[i];
            }
            if (weights[0].length != at) {
                throw new IllegalArgumentException("first-layer weights hold " + weights[0].length
                        + " values, the blocks " + at);
            }
        } else {
            blockOffset = null;
        }
    }

    /** A zero network of the given layer sizes (input, hidden..., 1). */
    static Mlp zeros(int[] sizes) {
        int layers = sizes.length - 1;
        float[][] w = new float[layers][];
        float[][] b = new float[layers][];
        for (int l = 0; l < layers; l++) {
            w[l] = new float[sizes[l] * sizes[l + 1]];
            b[l] = new float[sizes[l + 1]];
        }
        return new Mlp(sizes, w, b);
    }

    /**
     * One network whose logit is the mean of the members' logits: hidden layers side by side (block-diagonal
     * weights after the first), output weights divided by the member count. Exported as one chain of dense
     * layers, so the graph stays the same shape however many members there are.
     */
    public static Mlp averaged(List<Mlp> members) {
        if (members.size() == 1) {
            return members.get(0);
        }
        int count = members.size();
        int[] one = members.get(0).sizes;
        for (Mlp m : members) {
            if (!Arrays.equals(m.sizes, one)) {
                throw new IllegalArgumentException("ensemble members differ in shape");
            }
        }
        int layers = one.length - 1;
        int[] sizes = one.clone();
        for (int l = 1; l < layers; l++) {
            sizes[l] = one[l] * count;
        }
        Mlp out = zeros(sizes);
        for (int k = 0; k < count; k++) {
            Mlp m = members.get(k);
            for (int l = 0; l < layers; l++) {
                float[] memberWeights = m.weights(l);
                int in = one[l];
                int outW = one[l + 1];
                int rowOffset = l == 0 ? 0 : k * in;
                int colOffset = l == layers - 1 ? 0 : k * outW;
                int wideOut = sizes[l + 1];
                float scale = l == layers - 1 ? 1f / count : 1f;
                for (int i = 0; i < in; i++) {
                    for (int j = 0; j < outW; j++) {
                        out.weights[l][(rowOffset + i) * wideOut + colOffset + j] = memberWeights[i * outW + j] * scale;
                    }
                }
                for (int j = 0; j < outW; j++) {
                    out.biases[l][colOffset + j] += m.biases[l][j] * scale;
                }
            }
        }
        return new Mlp(sizes, out.weights, out.biases, null, null, members);
    }

    /** The networks whose logits this one averages: an ensemble's members, or this network alone. */
    public List<Mlp> members() {
        return members.isEmpty() ? List.of(this) : members;
    }

    /**
     * Per input of a block-diagonal first layer (per-feature embeddings), the first output of its feature's block;
     * null when the first layer is dense.
     */
    public int[] blockStarts() {
        return blockStart == null ? null : blockStart.clone();
    }

    /** Per input of a block-diagonal first layer, one past the last output of its block; null when dense. */
    public int[] blockEnds() {
        return blockEnd == null ? null : blockEnd.clone();
    }

    /** Layer sizes: input width, hidden widths, 1. */
    public int[] sizes() {
        return sizes.clone();
    }

    public int layers() {
        return sizes.length - 1;
    }

    /** A copy of layer {@code l}'s weights, row-major [in][out] (a block-diagonal layer with its zeros). */
    public float[] weights(int l) {
        if (l > 0 || blockStart == null) {
            return weights[l].clone();
        }
        int out = sizes[1];
        float[] dense = new float[sizes[0] * out];
        for (int i = 0; i < blockStart.length; i++) {
            System.arraycopy(weights[0], blockOffset[i], dense, i * out + blockStart[i], blockEnd[i] - blockStart[i]);
        }
        return dense;
    }

    public float[] biases(int l) {
        return biases[l].clone();
    }

    Mlp copy() {
        float[][] w = new float[weights.length][];
        float[][] b = new float[biases.length][];
        for (int l = 0; l < weights.length; l++) {
            w[l] = weights[l].clone();
            b[l] = biases[l].clone();
        }
        return new Mlp(sizes, w, b, blockStart, blockEnd, members);
    }

    void copyFrom(Mlp other) {
        for (int l = 0; l < weights.length; l++) {
            System.arraycopy(other.weights[l], 0, weights[l], 0, weights[l].length);
            System.arraycopy(other.biases[l], 0, biases[l], 0, biases[l].length);
        }
    }

    /** Probabilities for a row-major [n x width] input matrix, in float like the exported graph. */
    public float[] predict(float[] x, int n) {
        float[] out = new float[n];
        float[][] act = activations();
        int[] nonZero = nonZeroScratch();
        for (int r = 0; r < n; r++) {
            out[r] = sigmoid(logit(x, r * sizes[0], act, nonZero, null, null, 0, null));
        }
        return out;
    }

    /** Room for the positions of one layer's non-zero inputs (see {@link #nonZero}). */
    int[] nonZeroScratch() {
        int widest = 0;
        for (int s : sizes) {
            widest = Math.max(widest, s);
        }
        return new int[widest];
    }

    /**
     * Writes the positions of the non-zero values among {@code v[from..from+n)} (relative to {@code from}) into
     * {@code into} and returns their count. Branch-free: after a ReLU about half the values are zero in no
     * predictable pattern, and a test-and-skip per value mispredicted often enough to cost more than the
     * multiply-adds it skipped; the layers then loop over the list without a branch. The same values are added in
     * the same order as before, so results are identical.
     */
    static int nonZero(float[] v, int from, int n, int[] into) {
        int k = 0;
        for (int i = 0; i < n; i++) {
            into[k] = i;
            k += v[from + i] != 0f ? 1 : 0;
        }
        return k;
    }

    float[][] activations() {
        float[][] act = new float[sizes.length][];
        for (int l = 1; l < sizes.length; l++) {
            act[l] = new float[sizes[l]];
        }
        return act;
    }

    /**
     * Forward pass of one row starting at {@code offset} in {@code x}; fills {@code act[1..]} with each layer's
     * post-activation output (the last holds the logit) and returns the logit.
     */
    float logit(float[] x, int offset, float[][] act) {
        return logit(x, offset, act, nonZeroScratch(), null, null, 0, null);
    }

    /**
     * The same with {@code nonZero} as scratch (see {@link #nonZeroScratch}), and, when {@code runs} is not null, a
     * block-diagonal first layer computed through its input runs: {@code codes[codeAt..]} are the row's run codes
     * and {@code prefix} the runs' prefix sums of the current weights (see {@link InputRuns}).
     */
    float logit(float[] x, int offset, float[][] act, int[] nonZero, InputRuns runs, int[] codes, int codeAt,
                float[] prefix) {
        int layers = sizes.length - 1;
        for (int l = 0; l < layers; l++) {
            int in = sizes[l];
            int out = sizes[l + 1];
            float[] w = weights[l];
            float[] a = act[l + 1];
            System.arraycopy(biases[l], 0, a, 0, out);
            float[] src = l == 0 ? x : act[l];
            int base = l == 0 ? offset : 0;
            if (l == 0 && blockStart != null && runs != null) {
                embedRuns(x, offset, a, runs, codes, codeAt, prefix);
            } else if (l == 0 && blockStart != null) {
                embed(x, offset, a);
            } else {
                int count = nonZero(src, base, in, nonZero);
                for (int k = 0; k < count; k++) {
                    int i = nonZero[k];
                    float xi = src[base + i];
                    int row = i * out;
                    for (int j = 0; j < out; j++) {
                        a[j] += xi * w[row + j];
                    }
                }
            }
            if (l < layers - 1) {
                for (int j = 0; j < out; j++) {
                    if (a[j] < 0f) {
                        a[j] = 0f;
                    }
                }
            }
        }
        return act[layers][0];
    }

    /**
     * The block-diagonal first layer's sums (before ReLU) added to {@code a}. A method of its own, so the JIT
     * compiles its short loops apart from the dense layers' (one shared loop served both badly).
     */
    private void embed(float[] x, int offset, float[] a) {
        float[] w = weights[0];
        for (int i = 0; i < blockStart.length; i++) {
            embedInput(w, x[offset + i], i, a);
        }
    }

    /** Input {@code i}'s share of the block-diagonal first layer: its value times its block's weights. */
    private void embedInput(float[] w, float xi, int i, float[] a) {
        if (xi != 0f) {
            int lo = blockStart[i];
            int hi = blockEnd[i];
            int row = blockOffset[i] - lo;
            for (int j = lo; j < hi; j++) {
                a[j] += xi * w[row + j];
            }
        }
    }

    /** {@link #embed} through the input runs: a prefix sum for each run's leading ones, the rest one by one. */
    private void embedRuns(float[] x, int offset, float[] a, InputRuns runs, int[] codes, int codeAt,
                           float[] prefix) {
        float[] w = weights[0];
        for (int q = 0; q < runs.count; q++) {
            int code = codes[codeAt + q];
            int lead = InputRuns.lead(code);
            int lo = runs.unit[q];
            int d = runs.units[q];
            if (lead > 0) {
                int p = runs.prefixOffset[q] + lead * d;
                for (int j = 0; j < d; j++) {
                    a[lo + j] += prefix[p + j];
                }
            }
            int in = offset + runs.start[q];
            for (int t = InputRuns.first(code), tail = InputRuns.tail(code); t < tail; t++) {
                float xi = x[in + t];
                if (xi != 0f) {
                    int row = runs.weightOffset[q] + t * d;
                    for (int j = 0; j < d; j++) {
                        a[lo + j] += xi * w[row + j];
                    }
                }
            }
        }
        for (int i : runs.loose) {
            embedInput(w, x[offset + i], i, a);
        }
    }

    static float sigmoid(float z) {
        return (float) (1.0 / (1.0 + Math.exp(-z)));
    }

    @Override
    public String toString() {
        return "Mlp" + Arrays.toString(sizes);
    }
}
