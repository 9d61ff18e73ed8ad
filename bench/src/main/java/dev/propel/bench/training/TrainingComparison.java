package dev.propel.bench.training;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.propel.modelbuilder.ModelBuilder;
import dev.propel.modelbuilder.Provenance;
import dev.propel.modelbuilder.TrainingResult;
import dev.propel.modelbuilder.data.CsvTableLoader;
import dev.propel.modelbuilder.data.Split;
import dev.propel.modelbuilder.data.Table;
import dev.propel.modelbuilder.eval.BinaryMetrics;
import dev.propel.modelbuilder.features.FeaturePipeline;
import dev.propel.modelbuilder.train.MlpTrainer;
import dev.propel.modelbuilder.train.TrainingConfig;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

/**
 * The measurements behind the training figures: a generated tabular CSV with known truth, Propel's trainer with
 * the Keras recipe (64-64-1, Adam 1e-3, batch 32, 10 epochs, no early stopping) and with its defaults, and the
 * same recipe in NumPy on the exact same feature matrices when {@code python3} with NumPy is available.
 */
public final class TrainingComparison {
    /** The Keras recipe in Propel's trainer: every training row (no validation split), 10 epochs, batch 32. */
    public static TrainingConfig kerasRecipe(long seed) {
        return TrainingConfig.defaults().withMaxEpochs(10).withBatchSize(32).withPatience(0).withL2(0)
                .withClassWeighting(false).withValidationFraction(0).withSelectByValidation(false).withSeed(seed);
    }

    /** One run's figures. */
    public record Run(String name, int threads, int epochs, int trainRows, double medianEpochMillis,
                      double testRocAuc, double oracleRocAuc, double logisticRocAuc, long[] epochMillis) {
        Map<String, Object> toMap() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("name", name);
            m.put("threads", threads);
            m.put("epochs", epochs);
            m.put("train_rows", trainRows);
            m.put("median_epoch_millis", medianEpochMillis);
            m.put("epoch_millis", epochMillis);
            m.put("test_roc_auc", testRocAuc);
            m.put("oracle_roc_auc", oracleRocAuc);
            m.put("logistic_regression_roc_auc", logisticRocAuc);
            return m;
        }
    }

    private final Path workDir;
    private final int rows;
    private final long seed;
    private final PrintStream log;
    private CsvTableLoader.Loaded loaded;
    private double[] truth;

    public TrainingComparison(Path workDir, int rows, long seed, PrintStream log) {
        this.workDir = workDir;
        this.rows = rows;
        this.seed = seed;
        this.log = log;
    }

    /** Writes the CSV and reads it back (types inferred, as {@code ./propel train} does). */
    public void prepare() throws IOException {
        Files.createDirectories(workDir);
        Path csv = workDir.resolve("tabular-" + rows + ".csv");
        truth = TabularCsvGenerator.write(csv, rows, seed);
        loaded = CsvTableLoader.load(csv, CsvTableLoader.Options.infer("purchase"));
        log.printf(Locale.ROOT, "training bench: %s, %d rows, positive rate %.3f%n", csv, loaded.table().rows(),
                (double) loaded.table().positives() / loaded.table().rows());
        // Warm-up on a slice so the JIT has compiled the kernels before anything is timed.
        Table slice = loaded.table().select(IntStream.range(0, Math.min(rows, 10_000)).toArray());
        ModelBuilder.train(slice, kerasRecipe(seed).withMaxEpochs(2));
    }

    /** Trains with {@code config} and measures. */
    public Run run(String name, TrainingConfig config) {
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
        Run run = new Run(name, config.threads(), epochMillis.length, ((Number) r.report().get("data.train_rows"))
                .intValue(), sorted[sorted.length / 2], r.report().number("metrics.test.roc_auc"),
                BinaryMetrics.rocAuc(oracle, r.test().labels()),
                r.report().number("metrics.baselines.logistic_regression.roc_auc"), epochMillis);
        log.printf(Locale.ROOT, "  %-28s threads %d: %2d epochs on %d rows, median %6.0f ms/epoch, test AUC %.4f "
                        + "(oracle %.4f, logistic %.4f)%n", name, run.threads(), run.epochs(), run.trainRows(),
                run.medianEpochMillis(), run.testRocAuc(), run.oracleRocAuc(), run.logisticRocAuc());
        return run;
    }

    /**
     * Runs {@code bench/scripts/mlp_numpy.py} (the Keras recipe in NumPy) on the feature matrices of the same split,
     * or returns null when python3 with NumPy is not available.
     */
    public Run numpyAnchor(Path scripts) throws IOException, InterruptedException {
        Path script = scripts.resolve("mlp_numpy.py");
        if (!Files.isRegularFile(script)) {
            log.println("  numpy anchor skipped: " + script + " not found");
            return null;
        }
        Path dir = exportMatrices();
        Process p = new ProcessBuilder("python3", script.toString(), dir.toString(), "--seed", Long.toString(seed))
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        if (!p.waitFor(30, TimeUnit.MINUTES) || p.exitValue() != 0 || out.isEmpty()) {
            log.println("  numpy anchor skipped: python3/numpy not usable (exit " + p.exitValue() + ")");
            return null;
        }
        JsonNode n = new ObjectMapper().readTree(out.substring(out.lastIndexOf('\n') + 1));
        long[] ms = new long[n.path("epoch_seconds").size()];
        for (int i = 0; i < ms.length; i++) {
            ms[i] = Math.round(n.path("epoch_seconds").get(i).asDouble() * 1000);
        }
        long[] sorted = ms.clone();
        Arrays.sort(sorted);
        Run run = new Run(n.path("implementation").asText("numpy"), 1, ms.length, n.path("train_rows").asInt(),
                sorted[sorted.length / 2], n.path("test_roc_auc").asDouble(), Double.NaN, Double.NaN, ms);
        log.printf(Locale.ROOT, "  %-28s        : %2d epochs on %d rows, median %6.0f ms/epoch, test AUC %.4f%n",
                run.name(), run.epochs(), run.trainRows(), run.medianEpochMillis(), run.testRocAuc());
        return run;
    }

    /** The feature matrices of the Keras recipe's split, in the format the Python scripts read. */
    private Path exportMatrices() throws IOException {
        Table table = loaded.table();
        Split split = Split.of(table, 0.2, seed);
        Table train = table.select(split.rest());
        Table test = table.select(split.holdout());
        FeaturePipeline pipeline = FeaturePipeline.fit(train, FeaturePipeline.Options.defaults());
        Path dir = workDir.resolve("matrices");
        Files.createDirectories(dir);
        writeFloats(dir.resolve("train_x.f32"), pipeline.transform(train));
        writeLabels(dir.resolve("train_y.u8"), train.labels());
        writeFloats(dir.resolve("test_x.f32"), pipeline.transform(test));
        writeLabels(dir.resolve("test_y.u8"), test.labels());
        Files.writeString(dir.resolve("meta.json"), "{\"width\": " + pipeline.width() + "}");
        return dir;
    }

    private static void writeFloats(Path file, float[] values) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        b.asFloatBuffer().put(values);
        Files.write(file, b.array());
    }

    private static void writeLabels(Path file, int[] labels) throws IOException {
        byte[] b = new byte[labels.length];
        for (int i = 0; i < labels.length; i++) {
            b[i] = (byte) labels[i];
        }
        Files.write(file, b);
    }
}
