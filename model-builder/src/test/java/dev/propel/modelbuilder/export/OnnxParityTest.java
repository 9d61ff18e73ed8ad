package dev.propel.modelbuilder.export;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.propel.core.model.OnnxMetadataKeys;
import dev.propel.modelbuilder.ModelBuilder;
import dev.propel.modelbuilder.SyntheticTables;
import dev.propel.modelbuilder.TrainingResult;
import dev.propel.modelbuilder.data.Table;
import dev.propel.modelbuilder.train.TrainingConfig;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** ONNX Runtime running the exported graph on raw rows gives the trainer's own forward pass within 1e-5. */
class OnnxParityTest {
    private static final TrainingConfig QUICK = TrainingConfig.defaults().withMaxEpochs(4);

    @Test
    void mixedNumericAndCategoricalRawRowsMatchTrainerWithin1e5() throws Exception {
        TrainingResult result = ModelBuilder.train(SyntheticTables.mixed(3000, 7), QUICK);
        List<String> numericNames = result.pipeline().numericNames();
        List<String> categoricalNames = result.pipeline().categoricalNames();
        assertEquals(List.of("x1", "spend", "age"), numericNames);
        assertEquals(List.of("country", "device"), categoricalNames);
        assertTrue(result.pipeline().numeric().get(1).log(), "heavy-tailed spend is log-transformed");

        // Raw rows, including missing numbers, missing/unseen/rare categories and negative values for a log column.
        int n = 500;
        float[][] num = new float[n][3];
        String[][] cat = new String[n][2];
        rawRows(num, cat, 3, (i, r) -> (float) (r.nextGaussian() * 2));
        float[] expected = result.model().predict(result.pipeline().transform(num, cat), n);

        OrtEnvironment env = OrtEnvironment.getEnvironment();
        try (OrtSession session = env.createSession(result.onnx(), new OrtSession.SessionOptions())) {
            Map<String, NodeInfo> inputs = session.getInputInfo();
            assertEquals(List.of(OnnxMetadataKeys.NUMERIC_INPUT, OnnxMetadataKeys.CATEGORICAL_INPUT),
                    List.copyOf(inputs.keySet()));
            TensorInfo numInfo = (TensorInfo) inputs.get(OnnxMetadataKeys.NUMERIC_INPUT).getInfo();
            assertEquals(OnnxJavaType.FLOAT, numInfo.type);
            assertEquals(3, numInfo.getShape()[1]);
            TensorInfo catInfo = (TensorInfo) inputs.get(OnnxMetadataKeys.CATEGORICAL_INPUT).getInfo();
            assertEquals(OnnxJavaType.STRING, catInfo.type);
            assertEquals(List.of(OnnxMetadataKeys.PROBABILITY_OUTPUT), List.copyOf(session.getOutputNames()));

            Map<String, String> meta = session.getMetadata().getCustomMetadata();
            @SuppressWarnings("unchecked")
            Map<String, List<String>> declared = new ObjectMapper().readValue(meta.get(OnnxMetadataKeys.INPUTS),
                    Map.class);
            assertEquals(Map.of("numeric", numericNames, "categorical", categoricalNames), declared);
            assertEquals("generic", meta.get(OnnxMetadataKeys.TASK));
            assertEquals(result.provenance().version(), meta.get(OnnxMetadataKeys.VERSION));
            assertTrue(meta.get(OnnxMetadataKeys.METRICS).contains("roc_auc"));
            assertTrue(meta.get(OnnxMetadataKeys.HYPER_PARAMETERS).contains("\"hidden\":[64,64]"));

            assertOnnxMatchesTrainer(env, session, num, cat, expected);
        }
    }

    @Test
    void binnedSoftClippedEnsembleMatchesTrainerWithin1e5() throws Exception {
        // The recipe ./propel train --data ships (bins, ensemble, schedule) without the embeddings it falls back
        // to dropping (the embedded export has its own test below), shortened to a few epochs.
        TrainingResult result = ModelBuilder.train(SyntheticTables.mixed(3000, 7),
                TrainingConfig.tabular().withEmbedding(0).withMaxEpochs(4).withSelectByValidation(false));
        int width = result.pipeline().width();
        assertEquals(List.of(width, 192, 192, 1), java.util.Arrays.stream(result.model().sizes()).boxed().toList(),
                "three 64-64 members side by side in one network");
        assertTrue(result.pipeline().numeric().stream().allMatch(f -> f.softClip() && f.bins() >= 8),
                "every numeric column is smoothly clipped and binned");
        assertWideRowsMatch(result, 600, 5);
    }

