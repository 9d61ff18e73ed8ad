package dev.propel.bench.training;

import dev.propel.core.event.BehaviourEvent;
import dev.propel.datagen.simulator.ShopSimulator;
import dev.propel.datagen.simulator.SimulationConfig;
import dev.propel.datagen.simulator.SimulationResult;
import dev.propel.datagen.truth.ConversionRowOracle;
import dev.propel.datagen.truth.OracleAuc;
import dev.propel.functions.datasets.BuildSettings;
import dev.propel.functions.datasets.DatasetBuilder;
import dev.propel.modelbuilder.TrainingResult;
import dev.propel.modelbuilder.dataset.BucketTraining;
import dev.propel.modelbuilder.train.TrainingConfig;
import dev.propel.s3.embedded.EmbeddedS3;
import dev.propel.testkit.CleanObjects;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Model quality on the shop simulator: simulate traffic, store its distinct events as {@code clean/} objects in an
 * embedded S3, build the datasets with the real datasets stage, train the conversion and item models with the
 * model-builder's defaults (conversion also with {@code TrainingConfig.tabular()}, the {@code ./propel train}
 * recipe) and compare their test ROC AUC with the simulator's oracle AUC (the AUC of the true
 * probabilities). The oracle is computed over all of the simulator's rows, the model's AUC over its held-out
 * sessions, so the comparison carries the sampling error of the test set.
 * <p>
 * Usage: {@code SimulatorTrainingBenchmark [--users N] [--days D] [--seed S]}.
 */
public final class SimulatorTrainingBenchmark {
    private SimulatorTrainingBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int users = 5_000;
        int days = 7;
        long seed = 42;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--users" -> users = Integer.parseInt(args[++i]);
                case "--days" -> days = Integer.parseInt(args[++i]);
                case "--seed" -> seed = Long.parseLong(args[++i]);
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        SimulationConfig config = SimulationConfig.defaults().withUsers(users).withDays(days).withSeed(seed);
        long t0 = System.nanoTime();
        SimulationResult sim = new ShopSimulator(config).runInMemory();
        List<BehaviourEvent> events = sim.distinctEvents();
        System.out.printf(Locale.ROOT, "simulated %d users over %d days: %d distinct events in %d ms%n", users, days,
                events.size(), (System.nanoTime() - t0) / 1_000_000);
        Path root = Files.createTempDirectory("propel-sim-bench-");
        try (EmbeddedS3 s3 = EmbeddedS3.start(root, 0)) {
            String bucket = "sim-bench";
            s3.createBucket(bucket);
            S3Client client = s3.client();
            CleanObjects.put(client, bucket, "sim-bench", events);
            List<LocalDate> dayList = new ArrayList<>();
            for (int d = 0; d <= days; d++) {
                dayList.add(config.start().plusDays(d));
            }
            long t1 = System.nanoTime();
            new DatasetBuilder(client, bucket, BuildSettings.defaults()).build(dayList);
            System.out.printf(Locale.ROOT, "datasets built in %d ms%n", (System.nanoTime() - t1) / 1_000_000);

            double conversionOracle = OracleAuc.conversionAllPrefixes(sim.conversionTruth());
            double itemOracle = OracleAuc.item(sim.itemTruth());
            BucketTraining training = new BucketTraining(client, bucket);
            TrainingResult conversion = training.train(BucketTraining.Request.of("conversion", null, null,
                    TrainingConfig.defaults().withSeed(seed))).result();
            report("conversion", conversion, conversionOracle, "all pre-purchase prefixes, online probability");
            // the oracle on the model's own test rows: same sessions, same capped prefixes
            ConversionRowOracle.Comparison c = ConversionRowOracle.of(events, sim.conversionTruth()).compare(
                    conversion.test().keys(), conversion.test().numeric("session_events"),
                    conversion.test().labels(), conversion.testProbability(), 1000, seed);
            System.out.printf(Locale.ROOT, "conversion on the test rows (%d rows, %d without truth; %d sessions, %d "
                            + "converting): oracle %.4f, model %.4f, gap %.4f (95%% session bootstrap %.4f .. %.4f)%n",
                    c.rows(), c.unmatched(), c.sessions(), c.positiveSessions(), c.oracleAuc(), c.modelAuc(),
                    c.oracleAuc() - c.modelAuc(), c.gapLow(), c.gapHigh());
            // ./propel train's recipe (binned numeric inputs, three-seed ensemble) on the same rows and split
            TrainingResult binned = training.train(BucketTraining.Request.of("conversion", null, null,
                    TrainingConfig.tabular().withSeed(seed))).result();
            report("conversion, ./propel train recipe", binned, conversionOracle, "all pre-purchase prefixes");
            report("item", training.train(BucketTraining.Request.of("item", null, null,
                    TrainingConfig.defaults().withSeed(seed))).result(), itemOracle,
                    "candidates of converting sessions only (the dataset also has non-converting sessions)");
        } finally {
            try (var walk = Files.walk(root)) {
                walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    private static void report(String task, TrainingResult r, double oracle, String oracleRows) {
        double auc = r.report().number("metrics.test.roc_auc");
        System.out.printf(Locale.ROOT, "%-10s rows %7s (test %6s), epochs %2d: test ROC AUC %.4f, logistic %.4f, "
                        + "oracle %.4f (%s), gap %.4f%n", task, r.report().get("data.rows"),
                r.report().get("data.test_rows"), r.fit().history().size(), auc,
                r.report().number("metrics.baselines.logistic_regression.roc_auc"), oracle, oracleRows, oracle - auc);
        if (r.report().get("metrics.ranking") instanceof Map<?, ?> ranking) {
            ranking.forEach((k, v) -> System.out.println("           ranking " + k + ": " + v));
        }
    }
}
