package dev.propel.core.recall;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.util.Arrays;
import java.util.Comparator;
import java.util.Random;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class SelectionTest {
    @Test
    void topKEqualsAFullSortOnRandomScoresWithTies() {
        Random r = new Random(1);
        for (int round = 0; round < 500; round++) {
            int n = 1 + r.nextInt(300);
            float[] score = new float[n];
            for (int i = 0; i < n; i++) {
                score[i] = r.nextInt(4) == 0 ? 0f : r.nextInt(20) / 4f; // many ties and zeros
            }
            int k = r.nextInt(n + 5);
            int[] expected = IntStream.range(0, n).boxed()
                    .sorted(Comparator.<Integer>comparingDouble(i -> -score[i]).thenComparingInt(i -> i))
                    .limit(k).mapToInt(Integer::intValue).toArray();
            assertArrayEquals(expected, Selection.topPositions(score, n, k), Arrays.toString(score) + " k=" + k);
            int[] ids = IntStream.range(0, n).map(i -> n - 1 - i).toArray();
            assertArrayEquals(expected, Selection.top(ids, n, score, k));
        }
    }
}
