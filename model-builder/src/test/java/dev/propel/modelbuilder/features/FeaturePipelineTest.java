package dev.propel.modelbuilder.features;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.propel.modelbuilder.data.Table;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Scaling, log transform, missing values and level folding fitted from training rows. */
class FeaturePipelineTest {

    @Test
    void fitsScalingLogAndLevels() {
        Random r = new Random(1);
        int n = 5000;
        double[] normal = new double[n];
        double[] heavy = new double[n];
        double[] withMissing = new double[n];
        String[] cat = new String[n];
        for (int i = 0; i < n; i++) {
            normal[i] = 10 + 2 * r.nextGaussian();
            heavy[i] = Math.exp(2 * r.nextGaussian());
            withMissing[i] = i % 10 == 0 ? Double.NaN : r.nextGaussian();
            cat[i] = i % 1000 == 0 ? "rare" + i : i % 3 == 0 ? "a" : i % 3 == 1 ? "b" : null;
        }
        Table t = Table.builder().numeric("normal", normal).numeric("heavy", heavy).numeric("gaps", withMissing)
                .categorical("cat", cat).labels(new int[n]).build();
        FeaturePipeline p = FeaturePipeline.fit(t, FeaturePipeline.Options.defaults());

        NumericFeature nf = p.numeric().get(0);
        assertFalse(nf.log());
        assertEquals(10, nf.mean(), 0.1);
        assertEquals(2, nf.std(), 0.1);
        assertFalse(nf.missingIndicator());
        assertTrue(p.numeric().get(1).log(), "log-normal column is log-transformed");
        assertTrue(p.numeric().get(2).missingIndicator());
        assertEquals(500, p.numeric().get(2).missingCount());

        CategoricalFeature cf = p.categorical().get(0);
        assertEquals(List.of("", "a", "b"), cf.levels(), "missing is its own level (most frequent first); rare ones folded");
        assertEquals(5, cf.foldedLevels());
        assertEquals(3 + 1 + 4, p.width());
        assertEquals(List.of("normal", "heavy", "gaps", "gaps=missing", "cat=", "cat=a", "cat=b", "cat=<other>"),
                p.inputNames());
        assertArrayEquals(new int[] {0, 1, 2, 2, 3, 3, 3, 3}, p.inputGroups(),
                "a column's value and missing flag form one feature, a categorical's levels another");

        float[] x = p.transform(t);
        int w = p.width();
        assertEquals(0f, x[0 * w + 2], "a missing value scales to the mean");
        assertEquals(1f, x[0 * w + 3], "and raises the indicator");
        assertEquals(1f, x[0 * w + 7], "rare level -> other");
        assertEquals(1f, x[1 * w + 6], "row 1 is b");
        assertEquals(1f, x[2 * w + 4], "row 2 is missing");
    }
}
