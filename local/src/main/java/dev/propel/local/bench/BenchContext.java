package dev.propel.local.bench;

import java.io.PrintStream;
import java.nio.file.Path;

/**
 * What a suite gets from the runner.
 *
 * @param workDir a folder of its own under {@code .propel/bench/work/} for data it generates
 * @param quick   true for a short smoke run (fewer iterations, smaller data), e.g. in tests
 * @param log     progress output (the terminal)
 */
public record BenchContext(Path workDir, boolean quick, PrintStream log) {
}
