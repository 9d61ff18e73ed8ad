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
 * @param batchSize          mini-batch size
 * @param learningRate       Adam step size
 * @param l2                 L2 penalty on weights (not biases), added to the gradient
 * @param patience           epochs without validation improvement before stopping (0 = never stop early)
 * @param validationFraction share of the training rows held out for early stopping
 * @param testFraction       share of all rows held out for the final, untouched evaluation
 * @param classWeighting     up-weight rare positives (the output bias is corrected afterwards)
 * @param seed               the seed of every random choice: same data + same seed = same model
 * @param threads            threads computing each mini-batch's gradient (results do not depend on it)
 */
public record TrainingConfig(int[] hidden, int maxEpochs, int batchSize, double learningRate, double l2,
                             int patience, double validationFraction, double testFraction,
                             boolean classWeighting, long seed, int threads) {

    public TrainingConfig {
        hidden = hidden.clone();
        if (maxEpochs < 1 || batchSize < 1 || !(learningRate > 0) || l2 < 0 || patience < 0) {
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

    /** 64-64 ReLU, Adam 1e-3, batch 64, up to 60 epochs with patience 6, L2 1e-5, 2 threads, seed 42. */
    public static TrainingConfig defaults() {
        return new TrainingConfig(new int[] {64, 64}, 60, 64, 1e-3, 1e-5, 6, 0.1, 0.2, true, 42L,
                Math.min(2, Runtime.getRuntime().availableProcessors()));
    }

    public TrainingConfig withHidden(int... h) {
        return new TrainingConfig(h, maxEpochs, batchSize, learningRate, l2, patience, validationFraction,
                testFraction, classWeighting, seed, threads);
    }

    public TrainingConfig withMaxEpochs(int e) {
        return new TrainingConfig(hidden, e, batchSize, learningRate, l2, patience, validationFraction,
                testFraction, classWeighting, seed, threads);
    }

    public TrainingConfig withBatchSize(int b) {
        return new TrainingConfig(hidden, maxEpochs, b, learningRate, l2, patience, validationFraction,
                testFraction, classWeighting, seed, threads);
    }

    public TrainingConfig withLearningRate(double lr) {
        return new TrainingConfig(hidden, maxEpochs, batchSize, lr, l2, patience, validationFraction,
                testFraction, classWeighting, seed, threads);
    }

    public TrainingConfig withL2(double v) {
        return new TrainingConfig(hidden, maxEpochs, batchSize, learningRate, v, patience, validationFraction,
                testFraction, classWeighting, seed, threads);
    }

    public TrainingConfig withPatience(int p) {
        return new TrainingConfig(hidden, maxEpochs, batchSize, learningRate, l2, p, validationFraction,
                testFraction, classWeighting, seed, threads);
    }

    public TrainingConfig withValidationFraction(double f) {
        return new TrainingConfig(hidden, maxEpochs, batchSize, learningRate, l2, patience, f,
                testFraction, classWeighting, seed, threads);
    }

    public TrainingConfig withTestFraction(double f) {
        return new TrainingConfig(hidden, maxEpochs, batchSize, learningRate, l2, patience, validationFraction,
                f, classWeighting, seed, threads);
    }

    public TrainingConfig withClassWeighting(boolean on) {
        return new TrainingConfig(hidden, maxEpochs, batchSize, learningRate, l2, patience, validationFraction,
                testFraction, on, seed, threads);
    }

    public TrainingConfig withSeed(long s) {
        return new TrainingConfig(hidden, maxEpochs, batchSize, learningRate, l2, patience, validationFraction,
                testFraction, classWeighting, s, threads);
    }

    public TrainingConfig withThreads(int t) {
        return new TrainingConfig(hidden, maxEpochs, batchSize, learningRate, l2, patience, validationFraction,
                testFraction, classWeighting, seed, Math.max(1, t));
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
        m.put("batch_size", batchSize);
        m.put("max_epochs", maxEpochs);
        m.put("patience", patience);
        m.put("l2", l2);
        m.put("validation_fraction", validationFraction);
        m.put("test_fraction", testFraction);
        m.put("class_weighting", classWeighting);
        m.put("seed", seed);
        m.put("threads", threads);
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
