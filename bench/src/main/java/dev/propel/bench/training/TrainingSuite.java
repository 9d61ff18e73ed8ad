package dev.propel.bench.training;

import dev.propel.local.bench.BenchContext;
import dev.propel.local.bench.BenchFigure;
import dev.propel.local.bench.BenchmarkSuite;
import dev.propel.modelbuilder.train.TrainingConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code ./propel bench} suite "training" (DESIGN §8: per-epoch time no slower than Keras on the same data and
 * network, same AUC). Keras cannot be installed here, so the measurable anchor is the same recipe in NumPy on the
 * same feature matrices; the AUC figures compare Propel's defaults with the Keras recipe and with the oracle.
 */
public final class TrainingSuite implements BenchmarkSuite {
    private static final String NAME = "training";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public List<BenchFigure> run(BenchContext context) throws Exception {
        int rows = context.quick() ? 20_000 : 100_000;
        long seed = 42;
        TrainingComparison c = new TrainingComparison(context.workDir(), rows, seed, context.log());
        c.prepare();
        // Quick mode trains on fewer rows but with the real settings, so its figures mean the same thing.
        TrainingComparison.Run recipe = c.run("keras recipe (64-64, batch 32)", TrainingComparison.kerasRecipe(seed));
        TrainingComparison.Run defaults = c.run("propel defaults", TrainingConfig.defaults().withSeed(seed));
        Path scripts = Path.of("bench/scripts");
        TrainingComparison.Run numpy = Files.isDirectory(scripts) ? c.numpyAnchor(scripts) : null;

        List<BenchFigure> figures = new ArrayList<>();
        String epoch = "training epoch, 64-64 Adam batch 32, " + recipe.trainRows() + " rows";
        if (numpy != null) {
            figures.add(BenchFigure.atMost(NAME, epoch, recipe.medianEpochMillis(), "ms",
                    "same recipe in NumPy (Keras not installable)", numpy.medianEpochMillis(), 1.0));
            figures.add(BenchFigure.atLeast(NAME, "test ROC AUC, Keras recipe", recipe.testRocAuc(), "AUC",
                    "same recipe in NumPy", numpy.testRocAuc(), 0.995));
        } else {
            figures.add(BenchFigure.absolute(NAME, epoch, recipe.medianEpochMillis(), "ms",
                    "no anchor: Keras/NumPy not available", false));
        }
        figures.add(BenchFigure.atLeast(NAME, "test ROC AUC, Propel defaults", defaults.testRocAuc(), "AUC",
                "Keras recipe in Propel's trainer", recipe.testRocAuc(), 1.0));
        if (!context.quick()) {
            // Informative on this generic CSV (the ≤ 0.01 target is the simulator's); with 20k rows the gap is
            // mostly sampling error, so quick runs leave it out.
            double gap = defaults.oracleRocAuc() - defaults.testRocAuc();
            figures.add(BenchFigure.absolute(NAME, "oracle AUC minus test AUC, Propel defaults", gap, "AUC",
                    "≤ 0.01", gap <= 0.01));
        }
        return figures;
    }
}
