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
    /** Smaller than any weight, moment or squared gradient that matters; far above the subnormal floats. */
    private static final float TINY = 1e-20f;
    /** Mini-batches timed each way at the start of an epoch to decide whether the second thread helps. */
    private static final int PROBE = 24;
    /** Epochs without validation improvement after which the learning rate is halved. */
    private static final int PLATEAU = 2;
    /** Steps between two flushes of tiny values to zero in a network with embeddings (see {@link #flushed}). */
    private static final int FLUSH_PERIOD = 8;

    private final TrainingConfig config;
    private double lrScale = 1.0;

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
     * @param batchSize      the mini-batch size used
     */
    public record Fit(Mlp model, List<Epoch> history, int bestEpoch, double positiveWeight, long millis,
                      int batchSize) {
    }

    /**
     * Fits on row-major [n x width] training rows; {@code xValidation} may be empty (no early stopping then).
     */
    public Fit fit(float[] x, int[] y, int width, float[] xValidation, int[] yValidation, Progress progress) {
        return fit(x, y, null, width, xValidation, yValidation, progress);
    }

    /**
     * Fits with a weight per training row (null = 1), e.g. so that each session counts once however many prefix
     * rows it has. The output bias is corrected for the class and row weights' shift of the prior odds.
     */
    public Fit fit(float[] x, int[] y, float[] rowWeights, int width, float[] xValidation, int[] yValidation,
                   Progress progress) {
        return fit(x, y, rowWeights, width, null, xValidation, yValidation, progress);
    }

    /**
     * Fits with per-feature embeddings when the configuration asks for them: {@code inputGroups[i]} is the feature
     * (0..F-1) that input {@code i} belongs to, and the first layer gives each feature its own
     * {@link TrainingConfig#embedding()} units. Null groups, a network without hidden layers or no embedding: the
     * plain network.
     */
    public Fit fit(float[] x, int[] y, float[] rowWeights, int width, int[] inputGroups, float[] xValidation,
                   int[] yValidation, Progress progress) {
        long start = System.nanoTime();
        int n = y.length;
        if (n == 0) {
            throw new IllegalArgumentException("no training rows");
        }
        int units = config.embedding();
        boolean embed = units > 0 && inputGroups != null && config.hidden().length > 0;
        if (embed && inputGroups.length != width) {
            throw new IllegalArgumentException("input groups cover " + inputGroups.length + " inputs, not " + width);
        }
        int[] blockStart = null;
        int[] blockEnd = null;
        int embeddedWidth = 0;
        if (embed) {
            int features = 0;
            for (int g : inputGroups) {
                features = Math.max(features, g + 1);
            }
            int[] count = new int[features];
            for (int g : inputGroups) {
                count[g]++;
            }
            // A feature with k <= units inputs (a one-hot column, a short thermometer) gets k units: its k possible
            // patterns are then already separable, and fewer units make the next layer cheaper.
            int[] firstUnit = new int[features];
            for (int f = 0; f < features; f++) {
                firstUnit[f] = embeddedWidth;
                embeddedWidth += unitsFor(units, count[f]);
            }
            blockStart = new int[width];
            blockEnd = new int[width];
            for (int i = 0; i < width; i++) {
                int f = inputGroups[i];
                blockStart[i] = firstUnit[f];
                blockEnd[i] = firstUnit[f] + unitsFor(units, count[f]);
            }
        }
        int extra = embed ? 1 : 0;
        int[] sizes = new int[config.hidden().length + 2 + extra];
        sizes[0] = width;
        if (embed) {
            sizes[1] = embeddedWidth;
        }
        System.arraycopy(config.hidden(), 0, sizes, 1 + extra, config.hidden().length);
        sizes[sizes.length - 1] = 1;
        Random random = new Random(config.seed());
        Mlp model = embed ? initialiseEmbedded(sizes, blockStart, blockEnd, random) : initialise(sizes, random);

        float positiveWeight = positiveWeight(y);
        float logPositiveWeight = (float) priorShift(y, rowWeights, positiveWeight);

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
        float[][] transposed = new float[layers][];
        for (int l = 1; l < layers; l++) {
            transposed[l] = new float[model.weights[l].length];
        }
        // Each half of a batch always goes to the same buffer, so its dropout masks depend on the seed only.
        // A block-diagonal first layer goes through its input runs (bins, one-hot levels): see InputRuns.
        InputRuns runs = embed ? InputRuns.of(model) : null;
        int[] codes = embed ? runs.codes(x, n, width) : null;
        float[] prefix = embed ? runs.buffer() : null;
        GradientBuffer first = new GradientBuffer(model, (float) config.dropout(), config.seed() * 31 + 1, runs);
        GradientBuffer second = new GradientBuffer(model, (float) config.dropout(), config.seed() * 31 + 2, runs);
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        boolean validate = yValidation.length > 0;
        Mlp best = model.copy();
        double bestLoss = Double.POSITIVE_INFINITY;
        double bestAuc = Double.NEGATIVE_INFINITY;
        int bestEpoch = 0;
        int sinceBest = 0;
        List<Epoch> history = new ArrayList<>();
        long step = 0;
        lrScale = 1.0;
        int batch = config.batchSizeFor(n);
        long stepsPerEpoch = (n + batch - 1) / batch;
        long totalSteps = stepsPerEpoch * config.maxEpochs();
        boolean parallel = config.threads() > 1 && batch >= 16;
        try (GradientWorker worker = parallel ? new GradientWorker() : null) {
            for (int epoch = 1; epoch <= config.maxEpochs(); epoch++) {
                long epochStart = System.nanoTime();
                shuffle(order, random);
                double lossSum = 0;
                int batchIndex = 0;
                long parallelNanos = 0;
                long serialNanos = 0;
                boolean useWorker = worker != null;
                for (int from = 0; from < n; from += batch, batchIndex++) {
                    int to = Math.min(n, from + batch);
                    int mid = from + (to - from) / 2;
                    float scale = 1f / (to - from);
                    first.clear();
                    second.clear();
                    transpose(model, transposed);
                    if (embed) {
                        runs.prefix(model.weights[0], prefix);
                    }
                    final Mlp m = model;
                    final int f = from;
                    final int t = to;
                    Runnable a = () -> first.accumulate(m, transposed, x, y, rowWeights, order, f, mid,
                            positiveWeight, scale, codes, prefix);
                    Runnable b = () -> second.accumulate(m, transposed, x, y, rowWeights, order, mid, t,
                            positiveWeight, scale, codes, prefix);
                    // Both halves are always computed separately and summed in the same order, so whether the
                    // worker runs one of them changes the speed only. Each epoch starts by timing PROBE batches
                    // each way and keeps the faster: on a busy machine the second core may not be worth it.
                    boolean probing = worker != null && batchIndex < 2 * PROBE;
                    boolean parallelNow = probing ? batchIndex < PROBE : useWorker;
                    long started = probing ? System.nanoTime() : 0;
                    if (parallelNow && to - from >= 16) {
                        worker.runBoth(a, b);
                    } else {
                        a.run();
                        b.run();
                    }
                    if (probing) {
                        long spent = System.nanoTime() - started;
                        if (parallelNow) {
                            parallelNanos += spent;
                        } else {
                            serialNanos += spent;
                        }
                        if (batchIndex == 2 * PROBE - 1) {
                            useWorker = parallelNanos < serialNanos;
                        }
                    }
                    lossSum += first.loss + second.loss;
                    step++;
                    adamStep(model, first, second, mw, vw, mb, vb, step, scheduled(step, stepsPerEpoch, totalSteps));
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
                boolean improved = !validate || (config.stopOnAuc() ? valAuc > bestAuc + 1e-6
                        : valLoss < bestLoss - 1e-6);
                if (improved) {
                    bestLoss = validate ? valLoss : bestLoss;
                    bestAuc = validate ? valAuc : bestAuc;
                    bestEpoch = epoch;
                    sinceBest = 0;
                    best.copyFrom(model);
                } else if (config.patience() > 0 && ++sinceBest >= config.patience()) {
                    break;
                } else if (config.schedule() == TrainingConfig.Schedule.PLATEAU && config.patience() > 0
                        && sinceBest % PLATEAU == 0 && lrScale > 1.0 / 32) {
                    // Reduce on plateau: smaller steps once validation loss stalls usually find a better optimum.
                    lrScale *= 0.5;
                }
                if (!Double.isFinite(trainLoss)) {
                    break;
                }
            }
        }
        // Training with positives weighted by w learns odds w times too high; moving the output bias by -log(w)
        // restores calibrated probabilities without changing the ranking.
        best.biases[layers - 1][0] -= logPositiveWeight;
        return new Fit(best, List.copyOf(history), bestEpoch, positiveWeight, (System.nanoTime() - start) / 1_000_000,
                batch);
    }

    /** log(prior odds the weighted loss implies / the data's prior odds): what the output bias must lose. */
    private static double priorShift(int[] y, float[] rowWeights, float positiveWeight) {
        double wPos = 0;
        double wNeg = 0;
        long pos = 0;
        for (int i = 0; i < y.length; i++) {
            double w = rowWeights == null ? 1 : rowWeights[i];
            if (y[i] == 1) {
                wPos += w * positiveWeight;
                pos++;
            } else {
                wNeg += w;
            }
        }
        long neg = y.length - pos;
        if (pos == 0 || neg == 0 || wPos <= 0 || wNeg <= 0) {
            return Math.log(positiveWeight);
        }
        return Math.log(wPos / wNeg) - Math.log((double) pos / neg);
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
        int[] nonZero = m.nonZeroScratch();
        int width = m.sizes()[0];
        for (int r = 0; r < n; r++) {
            out[r] = Mlp.sigmoid(m.logit(x, r * width, act, nonZero, null, null, 0, null) - logPositiveWeight);
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

    private static int unitsFor(int units, int inputs) {
        // more units than inputs adds no rank to a linear map, only cost (validated on the public tables)
        return Math.min(units, inputs);
    }

    /**
     * He initialisation everywhere, the first layer's fan-in being each feature's own inputs; its weights are
     * stored block by block (see {@link Mlp#blockOffset}).
     */
    private static Mlp initialiseEmbedded(int[] sizes, int[] blockStart, int[] blockEnd, Random random) {
        Mlp dense = initialise(sizes, random);
        int width = sizes[0];
        int[] fanIn = new int[sizes[1]];
        int stored = 0;
        for (int i = 0; i < width; i++) {
            fanIn[blockStart[i]]++;
            stored += blockEnd[i] - blockStart[i];
        }
        float[] w = new float[stored];
        int at = 0;
        for (int i = 0; i < width; i++) {
            double std = Math.sqrt(2.0 / fanIn[blockStart[i]]);
            for (int j = blockStart[i]; j < blockEnd[i]; j++) {
                w[at++] = (float) (random.nextGaussian() * std);
            }
        }
        dense.weights[0] = w;
        return new Mlp(sizes, dense.weights, dense.biases, blockStart, blockEnd);
    }

    private static void transpose(Mlp m, float[][] transposed) {
        int[] sizes = m.sizes();
        for (int l = 1; l < transposed.length; l++) {
            int in = sizes[l];
            int out = sizes[l + 1];
            float[] w = m.weights[l];
            float[] t = transposed[l];
            for (int i = 0; i < in; i++) {
                for (int j = 0; j < out; j++) {
                    t[j * in + i] = w[i * out + j];
                }
            }
        }
    }

    private static void shuffle(int[] a, Random random) {
        for (int i = a.length - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = a[i];
            a[i] = a[j];
            a[j] = t;
        }
    }

    /** The schedule's factor on the learning rate at (1-based) {@code step}. */
    private double scheduled(long step, long stepsPerEpoch, long totalSteps) {
        if (config.schedule() != TrainingConfig.Schedule.COSINE) {
            return 1.0;
        }
        // A short warm-up keeps Adam's first, poorly estimated steps small; the cosine then anneals to zero by
        // the last epoch, so the weights settle without a plateau detector.
        if (step <= stepsPerEpoch) {
            return (double) step / stepsPerEpoch;
        }
        double t = (double) (step - stepsPerEpoch) / Math.max(1, totalSteps - stepsPerEpoch);
        return 0.5 * (1 + Math.cos(Math.PI * Math.min(1.0, t)));
    }

    private void adamStep(Mlp model, GradientBuffer g1, GradientBuffer g2, float[][] mw, float[][] vw,
                          float[][] mb, float[][] vb, long step, double factor) {
        double now = config.learningRate() * lrScale * factor;
        float lr = (float) (now * Math.sqrt(1 - Math.pow(BETA2, step)) / (1 - Math.pow(BETA1, step)));
        float l2 = (float) config.l2();
        float decay = (float) (1 - now * config.weightDecay());
        // Flushing on every step took a tenth of an embedded network's training (a scalar loop, where update()
        // vectorises). A value just below TINY needs hundreds of steps of decay (first moment x0.9 per step) to
        // become subnormal, so a flush every few steps keeps them out as well.
        boolean flush = model.blockStart != null && step % FLUSH_PERIOD == 0;
        for (int l = 0; l < model.weights.length; l++) {
            if (flush) {
                flushed(model.weights[l], g1.gw[l], g2.gw[l], mw[l], vw[l], lr, l2, decay);
                flushed(model.biases[l], g1.gb[l], g2.gb[l], mb[l], vb[l], lr, 0f, 1f);
            } else {
                update(model.weights[l], g1.gw[l], g2.gw[l], mw[l], vw[l], lr, l2, decay);
                update(model.biases[l], g1.gb[l], g2.gb[l], mb[l], vb[l], lr, 0f, 1f);
            }
        }
    }

    /**
     * {@link #update} with values below {@link #TINY} set to zero. Embedding units that never fire get no
     * gradient but L2, which drives their weights, moments and squared gradients towards zero until they are
     * subnormal floats, and arithmetic on those is many times slower on x86: training slowed threefold halfway.
     */
    private static void flushed(float[] p, float[] ga, float[] gb, float[] m, float[] v, float lr, float l2,
                                float decay) {
        final float b1 = (float) BETA1;
        final float b2 = (float) BETA2;
        final float eps = (float) EPSILON;
        for (int i = 0; i < p.length; i++) {
            float pi = p[i] * decay;
            float g = ga[i] + gb[i] + l2 * pi;
            if (Math.abs(g) < TINY) {
                g = 0f;
            }
            float mi = b1 * m[i] + (1 - b1) * g;
            float vi = b2 * v[i] + (1 - b2) * g * g;
            mi = Math.abs(mi) < TINY ? 0f : mi;
            vi = vi < TINY ? 0f : vi;
            m[i] = mi;
            v[i] = vi;
            pi -= lr * mi / ((float) Math.sqrt(vi) + eps);
            p[i] = Math.abs(pi) < TINY ? 0f : pi;
        }
    }

    private static void update(float[] p, float[] ga, float[] gb, float[] m, float[] v, float lr, float l2,
                               float decay) {
        final float b1 = (float) BETA1;
        final float b2 = (float) BETA2;
        final float eps = (float) EPSILON;
        if (decay != 1f) {
            for (int i = 0; i < p.length; i++) {
                p[i] *= decay;
            }
        }
        for (int i = 0; i < p.length; i++) {
            float g = ga[i] + gb[i] + l2 * p[i];
            m[i] = b1 * m[i] + (1 - b1) * g;
            v[i] = b2 * v[i] + (1 - b2) * g * g;
            p[i] -= lr * m[i] / ((float) Math.sqrt(v[i]) + eps);
        }
    }
}