    @Test
    void perFeatureEmbeddingEnsembleMatchesTrainerWithin1e5() throws Exception {
        // Embeddings are exported as gathered blocks and batched MatMuls, not as the trainer's dense zeros: the
        // two computations must still agree, on raw rows far outside the training range too.
        TrainingResult result = ModelBuilder.train(SyntheticTables.mixed(3000, 7),
                TrainingConfig.tabular().withEmbedding(8).withMaxEpochs(3).withSelectByValidation(false));
        int[] inputsPerFeature = new int[5];
        for (int g : result.pipeline().inputGroups()) {
            inputsPerFeature[g]++;
        }
        int units = 0;
        for (int k : inputsPerFeature) {
            units += Math.min(8, k);
        }
        assertTrue(units < 5 * 8, "the device column has fewer than 8 inputs, so fewer units: " + units);
        assertEquals(List.of(result.pipeline().width(), 3 * units, 192, 192, 1),
                java.util.Arrays.stream(result.model().sizes()).boxed().toList(),
                "three members, each with up to 8 units per feature then 64-64");
        assertEquals(3, result.model().members().size());
        assertWideRowsMatch(result, 700, 21);
    }

    @Test
    void numericOnlyModelHasNoCategoricalInput() throws Exception {
        Table full = SyntheticTables.mixed(2000, 11);
        Table numericOnly = Table.builder().numeric("x1", full.numeric("x1")).numeric("spend", full.numeric("spend"))
                .labels(full.labels()).build();
        TrainingResult result = ModelBuilder.train(numericOnly, QUICK.withHidden(16));
        float[][] num = {{0.5f, 10f}, {-1f, 0f}, {Float.NaN, 1000f}};
        float[] expected = result.model().predict(result.pipeline().transform(num, new String[3][0]), 3);
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        try (OrtSession session = env.createSession(result.onnx(), new OrtSession.SessionOptions());
             OnnxTensor numT = OnnxTensor.createTensor(env, num);
             OrtSession.Result out = session.run(Map.of("numeric", numT))) {
            assertEquals(List.of("numeric"), List.copyOf(session.getInputNames()));
            float[][] p = (float[][]) out.get(0).getValue();
            for (int i = 0; i < 3; i++) {
                assertEquals(expected[i], p[i][0], 1e-5);
            }
        }
    }

    @Test
    void logisticRegressionExportHasNoHiddenLayerAndMatches() throws Exception {
        TrainingResult result = ModelBuilder.train(SyntheticTables.mixed(2000, 17), QUICK.withHidden());
        assertEquals(2, result.model().sizes().length);
        float[][] num = {{0.5f, 10f, 40f}, {-1f, 0f, Float.NaN}};
        String[][] cat = {{"de", "mobile"}, {"zz", ""}};
        float[] expected = result.model().predict(result.pipeline().transform(num, cat), 2);
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        try (OrtSession session = env.createSession(result.onnx(), new OrtSession.SessionOptions());
             OnnxTensor numT = OnnxTensor.createTensor(env, num);
             OnnxTensor catT = OnnxTensor.createTensor(env, flatten(cat), new long[] {2, 2});
             OrtSession.Result out = session.run(Map.of("numeric", numT, "categorical", catT))) {
            float[][] p = (float[][]) out.get(0).getValue();
            for (int i = 0; i < 2; i++) {
                assertEquals(expected[i], p[i][0], 1e-5);
            }
        }
    }

