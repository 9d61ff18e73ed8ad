package dev.propel.local.bench;

import java.util.List;

/**
 * A benchmark suite behind {@code ./propel bench}. Suites live in the {@code bench} module (which depends on
 * {@code local}, never the reverse) and register in
 * {@code META-INF/services/dev.propel.local.bench.BenchmarkSuite}; {@link BenchRunner} finds them with
 * {@link java.util.ServiceLoader}.
 */
public interface BenchmarkSuite {
    /** A short name, used by {@code ./propel bench --only NAME}. */
    String name();

    /** Runs the suite and returns its figures; a suite may fork JVMs of its own (cold starts). */
    List<BenchFigure> run(BenchContext context) throws Exception;
}
