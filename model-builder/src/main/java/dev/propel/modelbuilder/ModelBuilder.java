package dev.propel.modelbuilder;

import dev.propel.core.model.OnnxMetadataKeys;
import dev.propel.modelbuilder.anchor.AnchorModel;
import dev.propel.modelbuilder.data.Split;
import dev.propel.modelbuilder.data.Table;
import dev.propel.modelbuilder.eval.BinaryMetrics;
import dev.propel.modelbuilder.eval.LeakCheck;
import dev.propel.modelbuilder.eval.ModelMetrics;
import dev.propel.modelbuilder.eval.PairedBootstrap;
import dev.propel.modelbuilder.eval.RankingMetrics;
import dev.propel.modelbuilder.export.OnnxExporter;
import dev.propel.modelbuilder.features.CategoricalFeature;
import dev.propel.modelbuilder.features.FeaturePipeline;
import dev.propel.modelbuilder.features.NumericFeature;
import dev.propel.modelbuilder.report.TrainingReport;
import dev.propel.modelbuilder.train.Mlp;
import dev.propel.modelbuilder.train.MlpTrainer;
import dev.propel.modelbuilder.train.TrainingConfig;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * The one-call model-builder: split (test held out, validation for early stopping), fit the feature transform on
 * training rows, train the MLP and a logistic-regression baseline, evaluate on the test rows, export ONNX.
 * <pre>{@code
 * Table t = Table.builder().numeric("price", prices).categorical("country", countries).labels(y).build();
 * TrainingResult r = ModelBuilder.train(t, TrainingConfig.defaults());
 * new ModelPublisher(s3, bucket).publish(r);
 * }</pre>
 */
public final class ModelBuilder {
    /** Resamples of the paired bootstrap of AUC differences: the interval's ends move by < 0.001 beyond this. */
    static final int BOOTSTRAP_RESAMPLES = 1000;

    private ModelBuilder() {
    }

    /** Trains a {@code generic} model quietly. */
    public static TrainingResult train(Table table, TrainingConfig config) {
        return train(table, config, Provenance.of("generic"), MlpTrainer.Progress.silent(), List.of());
    }

    /**
     * Trains, evaluates and exports.
     *
     * @param schema notes on how each source column was read (CSV inference), copied into the report
     */
    public static TrainingResult train(Table table, TrainingConfig config, Provenance provenance,
                                       MlpTrainer.Progress progress, List<Map<String, Object>> schema) {
        return train(table, config, provenance, progress, schema, List.of());
    }