    @Test
    void categoricalOnlyModelHasNoNumericInput() throws Exception {
        Table full = SyntheticTables.mixed(2000, 13);
        Table catOnly = Table.builder().categorical("country", full.categorical("country"))
                .categorical("device", full.categorical("device")).labels(full.labels()).build();
        TrainingResult result = ModelBuilder.train(catOnly, QUICK);
        String[][] cat = {{"de", "mobile"}, {"zz", ""}, {"us", "tablet"}};
        float[] expected = result.model().predict(result.pipeline().transform(new float[3][0], cat), 3);
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        try (OrtSession session = env.createSession(result.onnx(), new OrtSession.SessionOptions());
             OnnxTensor catT = OnnxTensor.createTensor(env, flatten(cat), new long[] {3, 2});
             OrtSession.Result out = session.run(Map.of("categorical", catT))) {
            assertEquals(List.of("categorical"), List.copyOf(session.getInputNames()));
            float[][] p = (float[][]) out.get(0).getValue();
            for (int i = 0; i < 3; i++) {
                assertEquals(expected[i], p[i][0], 1e-5);
            }
        }
    }

    /**
     * Raw rows of {@link SyntheticTables#mixed}'s columns, far outside the training range too (clip and the outer
     * bins), with missing values and unseen levels, scored by ONNX Runtime and by the trainer: equal within 1e-5,
     * and spread enough that the comparison means something.
     */
    private static void assertWideRowsMatch(TrainingResult result, int n, long seed) throws Exception {
        float[][] num = new float[n][3];
        String[][] cat = new String[n][2];
        rawRows(num, cat, seed, (i, r) -> i % 50 == 0 ? 1e6f : i % 51 == 0 ? -1e6f : (float) (r.nextGaussian() * 3));
        float[] expected = result.model().predict(result.pipeline().transform(num, cat), n);
        double spread = 0;
        for (int i = 0; i < n; i++) {
            spread = Math.max(spread, Math.abs(expected[i] - expected[0]));
        }
        assertTrue(spread > 0.1, "the rows get different probabilities, so the comparison means something");
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        try (OrtSession session = env.createSession(result.onnx(), new OrtSession.SessionOptions())) {
            assertOnnxMatchesTrainer(env, session, num, cat, expected);
        }
    }

    /** ONNX Runtime's probability for each raw row: one per row, none NaN, within 1e-5 of the trainer's. */
    private static void assertOnnxMatchesTrainer(OrtEnvironment env, OrtSession session, float[][] num,
            String[][] cat, float[] expected) throws Exception {
        int n = num.length;
        try (OnnxTensor numT = OnnxTensor.createTensor(env, num);
             OnnxTensor catT = OnnxTensor.createTensor(env, flatten(cat), new long[] {n, 2});
             OrtSession.Result out = session.run(Map.of("numeric", numT, "categorical", catT))) {
            float[][] p = (float[][]) out.get(0).getValue();
            assertEquals(n, p.length);
            assertEquals(1, p[0].length);
            double maxDiff = 0;
            for (int i = 0; i < n; i++) {
                assertFalse(Float.isNaN(p[i][0]), "row " + i);
                maxDiff = Math.max(maxDiff, Math.abs(p[i][0] - expected[i]));
            }
            assertTrue(maxDiff <= 1e-5, "max |onnx - trainer| = " + maxDiff);
        }
    }

    /**
     * Fills {@code num} and {@code cat} with the mixed table's raw columns: x1 from {@code x1} (row, random), spend
     * heavy-tailed with negatives, age with missing values, every 17th x1 missing, and countries and devices
     * including missing, unseen and rare ones.
     */
    private static void rawRows(float[][] num, String[][] cat, long seed, X1 x1) {
        Random r = new Random(seed);
        String[] countries = {"de", "fr", "uk", "us", "es", "it", "never-seen", ""};
        String[] devices = {"mobile", "desktop", "tablet", "", "fridge"};
        for (int i = 0; i < num.length; i++) {
            num[i][0] = x1.at(i, r);
            num[i][1] = r.nextInt(10) == 0 ? -5f : (float) Math.exp(r.nextGaussian() * 2 + 2);
            num[i][2] = r.nextInt(5) == 0 ? Float.NaN : 10 + r.nextInt(80);
            if (i % 17 == 0) {
                num[i][0] = Float.NaN;
            }
            cat[i][0] = countries[r.nextInt(countries.length)];
            cat[i][1] = devices[r.nextInt(devices.length)];
        }
    }

    /** The x1 value of a row, drawn from the row generator's random source when it needs one. */
    private interface X1 {
        float at(int row, Random random);
    }

    private static String[] flatten(String[][] rows) {
        return java.util.Arrays.stream(rows).flatMap(java.util.Arrays::stream).toArray(String[]::new);
    }
}
