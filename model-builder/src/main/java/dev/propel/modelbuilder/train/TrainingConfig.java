package dev.propel.modelbuilder.train;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Hyper-parameters of one training run. {@link #defaults()} works without tuning; every field can be changed with
 * its {@code with…} method.
 *
 * @param hidden             hidden layer widths (empty = logistic regression)
 * @param maxEpochs          upper bound on epochs; early stopping usually ends sooner
 * @param batchSize          mini-batch size; 0 = automatic (training rows / 500 as a power of two, within 16..128,
 *                           so small tables still get enough steps per epoch)
 * @param learningRate       Adam step size
 * @param l2                 L2 penalty on weights (not biases), added to the gradient
 * @param patience           epochs without validation improvement before stopping (0 = never stop early)
 * @param validationFraction share of the training rows held out for early stopping
 * @param testFraction       share of all rows held out for the final, untouched evaluation
 * @param classWeighting     up-weight rare positives (the output bias is corrected afterwards)
 * @param seed               the seed of every random choice: same data + same seed = same model
 * @param threads            threads computing each mini-batch's gradient (results do not depend on it)
 * @param selectByValidation export the logistic-regression baseline instead of the MLP when it has the higher
 *                           validation ROC AUC (small or highly repetitive data, where the MLP overfits)
 * @param bins               piecewise-linear bins per numeric column, with smooth clipping of the scaled value
 *                           (0 = standardised values only)
 * @param ensemble           networks trained with seeds {@code seed, seed+1, …} whose logits are averaged (one
 *                           wider network in the exported graph)
 */
public record TrainingConfig(int[] hidden, int maxEpochs, int batchSize, double learningRate, double l2,
                             int patience, double validationFraction, double testFraction,
                             boolean classWeighting, long seed, int threads, boolean selectByValidation, int bins,
                             int ensemble) {

    public TrainingConfig {
        hidden = hidden.clone();
        if (maxEpochs < 1 || batchSize < 0 || !(learningRate > 0) || l2 < 0 || patience < 0 || bins < 0
                || bins == 1 || ensemble < 1) {
            throw new IllegalArgumentException("invalid training configuration");
        }
        if (!(validationFraction >= 0 && validationFraction < 1) || !(testFraction >= 0 && testFraction < 1)) {
            throw new IllegalArgumentException("fractions must be in [0, 1)");
        }
        for (int h : hidden) {
            if (h < 1) {
                throw new IllegalArgumentException("hidden layer width must be positive");
            }
        }
    }

    /** 64-64 ReLU, Adam 1e-3, automatic batch (16..128), up to 60 epochs with patience 6, L2 1e-4, 2 threads, seed 42. */
    public static TrainingConfig defaults() {
        return new TrainingConfig(new int[] {64, 64}, 60, 0, 1e-3, 1e-4, 6, 0.1, 0.2, true, 42L,
                Math.min(2, Runtime.getRuntime().availableProcessors()), true, 0, 1);
    }

    /**
     * {@link #defaults()} plus 16 piecewise-linear bins per numeric column with smooth clipping and an ensemble of
     * three seeds: what {@code ./propel train} uses. The reranker keeps {@link #defaults()} (its features are
     * already scaled counts, and it is served per candidate).
     */
    public static TrainingConfig tabular() {
        return defaults().withBins(16).withEnsemble(3);
    }

    /** The same with another number of piecewise-linear bins per numeric column (0 = none). */
    public TrainingConfig withBins(int b) {
        return new TrainingConfig(hidden, maxEpochs, batchSize, learningRate, l2, patience, validationFraction,
                testFraction, classWeighting, seed, threads, selectByValidation, b, ensemble);
    }

    /** The same with another ensemble size. */
    public TrainingConfig withEnsemble(int members) {
        return new TrainingConfig(hidden, maxEpochs, batchSize, learningRate, l2, patience, validationFraction,
                testFraction, classWeighting, seed, threads, selectByValidation, bins, members);
    }

    public TrainingConfig withHidden(int... h) {
        return new TrainingConfig(h, maxEpochs, batchSize, learningRate, l2, patience, validationFraction,
                testFraction, classWeighting, seed, threads, selectByValidation, bins, ensemble);
    }

    public TrainingConfig withMaxEpochs(int e) {
        return new TrainingConfig(hidden, e, batchSize, learningRate, l2, patience, validationFraction,
                testFraction, classWeighting, seed, threads, selectByValidation, bins, ensemble);
    }

    public TrainingConfig withBatchSize(int b) {
        return new TrainingConfig(hidden, maxEpochs, b, learningRate, l2, patience, validationFraction,
                testFraction, classWeighting, seed, threads, selectByValidation, bins, ensemble);
    }

    public TrainingConfig withLearningRate(double lr) {
        return new TrainingConfig(hidden, maxEpochs, batchSize, lr, l2, patience, validationFraction,
                testFraction, classWeighting, seed, threads, selectByValidation, bins, ensemble);
    }

    public TrainingConfig withL2(double v) {
        return new TrainingConfig(hidden, maxEpochs, batchSize, learningRate, v, patience, validationFraction,
                testFraction, classWeighting, seed, threads, selectByValidation, bins, ensemble);
    }

    public TrainingConfig withPatience(int p) {
        return new TrainingConfig(hidden, maxEpochs, batchSize, learningRate, l2, p, validationFraction,
                testFraction, classWeighting, seed, threads, selectByValidation, bins, ensemble);
    }

    public TrainingConfig withValidationFraction(double f) {
        return new TrainingConfig(hidden, maxEpochs, batchSize, learningRate, l2, patience, f,
                testFraction, classWeighting, seed, threads, selectByValidation, bins, ensemble);
    }

    public TrainingConfig withTestFraction(double f) {
        return new TrainingConfig(hidden, maxEpochs, batchSize, learningRate, l2, patience, validationFraction,
                f, classWeighting, seed, threads, selectByValidation, bins, ensemble);
    }

    public TrainingConfig withClassWeighting(boolean on) {
        return new TrainingConfig(hidden, maxEpochs, batchSize, learningRate, l2, patience, validationFraction,
                testFraction, on, seed, threads, selectByValidation, bins, ensemble);
    }

    public TrainingConfig withSeed(long s) {
        return new TrainingConfig(hidden, maxEpochs, batchSize, learningRate, l2, patience, validationFraction,
                testFraction, classWeighting, s, threads, selectByValidation, bins, ensemble);
    }

    public TrainingConfig withSelectByValidation(boolean on) {
        return new TrainingConfig(hidden, maxEpochs, batchSize, learningRate, l2, patience, validationFraction,
                testFraction, classWeighting, seed, threads, on, bins, ensemble);
    }

    public TrainingConfig withThreads(int t) {
        return new TrainingConfig(hidden, maxEpochs, batchSize, learningRate, l2, patience, validationFraction,
                testFraction, classWeighting, seed, Math.max(1, t), selectByValidation, bins, ensemble);
    }

    /** The mini-batch size for {@code rows} training rows. */
    public int batchSizeFor(int rows) {
        if (batchSize > 0) {
            return batchSize;
        }
        int b = Integer.highestOneBit(Math.max(1, rows / 500));
        return Math.max(16, Math.min(128, b));
    }

    @Override
    public int[] hidden() {
        return hidden.clone();
    }

    /** The hyper-parameters as a JSON-friendly map (report.json and ONNX metadata). */
    public Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("hidden", Arrays.stream(hidden).boxed().toList());
        m.put("activation", "relu");
        m.put("output", "sigmoid");
        m.put("loss", "binary_cross_entropy");
        m.put("optimizer", "adam");
        m.put("learning_rate", learningRate);
        m.put("learning_rate_schedule", patience > 0 ? "halved after 2 epochs without validation improvement"
                : "constant");
        m.put("batch_size", batchSize == 0 ? "auto" : batchSize);
        m.put("max_epochs", maxEpochs);
        m.put("patience", patience);
        m.put("l2", l2);
        m.put("validation_fraction", validationFraction);
        m.put("test_fraction", testFraction);
        m.put("class_weighting", classWeighting);
        m.put("seed", seed);
        m.put("threads", threads);
        m.put("select_by_validation", selectByValidation);
        m.put("numeric_bins", bins);
        m.put("ensemble", ensemble);
        return m;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TrainingConfig c && toMap().equals(c.toMap());
    }

    @Override
    public int hashCode() {
        return toMap().hashCode();
    }

    @Override
    public String toString() {
        return "TrainingConfig" + toMap();
    }
}
