package dev.propel.functions.datasets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.propel.core.event.BehaviourEvent;
import dev.propel.core.model.ModelManifest;
import dev.propel.core.model.ModelTask;
import dev.propel.core.recall.RerankFeatures;
import dev.propel.datagen.simulator.DirtRates;
import dev.propel.datagen.simulator.ShopSimulator;
import dev.propel.datagen.simulator.SimulationConfig;
import dev.propel.datagen.simulator.SimulationResult;
import dev.propel.functions.model.ModelLoader;
import dev.propel.functions.model.ServingModel;
import dev.propel.modelbuilder.data.Table;
import dev.propel.modelbuilder.rerank.RerankFromSessions;
import dev.propel.modelbuilder.rerank.RerankTrainer;
import dev.propel.modelbuilder.train.MlpTrainer;
import dev.propel.s3.embedded.EmbeddedS3;
import dev.propel.s3.embedded.EmbeddedS3Extension;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The model-builder training the reranker from the sessions dataset a simulated shop's datasets build wrote, and
 * serving's model loader accepting what it published.
 */
@ExtendWith(EmbeddedS3Extension.class)
class RerankFromSessionsTest {
    private static final SimulationConfig SHOP = SimulationConfig.defaults().withUsers(600).withDays(3)
            .withStart(LocalDate.of(2026, 11, 2)).withSeed(20261128L).withItems(300).withCategories(6)
            .withDirt(DirtRates.none());

    @Test
    void theRerankerTrainedFromTheBucketsSessionsIsPublishedAndLoads(EmbeddedS3 s3) throws Exception {
        SimulationResult sim = new ShopSimulator(SHOP).runInMemory();
        s3.createBucket("rerank-shop");
        CleanBucket b = new CleanBucket(s3.client(), "rerank-shop");
        b.putClean("sim", sim.distinctEvents());
        TreeSet<LocalDate> days = new TreeSet<>();
        for (BehaviourEvent e : sim.distinctEvents()) {
            days.add(LocalDate.ofInstant(e.timestamp(), ZoneOffset.UTC));
        }
        new DatasetBuilder(b.s3, b.bucket, BuildSettings.defaults()).build(new ArrayList<>(days));

        RerankFromSessions.Outcome out = RerankFromSessions.trainAndPublish(b.s3, b.bucket, null, null,
                RerankFromSessions.DEFAULT_MAX_SESSIONS, RerankTrainer.defaultConfig(), MlpTrainer.Progress.silent());
        assertEquals(days.first(), out.data().first());
        assertEquals(days.last(), out.data().last());
        assertTrue(out.data().sessions() > 500, "sessions read: " + out.data().sessions());
        assertEquals(out.data().sessions(), out.trained().historySessions() + out.trained().labelSessions());
        assertTrue(out.trained().rows().prefixesWithPositive() > 50, "prefixes: " + out.trained().rows());

        ModelManifest manifest = out.manifest();
        assertEquals(ModelTask.RERANK.id(), manifest.task());
        assertEquals(0, manifest.featureSchemaVersion());
        assertTrue(b.get(manifest.modelKey()).length > 0);
        assertTrue(b.get(manifest.reportKey()).length > 0);

        // serving follows the pointer and accepts the model: no computed features to check for this task
        ModelLoader loader = ModelLoader.forCoreFeatures(b.s3, b.bucket, 1);
        assertEquals(manifest.version(), loader.manifest("rerank").orElseThrow().version());
        try (ServingModel model = loader.load(loader.manifest("rerank").orElseThrow())) {
            assertEquals(RerankFeatures.NAMES, model.inputs().numeric());
            // the published ONNX scores the held-out rows as the trainer did
            Table test = out.trained().reranker().test();
            int rows = Math.min(50, test.rows());
            int width = RerankFeatures.COUNT;
            float[] x = new float[rows * width];
            for (int f = 0; f < width; f++) {
                double[] col = test.numeric(RerankFeatures.NAMES.get(f));
                for (int r = 0; r < rows; r++) {
                    x[r * width + f] = (float) col[r];
                }
            }
            float[] p = model.predict(x, null, rows);
            float[] expected = out.trained().reranker().testProbability();
            for (int r = 0; r < rows; r++) {
                assertEquals(expected[r], p[r], 1e-4, "row " + r);
            }
        }
    }
}
