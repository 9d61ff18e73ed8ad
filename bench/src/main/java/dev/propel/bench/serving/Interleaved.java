package dev.propel.bench.serving;

import java.util.Arrays;
import java.util.List;

/** Operations timed in alternating rounds, so drift (JIT, GC, a busy neighbour) hits them all alike. */
final class Interleaved {
    private Interleaved() {
    }

    /** Median ns per operation of {@code a} and of {@code b}, after {@code warmup} runs of each. */
    static double[] medians(Runnable a, Runnable b, int warmup, int rounds, int perRound) {
        return medians(List.of(a, b), warmup, rounds, perRound);
    }

    /** Median ns per operation of each of {@code ops}, after {@code warmup} runs of each. */
    static double[] medians(List<Runnable> ops, int warmup, int rounds, int perRound) {
        for (int i = 0; i < warmup; i++) {
            for (Runnable op : ops) {
                op.run();
            }
        }
        long[][] perOp = new long[ops.size()][rounds];
        for (int r = 0; r < rounds; r++) {
            for (int o = 0; o < ops.size(); o++) {
                Runnable op = ops.get(o);
                long t0 = System.nanoTime();
                for (int i = 0; i < perRound; i++) {
                    op.run();
                }
                perOp[o][r] = (System.nanoTime() - t0) / perRound;
            }
        }
        double[] medians = new double[ops.size()];
        for (int o = 0; o < ops.size(); o++) {
            medians[o] = percentile(perOp[o], 0.5);
        }
        return medians;
    }

    static double percentile(long[] values, double q) {
        long[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[Math.min(sorted.length - 1, (int) Math.floor(q * sorted.length))];
    }
}
