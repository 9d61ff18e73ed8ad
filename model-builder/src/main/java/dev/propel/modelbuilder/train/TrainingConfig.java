package dev.propel.modelbuilder.train;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;

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
 * @param schedule           learning-rate schedule
 * @param dropout            share of hidden units zeroed in each training step (0 = none; never at inference)
 * @param weightDecay        decoupled weight decay (AdamW) per step, times the learning rate, on weights only
 * @param stopOnAuc          keep the epoch with the best validation ROC AUC rather than the lowest log loss
 * @param embedding          units of each feature's own embedding before the hidden layers: a block-diagonal first
 *                           layer with ReLU, where a column's inputs (value, missing flag, bins, or one-hot levels)
 *                           connect only to its own units (0 = none; needs the columns' input groups)
 */
public record TrainingConfig(int[] hidden, int maxEpochs, int batchSize, double learningRate, double l2,
                             int patience, double validationFraction, double testFraction,
                             boolean classWeighting, long seed, int threads, boolean selectByValidation, int bins,
                             int ensemble, Schedule schedule, double dropout, double weightDecay,
                             boolean stopOnAuc, int embedding) {

    /** How the learning rate moves during training. */
    public enum Schedule {
        /** Constant, halved after 2 epochs without validation improvement. */
        PLATEAU,
        /** Cosine decay from the full rate to zero over {@code maxEpochs} after a one-epoch linear warm-up. */
        COSINE
    }

    public TrainingConfig {
        hidden = hidden.clone();
        if (maxEpochs < 1 || batchSize < 0 || !(learningRate > 0) || l2 < 0 || patience < 0 || bins < 0
                || bins == 1 || ensemble < 1 || schedule == null || !(dropout >= 0 && dropout < 1)
                || !(weightDecay >= 0) || embedding < 0) {
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
                Math.min(2, Runtime.getRuntime().availableProcessors()), true, 0, 1, Schedule.PLATEAU, 0, 0, false, 0);
    }

    /**
     * {@link #defaults()} plus 32 piecewise-linear bins per numeric column with smooth clipping, per-feature
     * embeddings of 16 units, an ensemble of three seeds, and 16 epochs on a cosine schedule from a learning rate
     * of 0.002 keeping the epoch of best validation ROC AUC: what {@code ./propel train --data} uses (chosen on the
     * public tables' validation rows, see docs/decisions.md). When the embedded network does not beat logistic
     * regression on the validation rows, the model builder also trains it without embeddings and keeps the better.
     * The reranker keeps {@link #defaults()} (its features are already scaled counts, and it is served per
     * candidate).
     */
    public static TrainingConfig tabular() {
        return defaults().withBins(32).withEmbedding(16).withEnsemble(3).withSchedule(Schedule.COSINE)
                .withMaxEpochs(16).withLearningRate(2e-3).withPatience(0).withStopOnAuc(true);
    }

    /** The same with another number of piecewise-linear bins per numeric column (0 = none). */
    public TrainingConfig withBins(int b) {
        return with(d -> d.bins = b);
    }

    /** The same with another ensemble size. */
    public TrainingConfig withEnsemble(int members) {
        return with(d -> d.ensemble = members);
    }

    public TrainingConfig withHidden(int... h) {
        return with(d -> d.hidden = h);
    }

    public TrainingConfig withMaxEpochs(int e) {
        return with(d -> d.maxEpochs = e);
    }

    public TrainingConfig withBatchSize(int b) {
        return with(d -> d.batchSize = b);
    }

    public TrainingConfig withLearningRate(double lr) {
        return with(d -> d.learningRate = lr);
    }

    public TrainingConfig withL2(double v) {
        return with(d -> d.l2 = v);
    }

    public TrainingConfig withPatience(int p) {
        return with(d -> d.patience = p);
    }

    public TrainingConfig withValidationFraction(double f) {
        return with(d -> d.validationFraction = f);
    }

    public TrainingConfig withTestFraction(double f) {
        return with(d -> d.testFraction = f);
    }

    public TrainingConfig withClassWeighting(boolean on) {
        return with(d -> d.classWeighting = on);
    }

    public TrainingConfig withSeed(long s) {
        return with(d -> d.seed = s);
    }

    public TrainingConfig withSelectByValidation(boolean on) {
        return with(d -> d.selectByValidation = on);
    }

    public TrainingConfig withThreads(int t) {
        return with(d -> d.threads = Math.max(1, t));
    }

    /** The same with another learning-rate schedule. */
    public TrainingConfig withSchedule(Schedule s) {
        return with(d -> d.schedule = s);
    }

    /** The same with another dropout rate on the hidden layers. */
    public TrainingConfig withDropout(double p) {
        return with(d -> d.dropout = p);
    }

    /** The same with another decoupled weight decay. */
    public TrainingConfig withWeightDecay(double w) {
        return with(d -> d.weightDecay = w);
    }

    /** The same, keeping the epoch with the best validation ROC AUC (true) or log loss (false). */
    public TrainingConfig withStopOnAuc(boolean on) {
        return with(d -> d.stopOnAuc = on);
    }

    /** The same with {@code units} embedding units per feature (0 = none). */
    public TrainingConfig withEmbedding(int units) {
        return with(d -> d.embedding = units);
    }

    /** This configuration with one change, checked by the canonical constructor like any other. */
    private TrainingConfig with(Consumer<Draft> change) {
        Draft d = new Draft(this);
        change.accept(d);
        return d.build();
    }

    /** A mutable copy of every field, so each {@code with…} names only the field it changes. */
    private static final class Draft {
        int[] hidden;
        int maxEpochs;
        int batchSize;
        double learningRate;
        double l2;
        int patience;
        double validationFraction;
        double testFraction;
        boolean classWeighting;
        long seed;
        int threads;
        boolean selectByValidation;
        int bins;
        int ensemble;
        Schedule schedule;
        double dropout;
        double weightDecay;
        boolean stopOnAuc;
        int embedding;

        Draft(TrainingConfig c) {
            hidden = c.hidden;
            maxEpochs = c.maxEpochs;
            batchSize = c.batchSize;
            learningRate = c.learningRate;
            l2 = c.l2;
            patience = c.patience;
            validationFraction = c.validationFraction;
            testFraction = c.testFraction;
            classWeighting = c.classWeighting;
            seed = c.seed;
            threads = c.threads;
            selectByValidation = c.selectByValidation;
            bins = c.bins;
            ensemble = c.ensemble;
            schedule = c.schedule;
            dropout = c.dropout;
            weightDecay = c.weightDecay;
            stopOnAuc = c.stopOnAuc;
            embedding = c.embedding;
        }

        TrainingConfig build() {
            return new TrainingConfig(hidden, maxEpochs, batchSize, learningRate, l2, patience, validationFraction,
                    testFraction, classWeighting, seed, threads, selectByValidation, bins, ensemble, schedule,
                    dropout, weightDecay, stopOnAuc, embedding);
        }
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
        m.put("learning_rate_schedule", schedule == Schedule.COSINE ? "one-epoch warm-up, then cosine decay over "
                + maxEpochs + " epochs" : patience > 0 ? "halved after 2 epochs without validation improvement"
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
        m.put("dropout", dropout);
        m.put("weight_decay", weightDecay);
        if (embedding > 0) {
            m.put("feature_embedding_units", embedding);
        }
        m.put("early_stopping_metric", stopOnAuc ? "validation_roc_auc" : "validation_log_loss");
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
