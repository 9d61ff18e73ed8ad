package dev.propel.modelbuilder;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.propel.modelbuilder.train.TrainingConfig;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The facade: evaluation against baselines, model selection on validation rows, per-session row weights. */
class ModelBuilderTest {

    @Test
    void reportsTheExportedModelAndItsBaselines() {
        TrainingResult r = ModelBuilder.train(SyntheticTables.mixed(4000, 21), TrainingConfig.defaults()
                .withMaxEpochs(20));
        String selected = (String) r.report().get("model.selected");
        assertEquals(selected, r.report().get("hyper_parameters.selected_model"));
        List<?> layers = (List<?>) r.report().get("model.exported_layers");
        assertEquals(Arrays.stream(r.model().sizes()).boxed().toList(), layers);
        double auc = r.report().number("metrics.test.roc_auc");
        assertTrue(auc > r.report().number("metrics.baselines.base_rate.roc_auc"));
        // The synthetic label has interactions: the MLP wins on validation and on test.
        assertEquals("mlp", selected);
        assertTrue(auc > r.report().number("metrics.baselines.logistic_regression.roc_auc"), "auc " + auc);
        assertTrue(r.report().number("metrics.test.ece") < 0.08, "calibrated: " + r.report().get("metrics.test"));
    }

    @Test
    void selectionCanBeSwitchedOffAndNeverLooksAtTestRows() {
        TrainingConfig c = TrainingConfig.defaults().withMaxEpochs(2).withHidden(4);
        TrainingResult off = ModelBuilder.train(SyntheticTables.mixed(1500, 22), c.withSelectByValidation(false));
        assertEquals("mlp", off.report().get("model.selected"));
        assertEquals(3, off.model().sizes().length);
        double mlpVal = off.report().number("model.validation_roc_auc_mlp");
        double lrVal = off.report().number("model.validation_roc_auc_logistic_regression");
        TrainingResult on = ModelBuilder.train(SyntheticTables.mixed(1500, 22), c);
        assertEquals(lrVal > mlpVal ? "logistic_regression" : "mlp", on.report().get("model.selected"));
    }

    @Test
    void rowsOfOneKeyShareOneUnitOfWeight() {
        float[] w = ModelBuilder.keyWeights(new String[] {"a", "a", "a", "b", "c", "c"});
        // 6 rows, 3 keys: each key weighs 2 in total (mean weight 1).
        assertArrayEquals(new float[] {2f / 3, 2f / 3, 2f / 3, 2f, 1f, 1f}, w, 1e-6f);
        assertEquals(null, ModelBuilder.keyWeights(null));
    }
}
