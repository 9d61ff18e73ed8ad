package dev.propel.modelbuilder.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.propel.modelbuilder.eval.BinaryMetrics;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The tabular recipe's training options: a cosine schedule, early stopping on validation ROC AUC, dropout and
 * decoupled weight decay each still learn, and stay reproducible from the seed alone.
 */
class TrainingScheduleTest {

    /** Two inputs whose label is the sign of their product, with label noise: only a non-linear model ranks it. */
    private static float[][] xor(int n, long seed, double noise, int[] y) {
        Random r = new Random(seed);
        float[] x = new float[n * 2];
        for (int i = 0; i < n; i++) {
            float a = (float) r.nextGaussian();
            float b = (float) r.nextGaussian();
            x[2 * i] = a;
            x[2 * i + 1] = b;
            y[i] = (r.nextDouble() < noise) != (a * b > 0) ? 1 : 0;
        }
        return new float[][] {x};
    }

    private final int[] yTrain = new int[3000];
    private final float[] xTrain = xor(3000, 11, 0.05, yTrain)[0];
    private final int[] yVal = new int[800];
    private final float[] xVal = xor(800, 12, 0.05, yVal)[0];
    private final int[] yTest = new int[2000];
    private final float[] xTest = xor(2000, 13, 0.05, yTest)[0];

    private MlpTrainer.Fit fit(TrainingConfig c) {
        return new MlpTrainer(c).fit(xTrain, yTrain, 2, xVal, yVal, MlpTrainer.Progress.silent());
    }

    private double testAuc(Mlp m) {
        return BinaryMetrics.rocAuc(m.predict(xTest, yTest.length), yTest);
    }

    private static final TrainingConfig SMALL = TrainingConfig.defaults().withHidden(16, 16).withMaxEpochs(20)
            .withBatchSize(32);

    @Test
    void cosineScheduleWithAucStoppingLearnsAndKeepsTheBestAucEpoch() {
        MlpTrainer.Fit f = fit(SMALL.withSchedule(TrainingConfig.Schedule.COSINE).withStopOnAuc(true)
                .withPatience(20));
        assertTrue(testAuc(f.model()) > 0.9, "test AUC " + testAuc(f.model()));
        double best = f.history().stream().mapToDouble(MlpTrainer.Epoch::validationAuc).max().orElseThrow();
        assertEquals(best, f.history().get(f.bestEpoch() - 1).validationAuc(), 1e-12);
        assertEquals(best, BinaryMetrics.rocAuc(f.model().predict(xVal, yVal.length), yVal), 1e-6,
                "the restored weights are the best-AUC epoch's");
        assertEquals("one-epoch warm-up, then cosine decay over 20 epochs",
                SMALL.withSchedule(TrainingConfig.Schedule.COSINE).toMap().get("learning_rate_schedule"));
    }

    @Test
    void dropoutLearnsIsReproducibleWhateverTheThreadCountAndChangesTheModel() {
        TrainingConfig c = SMALL.withDropout(0.2).withMaxEpochs(8);
        Mlp one = fit(c.withThreads(1)).model();
        Mlp two = fit(c.withThreads(2)).model();
        for (int l = 0; l < one.layers(); l++) {
            assertArrayEquals(one.weights(l), two.weights(l), "layer " + l);
            assertArrayEquals(one.biases(l), two.biases(l), "layer " + l);
        }
        assertTrue(testAuc(one) > 0.9, "test AUC with dropout " + testAuc(one));
        Mlp plain = fit(c.withDropout(0)).model();
        assertFalse(Arrays.equals(plain.weights(1), one.weights(1)), "dropout changes the training");
    }

    @Test
    void weightDecayShrinksTheWeights() {
        TrainingConfig c = SMALL.withMaxEpochs(8).withL2(0).withPatience(0);
        Mlp plain = fit(c).model();
        Mlp decayed = fit(c.withWeightDecay(0.5)).model();
        assertTrue(norm(decayed) < 0.9 * norm(plain), norm(decayed) + " vs " + norm(plain));
        assertTrue(testAuc(decayed) > 0.85, "still learns: " + testAuc(decayed));
    }

    private static double norm(Mlp m) {
        double s = 0;
        for (int l = 0; l < m.layers(); l++) {
            for (float w : m.weights(l)) {
                s += (double) w * w;
            }
        }
        return Math.sqrt(s);
    }
}
