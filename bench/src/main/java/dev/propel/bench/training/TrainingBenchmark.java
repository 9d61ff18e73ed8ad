package dev.propel.bench.training;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Training benchmark main: per-epoch time and test AUC on a generated tabular CSV with known truth, for the Keras
 * recipe on 1 and 2 threads, Propel's defaults, and the Keras recipe in NumPy on the same feature matrices.
 * <p>
 * Usage: {@code TrainingBenchmark [--rows N] [--seed S] [--work DIR] [--out results.json]}.
 */
public final class TrainingBenchmark {
    private TrainingBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int rows = 100_000;
        long seed = 42;
        Path work = Path.of("bench/target/training-bench");
        Path out = null;
        Path scripts = Path.of("bench/scripts");
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--rows" -> rows = Integer.parseInt(args[++i]);
                case "--seed" -> seed = Long.parseLong(args[++i]);
                case "--work" -> work = Path.of(args[++i]);
                case "--out" -> out = Path.of(args[++i]);
                case "--scripts" -> scripts = Path.of(args[++i]);
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        TrainingComparison c = new TrainingComparison(work, rows, seed, System.out);
        c.prepare();
        List<Map<String, Object>> runs = new ArrayList<>();
        runs.add(c.run("keras-recipe", TrainingComparison.kerasRecipe(seed).withThreads(1)).toMap());
        runs.add(c.run("keras-recipe", TrainingComparison.kerasRecipe(seed).withThreads(2)).toMap());
        runs.add(c.run("propel-defaults", dev.propel.modelbuilder.train.TrainingConfig.defaults().withSeed(seed))
                .toMap());
        TrainingComparison.Run numpy = c.numpyAnchor(scripts);
        if (numpy != null) {
            runs.add(numpy.toMap());
        }
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("benchmark", "training");
        result.put("rows", rows);
        result.put("cores", Runtime.getRuntime().availableProcessors());
        result.put("java", System.getProperty("java.version"));
        result.put("runs", runs);
        result.put("keras", "not measured here: TensorFlow cannot be installed on this machine (PyPI blocked); "
                + "bench/scripts/mlp_keras.py runs it on the same matrices where it can");
        Path file = out == null ? work.resolve("training-bench.json") : out;
        Files.createDirectories(file.toAbsolutePath().getParent());
        new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(file.toFile(), result);
        System.out.println("wrote " + file);
    }
}
