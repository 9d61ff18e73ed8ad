package dev.propel.bench.ingest;

import dev.propel.local.bench.BenchContext;
import dev.propel.local.bench.BenchFigure;
import dev.propel.local.bench.BenchmarkSuite;
import java.util.List;

/**
 * {@code ./propel bench} suite "ingest" (DESIGN §8: ≥ 100k events/s per core through validation, serialisation
 * and gzip), measured by {@link IngestBenchmark} on 100-event batches, with and without HMAC pseudonymisation.
 */
public final class IngestSuite implements BenchmarkSuite {
    private static final String NAME = "ingest";
    private static final double TARGET = 100_000;

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public List<BenchFigure> run(BenchContext context) {
        double seconds = context.quick() ? 2 : 10;
        IngestBenchmark.Result plain = IngestBenchmark.measure(seconds, false, context.log());
        IngestBenchmark.Result hmac = IngestBenchmark.measure(seconds, true, context.log());
        return List.of(
                BenchFigure.atLeast(NAME, "ingest, 100-event batches, events per CPU-second",
                        plain.eventsPerCpuSecond(), "events/s", "target 100,000 events/s per core", TARGET, 1.0),
                BenchFigure.atLeast(NAME, "ingest with HMAC pseudonymisation, events per CPU-second",
                        hmac.eventsPerCpuSecond(), "events/s", "target 100,000 events/s per core", TARGET, 1.0));
    }
}
