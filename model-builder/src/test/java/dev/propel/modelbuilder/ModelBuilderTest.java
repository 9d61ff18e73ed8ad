package dev.propel.modelbuilder;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.propel.modelbuilder.data.Table;
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
    void withoutAnEdgeOverLogisticRegressionTheNetworkIsAlsoTrainedWithoutEmbeddings() {
        // A linear signal on few rows: the embedded network has little to add over logistic regression. On these
        // two seeds it does not beat it on the validation rows; without embeddings it does better on the first.
        assertEquals("dropped (validation)", cascade(300, 24));
        assertEquals("kept", cascade(600, 26));
    }

    private static String cascade(int rows, long seed) {
        TrainingResult r = ModelBuilder.train(linear(rows, seed), TrainingConfig.tabular().withMaxEpochs(4));
        double embedded = r.report().number("model.validation_roc_auc_mlp_with_embeddings");
        double plain = r.report().number("model.validation_roc_auc_mlp_without_embeddings");
        assertTrue(embedded <= r.report().number("model.validation_roc_auc_logistic_regression"),
                "the cascade runs only when the embedded network does not beat logistic regression");
        boolean dropped = plain > embedded;
        assertEquals(dropped ? "dropped (validation)" : "kept", r.report().get("model.embeddings"));
        assertEquals(dropped ? plain : embedded, r.report().number("model.validation_roc_auc_mlp"), 1e-12,
                "the better network on the validation rows goes on to the comparison with logistic regression");
        assertEquals(dropped ? null : 16, r.report().get("hyper_parameters.feature_embedding_units"));
        assertTrue(r.report().number("model.without_embeddings_millis") >= 0);
        return (String) r.report().get("model.embeddings");
    }

    @Test
    void aNetworkThatBeatsLogisticRegressionKeepsItsEmbeddingsWithoutTheCascade() {
        TrainingResult r = ModelBuilder.train(SyntheticTables.mixed(4000, 21), TrainingConfig.tabular()
                .withMaxEpochs(4));
        assertTrue(r.report().number("model.validation_roc_auc_mlp")
                > r.report().number("model.validation_roc_auc_logistic_regression"));
        assertEquals(null, r.report().get("model.validation_roc_auc_mlp_without_embeddings"));
        assertEquals(16, r.report().get("hyper_parameters.feature_embedding_units"));
        assertEquals(5, r.model().sizes().length, "inputs, embeddings, 64-64 per member, output");
    }

    /** Three numeric columns whose log-odds are a linear function of them. */
    private static Table linear(int n, long seed) {
        java.util.Random random = new java.util.Random(seed);
        double[][] x = new double[3][n];
        int[] y = new int[n];
        for (int i = 0; i < n; i++) {
            double z = -0.5;
            for (int j = 0; j < 3; j++) {
                x[j][i] = random.nextGaussian();
                z += (j + 1) * 0.4 * x[j][i];
            }
            y[i] = random.nextDouble() < 1 / (1 + Math.exp(-z)) ? 1 : 0;
        }
        return Table.builder().numeric("a", x[0]).numeric("b", x[1]).numeric("c", x[2]).labels(y).build();
    }

    @Test
    void rowsOfOneKeyShareOneUnitOfWeight() {
        float[] w = ModelBuilder.keyWeights(new String[] {"a", "a", "a", "b", "c", "c"});
        // 6 rows, 3 keys: each key weighs 2 in total (mean weight 1).
        assertArrayEquals(new float[] {2f / 3, 2f / 3, 2f / 3, 2f, 1f, 1f}, w, 1e-6f);
        assertEquals(null, ModelBuilder.keyWeights(null));
    }
}
