package dev.propel.core.recall;

import java.util.Arrays;

/** Per-item lists of the best-scored neighbours, collected item by item into flat CSR arrays. */
final class TopLists {
    private final int limit;
    private final int[] offsets;
    private int[] items;
    private float[] scores;
    private int size;

    TopLists(int n, int limit) {
        this.limit = limit;
        this.offsets = new int[n + 1];
        this.items = new int[Math.max(16, n * Math.min(limit, 8))];
        this.scores = new float[items.length];
    }

    /** Keeps the best {@code limit} of the {@code count} candidates of {@code item} (called in item order). */
    void keep(int item, int[] candidates, int count, float[] score) {
        int k = Math.min(limit, count);
        int[] chosen = select(candidates, count, score, k);
        if (size + k > items.length) {
            int cap = Math.max(items.length * 2, size + k);
            items = Arrays.copyOf(items, cap);
            scores = Arrays.copyOf(scores, cap);
        }
        for (int j = 0; j < k; j++) {
            items[size] = chosen[j];
            scores[size] = score[chosen[j]];
            size++;
        }
        offsets[item + 1] = size;
    }

    int[] offsets() {
        return offsets;
    }

    int[] items() {
        return Arrays.copyOf(items, size);
    }

    float[] scores() {
        return Arrays.copyOf(scores, size);
    }

    /** The indices of the {@code k} highest scores among all, best first (ties: lower index first). */
    static int[] best(float[] score, int k) {
        int[] all = new int[score.length];
        int count = 0;
        for (int i = 0; i < score.length; i++) {
            if (score[i] > 0) {
                all[count++] = i;
            }
        }
        return select(all, count, score, Math.min(k, count));
    }

    /** The {@code k} best of {@code candidates[0..count)} by {@code score}, best first, ties by lower index. */
    static int[] select(int[] candidates, int count, float[] score, int k) {
        Integer[] boxed = new Integer[count];
        for (int i = 0; i < count; i++) {
            boxed[i] = candidates[i];
        }
        Arrays.sort(boxed, (a, b) -> {
            int c = Float.compare(score[b], score[a]);
            return c != 0 ? c : Integer.compare(a, b);
        });
        int[] out = new int[k];
        for (int i = 0; i < k; i++) {
            out[i] = boxed[i];
        }
        return out;
    }
}
