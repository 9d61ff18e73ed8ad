package dev.propel.modelbuilder.train;

import java.util.Arrays;

/**
 * A trained multi-layer perceptron: dense layers with ReLU between them and a single sigmoid output. Weights of
 * layer {@code l} are row-major [in][out], the layout ONNX {@code Gemm} takes as B without transposition.
 */
public final class Mlp {
    private final int[] sizes;
    final float[][] weights;
    final float[][] biases;

    Mlp(int[] sizes, float[][] weights, float[][] biases) {
        this.sizes = sizes.clone();
        this.weights = weights;
        this.biases = biases;
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
    public static Mlp averaged(java.util.List<Mlp> members) {
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
                int in = one[l];
                int outW = one[l + 1];
                int rowOffset = l == 0 ? 0 : k * in;
                int colOffset = l == layers - 1 ? 0 : k * outW;
                int wideOut = sizes[l + 1];
                float scale = l == layers - 1 ? 1f / count : 1f;
                for (int i = 0; i < in; i++) {
                    for (int j = 0; j < outW; j++) {
                        out.weights[l][(rowOffset + i) * wideOut + colOffset + j] = m.weights[l][i * outW + j] * scale;
                    }
                }
                for (int j = 0; j < outW; j++) {
                    out.biases[l][colOffset + j] += m.biases[l][j] * scale;
                }
            }
        }
        return out;
    }

    /** Layer sizes: input width, hidden widths, 1. */
    public int[] sizes() {
        return sizes.clone();
    }

    public int layers() {
        return sizes.length - 1;
    }

    /** A copy of layer {@code l}'s weights, row-major [in][out]. */
    public float[] weights(int l) {
        return weights[l].clone();
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
        return new Mlp(sizes, w, b);
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
        for (int r = 0; r < n; r++) {
            out[r] = sigmoid(logit(x, r * sizes[0], act));
        }
        return out;
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
        int layers = sizes.length - 1;
        for (int l = 0; l < layers; l++) {
            int in = sizes[l];
            int out = sizes[l + 1];
            float[] w = weights[l];
            float[] a = act[l + 1];
            System.arraycopy(biases[l], 0, a, 0, out);
            float[] src = l == 0 ? x : act[l];
            int base = l == 0 ? offset : 0;
            for (int i = 0; i < in; i++) {
                float xi = src[base + i];
                if (xi != 0f) {
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

    static float sigmoid(float z) {
        return (float) (1.0 / (1.0 + Math.exp(-z)));
    }

    @Override
    public String toString() {
        return "Mlp" + Arrays.toString(sizes);
    }
}
