package dev.propel.bench.serving;

import java.util.Arrays;
import java.util.List;
import java.util.function.LongSupplier;

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
        return timed(ops, warmup, rounds, perRound, () -> 0L, 0).wallNs();
    }

    /**
     * Wall and CPU ns per operation of each round-robin operation, and each one's time paired with that of
     * {@code ops.get(anchor)} in the same round; {@code cpuClock} reads the CPU time the rounds are charged with
     * (e.g. the process's, which a busy neighbour on the same cores does not inflate).
     */
    static Timings timed(List<Runnable> ops, int warmup, int rounds, int perRound, LongSupplier cpuClock,
            int anchor) {
        for (int i = 0; i < warmup; i++) {
            for (Runnable op : ops) {
                op.run();
            }
        }
        long[][] wall = new long[ops.size()][rounds];
        long[] cpu = new long[ops.size()];
        for (int r = 0; r < rounds; r++) {
            for (int o = 0; o < ops.size(); o++) {
                Runnable op = ops.get(o);
                long c0 = cpuClock.getAsLong();
                long t0 = System.nanoTime();
                for (int i = 0; i < perRound; i++) {
                    op.run();
                }
                wall[o][r] = (System.nanoTime() - t0) / perRound;
                cpu[o] += cpuClock.getAsLong() - c0;
            }
        }
        double[] wallMedians = new double[ops.size()];
        double[] cpuMeans = new double[ops.size()];
        double[] pairedRatios = new double[ops.size()];
        for (int o = 0; o < ops.size(); o++) {
            wallMedians[o] = percentile(wall[o], 0.5);
            cpuMeans[o] = (double) cpu[o] / ((long) rounds * perRound);
            double[] ratios = new double[rounds];
            for (int r = 0; r < rounds; r++) {
                ratios[r] = (double) wall[o][r] / wall[anchor][r];
            }
            Arrays.sort(ratios);
            pairedRatios[o] = ratios[rounds / 2];
        }
        return new Timings(wallMedians, cpuMeans, pairedRatios);
    }

    /**
     * Per operation, in the order given: the median over rounds of wall-clock ns; CPU ns over all rounds (a total,
     * not a median: process CPU clocks tick in 10 ms steps, which a single round's reading would show); and the
     * median over rounds of its wall time divided by the anchor's in the same round. The paired ratio is what to
     * compare with a target: a neighbour's burst that slows one round slows both sides of its ratio, while a ratio
     * of medians takes each median from whichever rounds the bursts left alone.
     */
    record Timings(double[] wallNs, double[] cpuNs, double[] pairedRatios) {
    }

    static double percentile(long[] values, double q) {
        long[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[Math.min(sorted.length - 1, (int) Math.floor(q * sorted.length))];
    }
}
