package dev.propel.local.demo;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.propel.core.model.ModelManifest;
import dev.propel.core.model.ModelTask;
import dev.propel.datagen.simulator.ShopSimulator;
import dev.propel.datagen.simulator.SimulationConfig;
import dev.propel.datagen.simulator.SimulationResult;
import dev.propel.datagen.truth.OracleAuc;
import dev.propel.local.stack.LocalStack;
import dev.propel.modelbuilder.ModelBuilder;
import dev.propel.modelbuilder.Provenance;
import dev.propel.modelbuilder.TrainingResult;
import dev.propel.modelbuilder.dataset.DatasetLoader;
import dev.propel.modelbuilder.eval.ModelMetrics;
import dev.propel.modelbuilder.publish.ModelPublisher;
import dev.propel.modelbuilder.rerank.RerankFromSessions;
import dev.propel.modelbuilder.rerank.RerankTrainer;
import dev.propel.modelbuilder.train.MlpTrainer;
import dev.propel.modelbuilder.train.TrainingConfig;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The demo's real parts: the shop simulator (datagen) for the traffic and its ground truth, the datasets
 * function backfilling the simulated days, and the model-builder training, evaluating and publishing the
 * {@code conversion} and {@code item} models from the bucket's dataset partitions, then the {@code rerank} model
 * from its sessions dataset.
 */
final class ShopDemoParts {
    /** Shoppers simulated per day of traffic: enough sessions to train on, small enough for the 3-minute demo. */
    static final int USERS_PER_DAY = 250;

    private SimulationResult simulation;
    private LocalDate first;
    private LocalDate last;

    static DemoParts create() {
        ShopDemoParts parts = new ShopDemoParts();
        return new DemoParts(parts::traffic, parts::datasetRequest, parts::trainAndPublish, SessionApiExamples::calls);
    }

    /** The simulated days end today, so that the stack receives them as live traffic. */
    private DemoTraffic traffic(DemoSettings settings) {
        last = LocalDate.ofInstant(settings.clock().instant(), ZoneOffset.UTC);
        first = last.minusDays(settings.days() - 1L);
        SimulationConfig config = SimulationConfig.defaults().withDays(settings.days()).withStart(first)
                .withSeed(settings.seed()).withUsers(USERS_PER_DAY * settings.days());
        simulation = new ShopSimulator(config).runInMemory();
        var s = simulation.summary();
        return new DemoTraffic(simulation.events(), String.format("%d days from %s, %,d shoppers, %,d sessions"
                + " (%.1f%% convert), seed %d; %,d duplicate and %,d late deliveries", settings.days(), first,
                s.users(), s.sessions(), 100 * s.conversionRate(), settings.seed(), s.duplicates(), s.late()));
    }

    private byte[] datasetRequest(DemoTraffic traffic, Clock clock) {
        ObjectNode range = JsonNodeFactory.instance.objectNode();
        range.put("from", first.toString());
        range.put("to", last.toString());
        // the simulated days were received today (the stack runs on the demo's clock): read up to today's
        // partitions for each of them
        long late = java.time.temporal.ChronoUnit.DAYS.between(first,
                LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC)) + 1;
        range.put("late_days", (int) Math.max(0, Math.min(62, late)));
        return range.toString().getBytes(StandardCharsets.UTF_8);
    }

    private List<PublishedModel> trainAndPublish(LocalStack stack, DemoTraffic traffic, Path workDir)
            throws Exception {
        List<PublishedModel> published = new ArrayList<>();
        try (S3Client s3 = stack.newS3Client()) {
            for (ModelTask task : List.of(ModelTask.CONVERSION, ModelTask.ITEM)) {
                DatasetLoader.Loaded loaded = new DatasetLoader(s3, stack.bucket()).load(task.id(), first, last);
                Provenance provenance = new Provenance(task.id(), "pending", loaded.label(), loaded.range(),
                        loaded.sha256(), loaded.featureSchemaVersion(), "unknown");
                TrainingResult result = ModelBuilder.train(loaded.table(), TrainingConfig.defaults(), provenance,
                        MlpTrainer.Progress.silent(), loaded.columnMaps());
                ModelManifest manifest = new ModelPublisher(s3, stack.bucket()).publish(result);
                Path dir = workDir.resolve(task.id());
                Files.createDirectories(dir);
                Files.write(dir.resolve("report.html"), result.reportHtml());
                Files.write(dir.resolve("report.json"), result.reportJson());
                double auc = ModelMetrics.of(result.testProbability(), result.test().labels()).rocAuc();
                double oracle = task == ModelTask.CONVERSION
                        ? OracleAuc.conversionAllPrefixes(simulation.conversionTruth())
                        : OracleAuc.item(simulation.itemTruth());
                published.add(new PublishedModel(task.id(), manifest.version(), loaded.table().rows(), auc, oracle,
                        dir.resolve("report.html") + " (and s3://" + stack.bucket() + "/" + manifest.reportKey()
                                + ")"));
            }
            published.add(publishReranker(s3, stack.bucket(), workDir));
        }
        return published;
    }

    /**
     * The reranker, trained from the sessions dataset the datasets function wrote for the simulated days (the
     * function already published the recall artefact it reorders, from the same sessions).
     */
    private PublishedModel publishReranker(S3Client s3, String bucket, Path workDir) throws IOException {
        RerankFromSessions.Outcome out = RerankFromSessions.trainAndPublish(s3, bucket, first, last,
                RerankFromSessions.DEFAULT_MAX_SESSIONS, RerankTrainer.defaultConfig(), MlpTrainer.Progress.silent());
        TrainingResult result = out.trained().reranker();
        Path dir = workDir.resolve(ModelTask.RERANK.id());
        Files.createDirectories(dir);
        Files.write(dir.resolve("report.html"), result.reportHtml());
        Files.write(dir.resolve("report.json"), result.reportJson());
        double auc = ModelMetrics.of(result.testProbability(), result.test().labels()).rocAuc();
        return new PublishedModel(ModelTask.RERANK.id(), out.manifest().version(), out.trained().rows().table().rows(),
                auc, null, dir.resolve("report.html") + " (and s3://" + bucket + "/" + out.manifest().reportKey()
                        + ")");
    }
}
