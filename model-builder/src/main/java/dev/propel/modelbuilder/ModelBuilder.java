package dev.propel.modelbuilder;

import dev.propel.core.model.OnnxMetadataKeys;
import dev.propel.modelbuilder.data.Split;
import dev.propel.modelbuilder.data.Table;
import dev.propel.modelbuilder.eval.BinaryMetrics;
import dev.propel.modelbuilder.eval.ModelMetrics;
import dev.propel.modelbuilder.eval.RankingMetrics;
import dev.propel.modelbuilder.export.OnnxExporter;
import dev.propel.modelbuilder.features.CategoricalFeature;
import dev.propel.modelbuilder.features.FeaturePipeline;
import dev.propel.modelbuilder.features.NumericFeature;
import dev.propel.modelbuilder.report.TrainingReport;
import dev.propel.modelbuilder.train.MlpTrainer;
import dev.propel.modelbuilder.train.TrainingConfig;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

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
        long start = System.nanoTime();
        Split testSplit = Split.of(table, config.testFraction(), config.seed());
        Table trainAll = table.select(testSplit.rest());
        Table test = table.select(testSplit.holdout());
        Split valSplit = Split.of(trainAll, config.validationFraction(), config.seed() + 1);
        Table train = trainAll.select(valSplit.rest());
        Table validation = trainAll.select(valSplit.holdout());
        requireBothClasses(train, "training");

        FeaturePipeline pipeline = FeaturePipeline.fit(train, FeaturePipeline.Options.defaults());
        int width = pipeline.width();
        float[] xTrain = pipeline.transform(train);
        float[] xVal = pipeline.transform(validation);
        float[] xTest = pipeline.transform(test);

        MlpTrainer.Fit fit = new MlpTrainer(config).fit(xTrain, train.labels(), width, xVal, validation.labels(),
                progress);
        MlpTrainer.Fit logistic = new MlpTrainer(config.withHidden()).fit(xTrain, train.labels(), width, xVal,
                validation.labels(), MlpTrainer.Progress.silent());

        float[] pTest = fit.model().predict(xTest, test.rows());
        float[] pLogistic = logistic.model().predict(xTest, test.rows());
        float[] pVal = fit.model().predict(xVal, validation.rows());
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
        data.put("split", table.groups() == null ? "stratified by label" : "by group (session)");
        content.put("data", data);
        content.put("columns", schema);
        content.put("features", featureDescription(pipeline));
        Map<String, Object> inputs = new LinkedHashMap<>();
        if (!pipeline.numeric().isEmpty()) {
            inputs.put(OnnxMetadataKeys.NUMERIC_INPUT, pipeline.numericNames());
        }
        if (!pipeline.categorical().isEmpty()) {
            inputs.put(OnnxMetadataKeys.CATEGORICAL_INPUT, pipeline.categoricalNames());
        }
        content.put("inputs", inputs);
        content.put("hyper_parameters", config.toMap());
        Map<String, Object> training = new LinkedHashMap<>();
        training.put("epochs", fit.history().size());
        training.put("best_epoch", fit.bestEpoch());
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
            m.put("transform", (f.log() ? "log1p, " : "") + "standardised");
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
