package dev.propel.modelbuilder.train;

import java.util.Arrays;

/**
 * Runs of consecutive inputs of a block-diagonal first layer that feed the same block (a numeric column's
 * piecewise-linear bins, a categorical column's one-hot levels), and the shortcut they allow in training.
 * <p>
 * A column's bins are a thermometer code: ones for the bins below its value, a fraction in its own bin, zeros above.
 * Per row the run's product with its weights is then {@code prefix[lead] + the few remaining non-zero inputs times
 * their rows}, where {@code lead} counts the leading inputs that are exactly 1 and {@code prefix[k]} sums the run's
 * first {@code k} weight rows once per step; the weight gradient is added per row at {@code lead} only and turned
 * into every row's by a suffix sum once per batch. That is O(units) per row and run instead of O(bins x units), and
 * exact for any input values: whatever is not a leading 1 goes through the general loop.
 */
final class InputRuns {
    /** Inputs longer than this are not a run (a code packs three positions in 10 bits each). */
    private static final int MAX_LENGTH = 1023;

    final int count;
    /** Per run: its first input, its number of inputs, the first unit of its block and the block's width. */
    final int[] start;
    final int[] length;
    final int[] unit;
    final int[] units;
    /** Per run: where its first input's weights start in the first layer's block storage. */
    final int[] weightOffset;
    /** Per run: where its prefix sums start in {@link #prefix} buffers ((length + 1) x units values). */
    final int[] prefixOffset;
    final int prefixSize;
    /** Inputs of the first layer in no run (single-input columns), handled one by one. */
    final int[] loose;

    private InputRuns(int[] start, int[] length, Mlp m, int[] loose) {
        this.count = start.length;
        this.start = start;
        this.length = length;
        this.loose = loose;
        unit = new int[count];
        units = new int[count];
        weightOffset = new int[count];
        prefixOffset = new int[count];
        int at = 0;
        for (int q = 0; q < count; q++) {
            int i = start[q];
            unit[q] = m.blockStart[i];
            units[q] = m.blockEnd[i] - m.blockStart[i];
            weightOffset[q] = m.blockOffset[i];
            prefixOffset[q] = at;
            at += (length[q] + 1) * units[q];
        }
        prefixSize = at;
    }

    /** The runs of a block-diagonal network's first layer. */
    static InputRuns of(Mlp m) {
        int width = m.blockStart.length;
        int[] start = new int[width];
        int[] length = new int[width];
        int[] loose = new int[width];
        int runs = 0;
        int looseCount = 0;
        int i = 0;
        while (i < width) {
            int j = i + 1;
            while (j < width && j - i < MAX_LENGTH && m.blockStart[j] == m.blockStart[i]) {
                j++;
            }
            if (j - i >= 2) {
                start[runs] = i;
                length[runs++] = j - i;
            } else {
                loose[looseCount++] = i;
            }
            i = j;
        }
        return new InputRuns(Arrays.copyOf(start, runs), Arrays.copyOf(length, runs), m,
                Arrays.copyOf(loose, looseCount));
    }

    /**
     * Per row of a row-major [rows x width] matrix and per run, its leading-ones count, first non-zero input after
     * them and one past its last non-zero input, packed in 10 bits each: computed once per fit.
     */
    int[] codes(float[] x, int rows, int width) {
        int[] codes = new int[rows * count];
        for (int r = 0; r < rows; r++) {
            int offset = r * width;
            for (int q = 0; q < count; q++) {
                codes[r * count + q] = code(x, offset + start[q], length[q]);
            }
        }
        return codes;
    }

    private static int code(float[] x, int from, int length) {
        int lead = 0;
        while (lead < length && x[from + lead] == 1f) {
            lead++;
        }
        int first = lead;
        while (first < length && x[from + first] == 0f) {
            first++;
        }
        int tail = length;
        while (tail > first && x[from + tail - 1] == 0f) {
            tail--;
        }
        return lead | first << 10 | tail << 20;
    }

    static int lead(int code) {
        return code & 1023;
    }

    static int first(int code) {
        return (code >>> 10) & 1023;
    }

    static int tail(int code) {
        return code >>> 20;
    }

    /** A buffer for {@link #prefix} sums or per-lead gradients. */
    float[] buffer() {
        return new float[prefixSize];
    }

    /** Fills {@code prefix} with each run's cumulative sums of its weight rows, row 0 being zeros. */
    void prefix(float[] weights, float[] prefix) {
        for (int q = 0; q < count; q++) {
            int d = units[q];
            int p = prefixOffset[q];
            int w = weightOffset[q];
            Arrays.fill(prefix, p, p + d, 0f);
            for (int t = 0; t < length[q]; t++) {
                int from = p + t * d;
                int to = from + d;
                int row = w + t * d;
                for (int j = 0; j < d; j++) {
                    prefix[to + j] = prefix[from + j] + weights[row + j];
                }
            }
        }
    }

    /**
     * Adds to gradient {@code g} what the per-lead sums in {@code below} stand for (a row with lead {@code k} gave
     * each of the run's first {@code k} weight rows its delta) as a suffix sum, and clears {@code below}.
     */
    void fold(float[] below, float[] g, float[] scratch) {
        for (int q = 0; q < count; q++) {
            int d = units[q];
            int p = prefixOffset[q];
            int w = weightOffset[q];
            Arrays.fill(scratch, 0, d, 0f);
            for (int t = length[q] - 1; t >= 0; t--) {
                int b = p + (t + 1) * d;
                int row = w + t * d;
                for (int j = 0; j < d; j++) {
                    scratch[j] += below[b + j];
                    g[row + j] += scratch[j];
                }
            }
            Arrays.fill(below, p, p + (length[q] + 1) * d, 0f);
        }
    }

    /** The widest block of any run: the size {@link #fold}'s scratch needs. */
    int widestBlock() {
        int w = 0;
        for (int d : units) {
            w = Math.max(w, d);
        }
        return w;
    }
}
