package dev.propel.core.recall;

import java.util.Arrays;

/** Top-k selection and ranks over primitive arrays (the serving path allocates no boxes). */
final class Selection {
    private Selection() {
    }

    /** The {@code k} of {@code ids[0..count)} with the highest {@code score[id]}, best first; ties by lower id. */
    static int[] top(int[] ids, int count, float[] score, int k) {
        long[] keys = new long[count];
        for (int i = 0; i < count; i++) {
            keys[i] = key(score[ids[i]], ids[i]);
        }
        return firstK(keys, k);
    }

    /** The positions {@code 0..count)} of the {@code k} highest {@code score[i]}, best first; ties by position. */
    static int[] topPositions(float[] score, int count, int k) {
        long[] keys = new long[count];
        for (int i = 0; i < count; i++) {
            keys[i] = key(score[i], i);
        }
        return firstK(keys, k);
    }

    /** {@code log(1 + rank)} of each value among all, the highest value ranking 0. */
    static float[] ranks(float[] values) {
        int[] order = topPositions(values, values.length, values.length);
        float[] rank = new float[values.length];
        for (int r = 0; r < order.length; r++) {
            rank[order[r]] = (float) Math.log1p(r);
        }
        return rank;
    }

    /** Sort key: descending score (non-negative floats order like their bits), then ascending id. */
    private static long key(float score, int id) {
        int bits = Float.floatToIntBits(Math.max(0f, score));
        return ((long) (Integer.MAX_VALUE - bits) << 32) | (id & 0xffffffffL);
    }

    /** The {@code k} smallest keys in order: a quickselect partition first, so only those {@code k} are sorted. */
    private static int[] firstK(long[] keys, int k) {
        int n = keys.length;
        k = Math.min(k, n);
        if (k < n) {
            select(keys, k);
        }
        Arrays.sort(keys, 0, k);
        int[] out = new int[k];
        for (int i = 0; i < k; i++) {
            out[i] = (int) keys[i];
        }
        return out;
    }

    /** Rearranges {@code a} so that its {@code k} smallest values come first (Hoare's quickselect). */
    private static void select(long[] a, int k) {
        int lo = 0;
        int hi = a.length - 1;
        while (lo < hi) {
            long pivot = a[(lo + hi) >>> 1];
            int i = lo;
            int j = hi;
            while (i <= j) {
                while (a[i] < pivot) {
                    i++;
                }
                while (a[j] > pivot) {
                    j--;
                }
                if (i <= j) {
                    long t = a[i];
                    a[i] = a[j];
                    a[j] = t;
                    i++;
                    j--;
                }
            }
            if (k - 1 <= j) {
                hi = j;
            } else if (k - 1 >= i) {
                lo = i;
            } else {
                return;
            }
        }
    }
}
