package dev.propel.modelbuilder.train;

import dev.propel.modelbuilder.eval.BinaryMetrics;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Trains an {@link Mlp} on float arrays: weighted binary cross-entropy, Adam, L2, shuffled mini-batches, early
 * stopping on a validation set with the best weights restored. Gradients of each mini-batch are computed as two
 * fixed halves (on two threads when configured) and summed in a fixed order, so the result depends on the seed
 * only, not on the thread count.
 */
public final class MlpTrainer {
    private static final double BETA1 = 0.9;
    private static final double BETA2 = 0.999;
    private static final double EPSILON = 1e-7;

    private final TrainingConfig config;

    public MlpTrainer(TrainingConfig config) {
        this.config = config;
    }

    /** One epoch's figures. */
    public record Epoch(int epoch, double trainLoss, double validationLoss, double validationAuc, long millis) {
    }

    /** Receives each epoch as it finishes (terminal progress). */
    @FunctionalInterface
    public interface Progress {
        void epoch(Epoch epoch);

        static Progress silent() {
            return e -> {
            };
        }
    }

    /**
     * A finished fit.
     *
     * @param model          the network with the best validation weights and a calibrated output bias
     * @param history        every epoch run
     * @param bestEpoch      the epoch whose weights were kept (1-based)
     * @param positiveWeight the class weight positives had during training
     * @param millis         wall time of the fit
     */
    public record Fit(Mlp model, List<Epoch> history, int bestEpoch, double positiveWeight, long millis) {
    }

    /**
     * Fits on row-major [n x width] training rows; {@code xValidation} may be empty (no early stopping then).
     */
    public Fit fit(float[] x, int[] y, int width, float[] xValidation, int[] yValidation, Progress progress) {
        long start = System.nanoTime();
        int n = y.length;
        if (n == 0) {
            throw new IllegalArgumentException("no training rows");
        }
        int[] sizes = new int[config.hidden().length + 2];
        sizes[0] = width;
        System.arraycopy(config.hidden(), 0, sizes, 1, config.hidden().length);
        sizes[sizes.length - 1] = 1;
        Random random = new Random(config.seed());
        Mlp model = initialise(sizes, random);

        float positiveWeight = positiveWeight(y);
        float logPositiveWeight = (float) Math.log(positiveWeight);

        int layers = sizes.length - 1;
        float[][] mw = new float[layers][];
        float[][] vw = new float[layers][];
        float[][] mb = new float[layers][];
        float[][] vb = new float[layers][];
        for (int l = 0; l < layers; l++) {
            mw[l] = new float[model.weights[l].length];
            vw[l] = new float[model.weights[l].length];
            mb[l] = new float[model.biases[l].length];
            vb[l] = new float[model.biases[l].length];
        }
        GradientBuffer first = new GradientBuffer(model);
        GradientBuffer second = new GradientBuffer(model);
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        boolean validate = yValidation.length > 0;
        Mlp best = model.copy();
        double bestLoss = Double.POSITIVE_INFINITY;
        int bestEpoch = 0;
        int sinceBest = 0;
        List<Epoch> history = new ArrayList<>();
        long step = 0;
        int batch = config.batchSize();
        boolean parallel = config.threads() > 1 && batch >= 16;
        try (GradientWorker worker = parallel ? new GradientWorker() : null) {
            for (int epoch = 1; epoch <= config.maxEpochs(); epoch++) {
                long epochStart = System.nanoTime();
                shuffle(order, random);
                double lossSum = 0;
                for (int from = 0; from < n; from += batch) {
                    int to = Math.min(n, from + batch);
                    int mid = from + (to - from) / 2;
                    float scale = 1f / (to - from);
                    first.clear();
                    second.clear();
                    final Mlp m = model;
                    final int f = from;
                    final int t = to;
                    Runnable a = () -> first.accumulate(m, x, y, order, f, mid, positiveWeight, scale);
                    Runnable b = () -> second.accumulate(m, x, y, order, mid, t, positiveWeight, scale);
                    if (worker != null && to - from >= 16) {
                        worker.runBoth(a, b);
                    } else {
                        a.run();
                        b.run();
                    }
                    lossSum += first.loss + second.loss;
                    step++;
                    adamStep(model, first, second, mw, vw, mb, vb, step);
                }
                double trainLoss = lossSum / n;
                double valLoss = Double.NaN;
                double valAuc = Double.NaN;
                if (validate) {
                    float[] p = predictCorrected(model, xValidation, yValidation.length, logPositiveWeight);
                    valLoss = BinaryMetrics.logLoss(p, yValidation);
                    valAuc = BinaryMetrics.rocAuc(p, yValidation);
                }
                long millis = (System.nanoTime() - epochStart) / 1_000_000;
                Epoch e = new Epoch(epoch, trainLoss, valLoss, valAuc, millis);
                history.add(e);
                progress.epoch(e);
                if (!validate || valLoss < bestLoss - 1e-6) {
                    bestLoss = validate ? valLoss : bestLoss;
                    bestEpoch = epoch;
                    sinceBest = 0;
                    best.copyFrom(model);
                } else if (config.patience() > 0 && ++sinceBest >= config.patience()) {
                    break;
                }
                if (!Double.isFinite(trainLoss)) {
                    break;
                }
            }
        }
        // Training with positives weighted by w learns odds w times too high; moving the output bias by -log(w)
        // restores calibrated probabilities without changing the ranking.
        best.biases[layers - 1][0] -= logPositiveWeight;
        return new Fit(best, List.copyOf(history), bestEpoch, positiveWeight, (System.nanoTime() - start) / 1_000_000);
    }

