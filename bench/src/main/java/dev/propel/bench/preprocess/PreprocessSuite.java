package dev.propel.bench.preprocess;

import dev.propel.local.bench.BenchContext;
import dev.propel.local.bench.BenchFigure;
import dev.propel.local.bench.BenchmarkSuite;
import java.util.List;

/**
 * {@code ./propel bench} suite "preprocess" (DESIGN §8: stage 1 events/s per core at least DuckDB's doing the same
 * clean + dedupe on the same files), measured by {@link PreprocessBenchmark}, both engines on one thread.
 */
public final class PreprocessSuite implements BenchmarkSuite {
    private static final String NAME = "preprocess";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public List<BenchFigure> run(BenchContext context) throws Exception {
        int events = context.quick() ? 60_000 : 300_000;
        PreprocessBenchmark.Result r = PreprocessBenchmark.measure(context.workDir().resolve("preprocess"), events,
                6, context.quick() ? 1 : 3, context.log());
        return List.of(BenchFigure.atLeast(NAME, "stage 1 clean + dedupe + gzip, events per CPU-second",
                r.propelCpu(), "events/s", "DuckDB " + r.duckdbVersion() + ", same files, one thread",
                r.duckdbCpu(), 1.0));
    }
}