    /**
     * Trains, evaluates and exports, and trains each anchor on the same training rows to compare with: its test
     * figures go next to the baselines and the paired-bootstrap interval of the AUC difference under
     * {@code metrics.comparison}. An anchor that cannot run (library missing) is reported as unavailable.
     */
    public static TrainingResult train(Table table, TrainingConfig config, Provenance provenance,
                                       MlpTrainer.Progress progress, List<Map<String, Object>> schema,
                                       List<AnchorModel> anchors) {
        long start = System.nanoTime();
        Split testSplit = Split.of(table, config.testFraction(), config.seed());
        Table trainAll = table.select(testSplit.rest());
        Table test = table.select(testSplit.holdout());
        Split valSplit = Split.of(trainAll, config.validationFraction(), config.seed() + 1);
        Table train = trainAll.select(valSplit.rest());
        Table validation = trainAll.select(valSplit.holdout());
        requireBothClasses(train, "training");

        FeaturePipeline pipeline = FeaturePipeline.fit(train, config.bins() > 0
                ? FeaturePipeline.Options.binned(config.bins()) : FeaturePipeline.Options.defaults());
        int width = pipeline.width();
        float[] xTrain = pipeline.transform(train);
        float[] xVal = pipeline.transform(validation);
        float[] xTest = pipeline.transform(test);

        float[] rowWeights = keyWeights(train.keys());
        int[] groups = pipeline.inputGroups();
        MlpTrainer.Fit fit;
        MlpTrainer.Fit logistic;
        Map<AnchorModel, Future<AnchorRun>> anchorRuns = new LinkedHashMap<>();
        int threads = Math.max(1, config.threads());
        boolean wide = config.ensemble() > 1;
        // Whole models train side by side, one thread each: the ensemble's members first, then the logistic
        // regression and the anchors, which fill the thread a lone last member leaves idle. One network alone
        // keeps the caller's thread and splits its mini-batches over the threads instead. Every model depends on
        // its seed only, so the figures do not depend on the scheduling.
        ExecutorService pool = trainingPool(wide ? threads : Math.max(1, threads - 1));
        try {
            List<Future<MlpTrainer.Fit>> members = wide ? submitMembers(pool, config, threads, xTrain,
                    train.labels(), rowWeights, width, groups, xVal, validation.labels(), progress) : List.of();
            TrainingConfig linear = config.withHidden().withEnsemble(1).withThreads(1);
            Future<MlpTrainer.Fit> logisticRun = pool.submit(() -> new MlpTrainer(linear).fit(xTrain, train.labels(),
                    rowWeights, width, xVal, validation.labels(), MlpTrainer.Progress.silent()));
            for (AnchorModel anchor : anchors) {
                anchorRuns.put(anchor, pool.submit(() -> {
                    long anchorStart = System.nanoTime();
                    float[] p = anchor.fitPredict(train, validation, test);
                    return new AnchorRun(p, (System.nanoTime() - anchorStart) / 1_000_000);
                }));
            }
            fit = wide ? averaged(members) : new MlpTrainer(config).fit(xTrain, train.labels(), rowWeights, width,
                    groups, xVal, validation.labels(), progress);
            logistic = join(logisticRun);
            // Anchors are joined below, after the exported model's figures exist.
        } catch (RuntimeException | Error e) {
            pool.shutdownNow();
            throw e;
        } finally {
            pool.shutdown();
        }

        // Recipe cascade, on validation rows only (docs/decisions.md): per-feature embeddings validated better on
        // the large public tables but overfit the small, nearly linear one, where they lost to logistic
        // regression. When the embedded network does not beat logistic regression, the same network without
        // embeddings is trained too and the better of the two kept; tables where embeddings help pay nothing.
        // Each model predicts each row set once here and below: the ensemble's forward pass is not free.
        float[] pValMlp = fit.model().predict(xVal, validation.rows());
        float[] pValLogistic = logistic.model().predict(xVal, validation.rows());
        TrainingConfig chosen = config;
        Map<String, Object> cascade = new LinkedHashMap<>();
        if (config.embedding() > 0 && config.hidden().length > 0 && config.selectByValidation()
                && validation.rows() > 0) {
            double embeddedAuc = BinaryMetrics.rocAuc(pValMlp, validation.labels());
            double linearAuc = BinaryMetrics.rocAuc(pValLogistic, validation.labels());
            if (!(embeddedAuc > linearAuc)) {
                TrainingConfig plain = config.withEmbedding(0);
                MlpTrainer.Fit plainFit = fitNetworks(plain, xTrain, train.labels(), rowWeights, width, xVal,
                        validation.labels());
                float[] pValPlain = plainFit.model().predict(xVal, validation.rows());
                double plainAuc = BinaryMetrics.rocAuc(pValPlain, validation.labels());
                cascade.put("validation_roc_auc_mlp_with_embeddings", embeddedAuc);
                cascade.put("validation_roc_auc_mlp_without_embeddings", plainAuc);
                cascade.put("without_embeddings_millis", plainFit.millis());
                if (plainAuc > embeddedAuc) {
                    fit = plainFit;
                    pValMlp = pValPlain;
                    chosen = plain;
                }
            }
        }

        // Model selection on validation rows only: on small or very repetitive data (many prefixes of few
        // sessions) the MLP can overfit where the linear model does not; the test rows stay untouched.
        // The criterion is validation ROC AUC, the figure the models are judged by; both are calibrated alike.
        double mlpValLoss = validation.rows() == 0 ? Double.NaN : BinaryMetrics.logLoss(pValMlp, validation.labels());
        double logisticValLoss = validation.rows() == 0 ? Double.NaN
                : BinaryMetrics.logLoss(pValLogistic, validation.labels());
        double mlpValAuc = validation.rows() == 0 ? Double.NaN : BinaryMetrics.rocAuc(pValMlp, validation.labels());
        double logisticValAuc = validation.rows() == 0 ? Double.NaN
                : BinaryMetrics.rocAuc(pValLogistic, validation.labels());
        boolean useLogistic = config.selectByValidation() && config.hidden().length > 0
                && logisticValAuc > mlpValAuc;
        MlpTrainer.Fit mlpFit = fit;
        if (useLogistic) {
            fit = logistic;
        }
        float[] pLogistic = logistic.model().predict(xTest, test.rows());
        float[] pMlp = mlpFit.model().predict(xTest, test.rows());
        float[] pTest = useLogistic ? pLogistic : pMlp;
        float[] pVal = useLogistic ? pValLogistic : pValMlp;
        float baseRate = (float) train.positives() / train.rows();
        float[] pBase = new float[test.rows()];
        java.util.Arrays.fill(pBase, baseRate);

        ModelMetrics testMetrics = ModelMetrics.of(pTest, test.labels());
        Map<String, Object> metrics = new LinkedHashMap<>();
        metrics.put("test", testMetrics.toMap());
        metrics.put("validation", ModelMetrics.of(pVal, validation.labels()).toMap());
        Map<String, Object> baselines = new LinkedHashMap<>();
        baselines.put("base_rate", ModelMetrics.of(pBase, test.labels()).toMap());
        baselines.put("logistic_regression", ModelMetrics.of(pLogistic, test.labels()).toMap());
        metrics.put("baselines", baselines);
        Map<String, Object> comparison = new LinkedHashMap<>();
        if (test.rows() > 0) {
            comparison.put("logistic_regression", PairedBootstrap.aucDifference(pTest, pLogistic, test.labels(),
                    BOOTSTRAP_RESAMPLES, config.seed()).toMap());
        }
        for (Map.Entry<AnchorModel, Future<AnchorRun>> e : anchorRuns.entrySet()) {
            AnchorModel anchor = e.getKey();
            try {
                AnchorRun run = join(e.getValue());
                Map<String, Object> m = new LinkedHashMap<>(ModelMetrics.of(run.probability(), test.labels())
                        .toMap());
                m.put("millis", run.millis());
                m.put("settings", anchor.description());
                baselines.put(anchor.name(), m);
                comparison.put(anchor.name(), PairedBootstrap.aucDifference(pTest, run.probability(),
                        test.labels(), BOOTSTRAP_RESAMPLES, config.seed()).toMap());
            } catch (RuntimeException | LinkageError ex) {
                // The anchor's library is optional (never shipped to serving): say why it is absent, keep going.
                baselines.put(anchor.name(), Map.of("unavailable", String.valueOf(ex.getMessage())));
            }
        }
        if (!comparison.isEmpty()) {
            metrics.put("comparison", comparison);
        }
        if (useLogistic) {
            metrics.put("mlp", ModelMetrics.of(pMlp, test.labels()).toMap());
        }
        if (test.groups() != null && test.rows() > 0) {
            Map<String, Object> ranking = new LinkedHashMap<>();
            ranking.put("model", RankingMetrics.of(test.groups(), pTest, test.labels(), 10).toMap());
            ranking.put("logistic_regression",
                    RankingMetrics.of(test.groups(), pLogistic, test.labels(), 10).toMap());
            if (test.items() != null) {
                float[] pop = RankingMetrics.popularityScores(trainAll.items(), trainAll.labels(), test.items());
                ranking.put("popularity", RankingMetrics.of(test.groups(), pop, test.labels(), 10).toMap());
            }
            metrics.put("ranking", ranking);
        }

        long millis = (System.nanoTime() - start) / 1_000_000;
        Provenance prov = provenance.withVersion(Provenance.versionAt(Instant.now()));
        Map<String, Object> content = new LinkedHashMap<>();
        content.put("task", prov.task());
        content.put("version", prov.version());
        content.put("label", prov.label());
        content.put("created_at", Instant.now().toString());
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("rows", table.rows());
        data.put("train_rows", train.rows());
        data.put("validation_rows", validation.rows());
        data.put("test_rows", test.rows());
        data.put("positive_rate", (double) table.positives() / Math.max(1, table.rows()));
        data.put("range", prov.dataRange());
        data.put("sha256", prov.dataHash());
        data.put("feature_schema_version", prov.featureSchemaVersion());
        data.put("split", table.groups() != null ? "by group (session)"
                : table.keys() != null ? "by row key (session)" : "stratified by label");
        content.put("data", data);
        content.put("columns", schema);
        content.put("features", featureDescription(pipeline));
        content.put("warnings", LeakCheck.warnings(train));
        Map<String, Object> inputs = new LinkedHashMap<>();
        if (!pipeline.numeric().isEmpty()) {
            inputs.put(OnnxMetadataKeys.NUMERIC_INPUT, pipeline.numericNames());
        }
        if (!pipeline.categorical().isEmpty()) {
            inputs.put(OnnxMetadataKeys.CATEGORICAL_INPUT, pipeline.categoricalNames());
        }
        content.put("inputs", inputs);
        Map<String, Object> hyper = new LinkedHashMap<>(chosen.toMap());
        hyper.put("selected_model", useLogistic ? "logistic_regression" : "mlp");
        content.put("hyper_parameters", hyper);
        Map<String, Object> selection = new LinkedHashMap<>();
        selection.put("selected", useLogistic ? "logistic_regression" : "mlp");
        selection.put("exported_layers", java.util.Arrays.stream(fit.model().sizes()).boxed().toList());
        selection.put("validation_log_loss_mlp", finite(mlpValLoss));
        selection.put("validation_log_loss_logistic_regression", finite(logisticValLoss));
        selection.put("validation_roc_auc_mlp", finite(mlpValAuc));
        selection.put("validation_roc_auc_logistic_regression", finite(logisticValAuc));
        if (!cascade.isEmpty()) {
            selection.put("embeddings", chosen.embedding() > 0 ? "kept" : "dropped (validation)");
            selection.putAll(cascade);
        }
        content.put("model", selection);
        Map<String, Object> training = new LinkedHashMap<>();
        training.put("epochs", fit.history().size());
        training.put("best_epoch", fit.bestEpoch());
        training.put("batch_size", fit.batchSize());
        training.put("training_millis", fit.millis());
        training.put("millis_per_epoch", fit.history().stream().mapToLong(MlpTrainer.Epoch::millis).average()
                .orElse(0));
        training.put("total_millis", millis);
        training.put("positive_weight", fit.positiveWeight());
        training.put("history", fit.history().stream().map(e -> {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("epoch", e.epoch());
            m.put("train_loss", finite(e.trainLoss()));
            m.put("validation_loss", finite(e.validationLoss()));
            m.put("validation_roc_auc", finite(e.validationAuc()));
            m.put("millis", e.millis());
            return m;
        }).toList());
        content.put("training", training);
        content.put("metrics", metrics);
        content.put("calibration", testMetrics.calibration().stream().map(b -> {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("lower", b.lower());
            m.put("upper", b.upper());
            m.put("count", b.count());
            m.put("mean_predicted", b.meanPredicted());
            m.put("observed_rate", b.observedRate());
            return m;
        }).toList());
        content.put("git_commit", prov.gitCommit());
        TrainingReport report = new TrainingReport(content,
                BinaryMetrics.rocCurve(pTest, test.labels(), 200), BinaryMetrics.prCurve(pTest, test.labels(), 200),
                testMetrics.calibration(), fit.history());

        Map<String, String> meta = new LinkedHashMap<>();
        meta.put(OnnxMetadataKeys.TASK, prov.task());
        meta.put(OnnxMetadataKeys.VERSION, prov.version());
        meta.put(OnnxMetadataKeys.LABEL, prov.label());
        meta.put(OnnxMetadataKeys.FEATURE_SCHEMA_VERSION, Integer.toString(prov.featureSchemaVersion()));
        meta.put(OnnxMetadataKeys.TRAINING_DATA_RANGE, prov.dataRange());
        meta.put(OnnxMetadataKeys.TRAINING_DATA_HASH, prov.dataHash());
        meta.put(OnnxMetadataKeys.HYPER_PARAMETERS, report.json("hyper_parameters"));
        meta.put(OnnxMetadataKeys.METRICS, report.json("metrics"));
        meta.put(OnnxMetadataKeys.GIT_COMMIT, prov.gitCommit());
        byte[] onnx = OnnxExporter.export(pipeline, fit.model(), meta);
        return new TrainingResult(prov, pipeline, fit.model(), fit, report, onnx, test, pTest);
    }

