package dev.propel.modelbuilder.anchor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.propel.modelbuilder.ModelBuilder;
import dev.propel.modelbuilder.Provenance;
import dev.propel.modelbuilder.SyntheticTables;
import dev.propel.modelbuilder.TrainingResult;
import dev.propel.modelbuilder.train.MlpTrainer;
import dev.propel.modelbuilder.train.TrainingConfig;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * XGBoost's native library loads here, the anchor learns from the raw columns (native categoricals, NaN as missing)
 * and lands in the report with its paired interval.
 */
class GradientBoostingAnchorTest {

    @Test
    void anchorIsTrainedOnTheSameRowsAndComparedWithABootstrapInterval() {
        TrainingResult r = ModelBuilder.train(SyntheticTables.mixed(3000, 21),
                TrainingConfig.defaults().withMaxEpochs(5), Provenance.of("generic"), MlpTrainer.Progress.silent(),
                List.of(), List.of(new GradientBoostingAnchor(42, 1)));
        double anchorAuc = r.report().number("metrics.baselines.gradient_boosting.roc_auc");
        double modelAuc = r.report().number("metrics.test.roc_auc");
        // The synthetic signal is learnable: a working anchor is far above chance and near the network.
        assertTrue(anchorAuc > 0.75, "anchor AUC " + anchorAuc);
        assertEquals(modelAuc - anchorAuc,
                r.report().number("metrics.comparison.gradient_boosting.roc_auc_difference"), 1e-9);
        double lower = r.report().number("metrics.comparison.gradient_boosting.ci95_lower");
        double upper = r.report().number("metrics.comparison.gradient_boosting.ci95_upper");
        assertTrue(lower < modelAuc - anchorAuc && modelAuc - anchorAuc < upper, lower + " " + upper);
        assertTrue(r.report().get("metrics.comparison.logistic_regression") instanceof Map<?, ?>);
    }

    @Test
    void anAnchorWhoseLibraryIsMissingIsReportedAsUnavailableAndTrainingGoesOn() {
        AnchorModel missing = new AnchorModel() {
            @Override
            public String name() {
                return "gradient_boosting";
            }

            @Override
            public String description() {
                return "needs XGBoost";
            }

            @Override
            public float[] fitPredict(dev.propel.modelbuilder.data.Table train,
                                      dev.propel.modelbuilder.data.Table validation,
                                      dev.propel.modelbuilder.data.Table test) {
                throw new NoClassDefFoundError("ml/dmlc/xgboost4j/java/XGBoost");
            }
        };
        TrainingResult r = ModelBuilder.train(SyntheticTables.mixed(800, 3), TrainingConfig.defaults()
                .withMaxEpochs(2), Provenance.of("generic"), MlpTrainer.Progress.silent(), List.of(), List.of(missing));
        assertEquals("ml/dmlc/xgboost4j/java/XGBoost",
                r.report().get("metrics.baselines.gradient_boosting.unavailable"));
        assertTrue(r.onnx().length > 0);
    }
}