    float positiveWeight(int[] y) {
        if (!config.classWeighting()) {
            return 1f;
        }
        int pos = 0;
        for (int v : y) {
            pos += v;
        }
        int neg = y.length - pos;
        if (pos == 0 || (double) pos / y.length >= 0.25) {
            return 1f;
        }
        // Square root of the imbalance, capped: enough signal from rare positives without noisy steps.
        return (float) Math.min(10.0, Math.sqrt((double) neg / pos));
    }

    private static float[] predictCorrected(Mlp m, float[] x, int n, float logPositiveWeight) {
        float[] out = new float[n];
        float[][] act = m.activations();
        int width = m.sizes()[0];
        for (int r = 0; r < n; r++) {
            out[r] = Mlp.sigmoid(m.logit(x, r * width, act) - logPositiveWeight);
        }
        return out;
    }

    private static Mlp initialise(int[] sizes, Random random) {
        Mlp m = Mlp.zeros(sizes);
        for (int l = 0; l < sizes.length - 1; l++) {
            int in = sizes[l];
            int out = sizes[l + 1];
            // He initialisation for ReLU layers, Glorot for the sigmoid output.
            double std = l < sizes.length - 2 ? Math.sqrt(2.0 / in) : Math.sqrt(2.0 / (in + out));
            float[] w = m.weights[l];
            for (int i = 0; i < w.length; i++) {
                w[i] = (float) (random.nextGaussian() * std);
            }
        }
        return m;
    }

    private static void shuffle(int[] a, Random random) {
        for (int i = a.length - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = a[i];
            a[i] = a[j];
            a[j] = t;
        }
    }

    private void adamStep(Mlp model, GradientBuffer g1, GradientBuffer g2, float[][] mw, float[][] vw,
                          float[][] mb, float[][] vb, long step) {
        float lr = (float) (config.learningRate() * Math.sqrt(1 - Math.pow(BETA2, step))
                / (1 - Math.pow(BETA1, step)));
        float l2 = (float) config.l2();
        for (int l = 0; l < model.weights.length; l++) {
            update(model.weights[l], g1.gw[l], g2.gw[l], mw[l], vw[l], lr, l2);
            update(model.biases[l], g1.gb[l], g2.gb[l], mb[l], vb[l], lr, 0f);
        }
    }

    private static void update(float[] p, float[] ga, float[] gb, float[] m, float[] v, float lr, float l2) {
        final float b1 = (float) BETA1;
        final float b2 = (float) BETA2;
        final float eps = (float) EPSILON;
        for (int i = 0; i < p.length; i++) {
            float g = ga[i] + gb[i] + l2 * p[i];
            m[i] = b1 * m[i] + (1 - b1) * g;
            v[i] = b2 * v[i] + (1 - b2) * g * g;
            p[i] -= lr * m[i] / ((float) Math.sqrt(v[i]) + eps);
        }
    }
}