    /**
     * The networks of {@code config} on their own pool, as {@link #train} fits them: an ensemble's members side by
     * side on one thread each, or one network on all threads.
     */
    private static MlpTrainer.Fit fitNetworks(TrainingConfig config, float[] xTrain, int[] y, float[] rowWeights,
                                              int width, float[] xVal, int[] yVal) {
        if (config.ensemble() == 1) {
            return new MlpTrainer(config).fit(xTrain, y, rowWeights, width, xVal, yVal,
                    MlpTrainer.Progress.silent());
        }
        int threads = Math.max(1, config.threads());
        ExecutorService pool = trainingPool(threads);
        try {
            return averaged(submitMembers(pool, config, threads, xTrain, y, rowWeights, width, null, xVal, yVal,
                    MlpTrainer.Progress.silent()));
        } finally {
            pool.shutdownNow();
        }
    }

    /** Daemon threads named for what they do, so a stuck training never keeps the JVM alive. */
    private static ExecutorService trainingPool(int threads) {
        return Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "propel-train");
            t.setDaemon(true);
            return t;
        });
    }

    /**
     * An ensemble's members (seeds {@code seed}, {@code seed + 1}, …) submitted to {@code pool}, one thread each when
     * there are several threads; only the first reports its progress.
     */
    private static List<Future<MlpTrainer.Fit>> submitMembers(ExecutorService pool, TrainingConfig config,
            int threads, float[] xTrain, int[] y, float[] rowWeights, int width, int[] groups, float[] xVal,
            int[] yVal, MlpTrainer.Progress progress) {
        List<Future<MlpTrainer.Fit>> members = new ArrayList<>();
        for (int k = 0; k < config.ensemble(); k++) {
            TrainingConfig member = config.withSeed(config.seed() + k).withEnsemble(1)
                    .withThreads(threads > 1 ? 1 : config.threads());
            MlpTrainer.Progress p = k == 0 ? progress : MlpTrainer.Progress.silent();
            members.add(pool.submit(() -> new MlpTrainer(member).fit(xTrain, y, rowWeights, width, groups, xVal,
                    yVal, p)));
        }
        return members;
    }

    /** An anchor's test probabilities and how long it took. */
    private record AnchorRun(float[] probability, long millis) {
    }

    /**
     * The ensemble of finished members: their logits averaged in one wider network; the history and best epoch
     * reported are the first member's, the time is the sum.
     */
    private static MlpTrainer.Fit averaged(List<Future<MlpTrainer.Fit>> members) {
        List<Mlp> models = new ArrayList<>();
        long millis = 0;
        MlpTrainer.Fit first = null;
        for (Future<MlpTrainer.Fit> f : members) {
            MlpTrainer.Fit fit = join(f);
            first = first == null ? fit : first;
            millis += fit.millis();
            models.add(fit.model());
        }
        return new MlpTrainer.Fit(Mlp.averaged(models), first.history(), first.bestEpoch(), first.positiveWeight(),
                millis, first.batchSize());
    }

    /** The task's result, with its own exception (or error) rethrown as it was. */
    private static <T> T join(Future<T> f) {
        try {
            return f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while training", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException re) {
                throw re;
            }
            if (e.getCause() instanceof Error err) {
                throw err;
            }
            throw new IllegalStateException(e.getCause());
        }
    }

    /**
     * Rows that share a key (prefixes of one session) get weights summing to one each key, scaled to mean 1:
     * long sessions then do not dominate the loss, and the network has less reason to memorise them.
     */
    static float[] keyWeights(String[] keys) {
        if (keys == null) {
            return null;
        }
        Map<String, Integer> counts = new java.util.HashMap<>();
        for (String k : keys) {
            counts.merge(k == null ? "" : k, 1, Integer::sum);
        }
        float[] w = new float[keys.length];
        float scale = (float) keys.length / counts.size();
        for (int i = 0; i < keys.length; i++) {
            w[i] = scale / counts.get(keys[i] == null ? "" : keys[i]);
        }
        return w;
    }

    private static void requireBothClasses(Table t, String what) {
        int pos = t.positives();
        if (pos == 0 || pos == t.rows()) {
            throw new IllegalArgumentException("the " + what + " rows need both labels 0 and 1 (got " + pos
                    + " positives in " + t.rows() + " rows)");
        }
    }

    private static List<Map<String, Object>> featureDescription(FeaturePipeline pipeline) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (NumericFeature f : pipeline.numeric()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("name", f.name());
            m.put("kind", "numeric");
            m.put("transform", (f.log() ? "log1p, " : "") + "standardised" + (f.softClip() ? ", smoothly clipped"
                    : "") + (f.bins() > 0 ? ", " + f.bins() + " piecewise-linear bins" : ""));
            m.put("mean", f.mean());
            m.put("std", f.std());
            m.put("missing_in_training", f.missingCount());
            m.put("missing_indicator", f.missingIndicator());
            out.add(m);
        }
        for (CategoricalFeature f : pipeline.categorical()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("name", f.name());
            m.put("kind", "categorical");
            m.put("transform", "one-hot + other");
            m.put("levels", f.levels());
            m.put("folded_levels", f.foldedLevels());
            out.add(m);
        }
        return out;
    }

    private static Double finite(double v) {
        return Double.isFinite(v) ? v : null;
    }
}
