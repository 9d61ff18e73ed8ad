package dev.propel.bench.training;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.propel.modelbuilder.ModelBuilder;
import dev.propel.modelbuilder.Provenance;
import dev.propel.modelbuilder.TrainingResult;
import dev.propel.modelbuilder.data.CsvTableLoader;
import dev.propel.modelbuilder.eval.BinaryMetrics;
import dev.propel.modelbuilder.train.MlpTrainer;
import dev.propel.modelbuilder.train.TrainingConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Training benchmark: per-epoch time and test AUC of the model-builder on a generated tabular CSV with a known
 * ground truth (so the oracle AUC of the test rows is known), for the "Keras recipe" (64-64-1, Adam 1e-3,
 * 10 epochs, batch 32, no early stopping) and for Propel's defaults, on 1 and 2 threads.
 * <p>
 * Usage: {@code TrainingBenchmark [--rows N] [--seed S] [--out results.json] [--csv FILE]}. The CSV is kept so the
 * same file can be given to {@code bench/scripts/keras_baseline.py} where TensorFlow is installed.
 */
public final class TrainingBenchmark {
    private TrainingBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int rows = 100_000;
        long seed = 42;
        Path out = Path.of("bench/target/training-bench.json");
        Path csv = null;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--rows" -> rows = Integer.parseInt(args[++i]);
                case "--seed" -> seed = Long.parseLong(args[++i]);
                case "--out" -> out = Path.of(args[++i]);
                case "--csv" -> csv = Path.of(args[++i]);
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        if (csv == null) {
            csv = Path.of("bench/target/training-bench-" + rows + ".csv");
        }
        Files.createDirectories(csv.toAbsolutePath().getParent());
        double[] truth = TabularCsvGenerator.write(csv, rows, seed);
        System.out.printf(Locale.ROOT, "generated %s: %d rows%n", csv, rows);

        long t0 = System.nanoTime();
        CsvTableLoader.Loaded loaded = CsvTableLoader.load(csv, CsvTableLoader.Options.infer("purchase"));
        long loadMillis = (System.nanoTime() - t0) / 1_000_000;

        TrainingConfig keras = TrainingConfig.defaults().withMaxEpochs(10).withBatchSize(32).withPatience(0)
                .withL2(0).withClassWeighting(false).withValidationFraction(0.1).withSeed(seed);
        TrainingConfig defaults = TrainingConfig.defaults().withSeed(seed);
        List<Map<String, Object>> runs = new ArrayList<>();
        // A short warm-up so the JIT has compiled the kernels before anything is timed.
        ModelBuilder.train(CsvTableLoader.load(csv, CsvTableLoader.Options.infer("purchase")).table()
                .select(java.util.stream.IntStream.range(0, Math.min(rows, 20_000)).toArray()),
                keras.withMaxEpochs(2));
        for (int threads : new int[] {1, 2}) {
            runs.add(run("keras-recipe", keras.withThreads(threads), loaded, truth));
        }
        runs.add(run("propel-defaults", defaults.withThreads(2), loaded, truth));

        Map<String, Object> result = new LinkedHashMap<>();
        result.put("benchmark", "training");
        result.put("rows", rows);
        result.put("csv", csv.toString());
        result.put("csv_load_millis", loadMillis);
        result.put("cores", Runtime.getRuntime().availableProcessors());
        result.put("java", System.getProperty("java.version"));
        result.put("runs", runs);
        result.put("keras", "not measured here: TensorFlow cannot be installed on this machine (PyPI blocked); "
                + "run bench/scripts/keras_baseline.py on the same CSV where it can");
        Files.createDirectories(out.toAbsolutePath().getParent());
        new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(out.toFile(), result);
        System.out.println("wrote " + out);
    }

    private static Map<String, Object> run(String name, TrainingConfig config, CsvTableLoader.Loaded loaded,
                                           double[] truth) {
        TrainingResult r = ModelBuilder.train(loaded.table(), config, Provenance.of("generic"),
                MlpTrainer.Progress.silent(), loaded.columnMaps());
        long[] epochMillis = r.fit().history().stream().mapToLong(MlpTrainer.Epoch::millis).toArray();
        long[] sorted = epochMillis.clone();
        Arrays.sort(sorted);
        long[] testRows = r.test().sourceRows();
        float[] oracle = new float[testRows.length];
        for (int i = 0; i < testRows.length; i++) {
            oracle[i] = (float) truth[(int) testRows[i]];
        }
        double oracleAuc = BinaryMetrics.rocAuc(oracle, r.test().labels());
        double auc = r.report().number("metrics.test.roc_auc");
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", name);
        m.put("threads", config.threads());
        m.put("batch_size", config.batchSize());
        m.put("epochs", epochMillis.length);
        m.put("best_epoch", r.fit().bestEpoch());
        m.put("train_rows", r.report().get("data.train_rows"));
        m.put("median_epoch_millis", sorted[sorted.length / 2]);
        m.put("epoch_millis", epochMillis);
        m.put("training_millis", r.fit().millis());
        m.put("test_roc_auc", auc);
        m.put("test_log_loss", r.report().number("metrics.test.log_loss"));
        m.put("oracle_roc_auc", oracleAuc);
        m.put("logistic_regression_roc_auc", r.report().number("metrics.baselines.logistic_regression.roc_auc"));
        System.out.printf(Locale.ROOT,
                "%-16s threads %d batch %3d: %2d epochs, median %5d ms/epoch, test AUC %.4f (oracle %.4f, "
                        + "logistic %.4f), log loss %.4f%n",
                name, config.threads(), config.batchSize(), epochMillis.length, sorted[sorted.length / 2], auc,
                oracleAuc, r.report().number("metrics.baselines.logistic_regression.roc_auc"),
                r.report().number("metrics.test.log_loss"));
        return m;
    }
}
