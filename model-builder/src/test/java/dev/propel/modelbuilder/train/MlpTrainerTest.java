package dev.propel.modelbuilder.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.propel.modelbuilder.eval.BinaryMetrics;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The trainer learns non-linear structure, is reproducible, stops early and stays calibrated. */
class MlpTrainerTest {

    /** Two inputs whose label is their XOR-like product sign: no linear model can rank it. */
    private static Data xor(int n, long seed, double noise) {
        Random r = new Random(seed);
        float[] x = new float[n * 2];
        int[] y = new int[n];
        for (int i = 0; i < n; i++) {
            float a = (float) r.nextGaussian();
            float b = (float) r.nextGaussian();
            x[2 * i] = a;
            x[2 * i + 1] = b;
            boolean positive = a * b > 0;
            y[i] = (r.nextDouble() < noise) != positive ? 1 : 0;
        }
        return new Data(x, y);
    }

    private record Data(float[] x, int[] y) {
    }

    @Test
    void learnsANonLinearBoundaryThatLogisticRegressionCannot() {
        Data train = xor(4000, 1, 0.05);
        Data val = xor(1000, 2, 0.05);
        Data test = xor(2000, 3, 0.05);
        TrainingConfig c = TrainingConfig.defaults().withHidden(16, 16).withMaxEpochs(30);
        MlpTrainer.Fit mlp = new MlpTrainer(c).fit(train.x, train.y, 2, val.x, val.y, MlpTrainer.Progress.silent());
        MlpTrainer.Fit lr = new MlpTrainer(c.withHidden()).fit(train.x, train.y, 2, val.x, val.y,
                MlpTrainer.Progress.silent());
        double mlpAuc = BinaryMetrics.rocAuc(mlp.model().predict(test.x, test.y.length), test.y);
        double lrAuc = BinaryMetrics.rocAuc(lr.model().predict(test.x, test.y.length), test.y);
        assertTrue(mlpAuc > 0.9, "MLP AUC " + mlpAuc);
        assertTrue(lrAuc < 0.6, "logistic AUC " + lrAuc);
    }

    @Test
    void sameSeedSameWeightsWhateverTheThreadCount() {
        Data train = xor(3000, 4, 0.1);
        Data val = xor(500, 5, 0.1);
        TrainingConfig c = TrainingConfig.defaults().withMaxEpochs(3).withBatchSize(32);
        Mlp a = new MlpTrainer(c.withThreads(1)).fit(train.x, train.y, 2, val.x, val.y,
                MlpTrainer.Progress.silent()).model();
        Mlp b = new MlpTrainer(c.withThreads(2)).fit(train.x, train.y, 2, val.x, val.y,
                MlpTrainer.Progress.silent()).model();
        Mlp other = new MlpTrainer(c.withSeed(99)).fit(train.x, train.y, 2, val.x, val.y,
                MlpTrainer.Progress.silent()).model();
        for (int l = 0; l < a.layers(); l++) {
            assertArrayEquals(a.weights(l), b.weights(l));
            assertArrayEquals(a.biases(l), b.biases(l));
        }
        assertTrue(a.weights(0)[0] != other.weights(0)[0], "another seed gives another model");
    }

    @Test
    void earlyStoppingKeepsTheBestValidationEpoch() {
        // Tiny, noisy data and a wide network: validation loss turns up quickly.
        Data train = xor(300, 6, 0.3);
        Data val = xor(300, 7, 0.3);
        TrainingConfig c = TrainingConfig.defaults().withHidden(128, 128).withMaxEpochs(200).withPatience(5)
                .withLearningRate(0.01).withL2(0);
        MlpTrainer.Fit fit = new MlpTrainer(c).fit(train.x, train.y, 2, val.x, val.y, MlpTrainer.Progress.silent());
        assertTrue(fit.history().size() < 200, "stopped early");
        assertEquals(fit.history().size() - 5, fit.bestEpoch());
        double best = fit.history().get(fit.bestEpoch() - 1).validationLoss();
        double restored = BinaryMetrics.logLoss(fit.model().predict(val.x, val.y.length), val.y);
        assertEquals(best, restored, 1e-6, "the restored weights are the best epoch's");
    }

    @Test
    void classWeightingForRarePositivesKeepsProbabilitiesCalibrated() {
        Random r = new Random(8);
        int n = 20000;
        float[] x = new float[n];
        int[] y = new int[n];
        for (int i = 0; i < n; i++) {
            x[i] = (float) r.nextGaussian();
            y[i] = r.nextDouble() < 1 / (1 + Math.exp(-(-4 + 1.5 * x[i]))) ? 1 : 0;
        }
        TrainingConfig c = TrainingConfig.defaults().withHidden(8).withMaxEpochs(8);
        MlpTrainer.Fit fit = new MlpTrainer(c).fit(x, y, 1, new float[0], new int[0], MlpTrainer.Progress.silent());
        assertTrue(fit.positiveWeight() > 1.5, "rare positives are up-weighted: " + fit.positiveWeight());
        float[] p = fit.model().predict(x, n);
        double meanP = 0;
        double rate = 0;
        for (int i = 0; i < n; i++) {
            meanP += p[i];
            rate += y[i];
        }
        meanP /= n;
        rate /= n;
        assertEquals(rate, meanP, 0.25 * rate, "mean probability " + meanP + " vs positive rate " + rate);
    }
}
