package dev.propel.modelbuilder.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.propel.modelbuilder.eval.BinaryMetrics;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Per-feature embeddings: a block-diagonal first layer that training keeps block-diagonal. */
class FeatureEmbeddingTest {

    /** Two features of three inputs each; the label needs both features (an interaction). */
    private static float[] rows(int n, long seed, int[] y) {
        return rows(n, seed, y, new float[n]);
    }

    private static float[] rows(int n, long seed, int[] y, float[] truth) {
        Random r = new Random(seed);
        float[] x = new float[n * 6];
        for (int i = 0; i < n; i++) {
            double a = r.nextGaussian();
            double b = r.nextGaussian();
            x[i * 6] = (float) a;
            x[i * 6 + 1] = (float) Math.max(0, a);
            x[i * 6 + 2] = (float) (a * a);
            x[i * 6 + 3] = (float) b;
            x[i * 6 + 4] = b > 0 ? 1f : 0f;
            x[i * 6 + 5] = (float) Math.abs(b);
            truth[i] = (float) (1 / (1 + Math.exp(-(2 * a * b + a - 0.5))));
            y[i] = r.nextDouble() < truth[i] ? 1 : 0;
        }
        return x;
    }

    @Test
    void weightsOutsideEachFeaturesBlockStayZeroAndTheNetworkLearns() {
        int n = 3000;
        int[] y = new int[n];
        float[] x = rows(n, 1, y);
        int[] yVal = new int[1000];
        float[] truth = new float[1000];
        float[] xVal = rows(1000, 2, yVal, truth);
        int[] groups = {0, 0, 0, 1, 1, 1};
        TrainingConfig c = TrainingConfig.defaults().withEmbedding(3).withHidden(8).withMaxEpochs(20)
                .withPatience(0).withThreads(1);
        MlpTrainer.Fit fit = new MlpTrainer(c).fit(x, y, null, 6, groups, xVal, yVal, MlpTrainer.Progress.silent());
        Mlp m = fit.model();
        assertArrayEquals(new int[] {6, 6, 8, 1}, m.sizes(), "3 units for each of the two features");
        assertArrayEquals(new int[] {0, 0, 0, 3, 3, 3}, m.blockStarts());
        assertArrayEquals(new int[] {3, 3, 3, 6, 6, 6}, m.blockEnds());
        float[] w = m.weights(0);
        int nonZero = 0;
        for (int i = 0; i < 6; i++) {
            for (int j = 0; j < 6; j++) {
                boolean own = j / 3 == groups[i];
                if (own) {
                    nonZero += w[i * 6 + j] != 0f ? 1 : 0;
                } else {
                    assertEquals(0f, w[i * 6 + j], "input " + i + " reaches unit " + j + " of another feature");
                }
            }
        }
        assertEquals(18, nonZero, "every weight inside a block is trained");
        double auc = BinaryMetrics.rocAuc(m.predict(xVal, 1000), yVal);
        double oracle = BinaryMetrics.rocAuc(truth, yVal);
        assertTrue(auc > oracle - 0.03, "learns the interaction of the two features: validation AUC " + auc
                + ", the true probabilities' " + oracle);
    }

    @Test
    void sameSeedSameNetworkWithOrWithoutASecondThread() {
        int n = 2000;
        int[] y = new int[n];
        float[] x = rows(n, 3, y);
        int[] groups = {0, 0, 0, 1, 1, 1};
        TrainingConfig c = TrainingConfig.defaults().withEmbedding(4).withHidden(8).withMaxEpochs(3)
                .withPatience(0);
        Mlp one = new MlpTrainer(c.withThreads(1)).fit(x, y, null, 6, groups, new float[0], new int[0],
                MlpTrainer.Progress.silent()).model();
        Mlp two = new MlpTrainer(c.withThreads(2)).fit(x, y, null, 6, groups, new float[0], new int[0],
                MlpTrainer.Progress.silent()).model();
        for (int l = 0; l < one.layers(); l++) {
            assertArrayEquals(one.weights(l), two.weights(l));
        }
    }

    @Test
    void aFeatureWithFewerInputsThanUnitsGetsOneUnitPerInput() {
        int n = 500;
        int[] y = new int[n];
        float[] x = rows(n, 5, y);
        int[] groups = {0, 0, 0, 0, 0, 1};
        TrainingConfig c = TrainingConfig.defaults().withEmbedding(4).withHidden(8).withMaxEpochs(1).withThreads(1);
        Mlp m = new MlpTrainer(c).fit(x, y, null, 6, groups, new float[0], new int[0],
                MlpTrainer.Progress.silent()).model();
        assertArrayEquals(new int[] {6, 5, 8, 1}, m.sizes(), "4 units for the five-input feature, 1 for the other");
        assertArrayEquals(new int[] {0, 0, 0, 0, 0, 4}, m.blockStarts());
        assertArrayEquals(new int[] {4, 4, 4, 4, 4, 5}, m.blockEnds());
    }

    @Test
    void withoutGroupsTheEmbeddingSettingIsIgnored() {
        int n = 500;
        int[] y = new int[n];
        float[] x = rows(n, 4, y);
        TrainingConfig c = TrainingConfig.defaults().withEmbedding(4).withHidden(8).withMaxEpochs(1);
        Mlp m = new MlpTrainer(c).fit(x, y, 6, new float[0], new int[0], MlpTrainer.Progress.silent()).model();
        assertArrayEquals(new int[] {6, 8, 1}, m.sizes());
        assertEquals(null, m.blockStarts());
    }
}
