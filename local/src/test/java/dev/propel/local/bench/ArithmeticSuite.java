package dev.propel.local.bench;

import java.util.List;

/** Test suite registered through META-INF/services: measures a loop against a lighter loop. */
public final class ArithmeticSuite implements BenchmarkSuite {
    @Override
    public String name() {
        return "arithmetic";
    }

    @Override
    public List<BenchFigure> run(BenchContext context) {
        int n = context.quick() ? 100_000 : 1_000_000;
        double heavy = nanosPerOp(n, 8);
        double light = nanosPerOp(n, 1);
        return List.of(BenchFigure.atMost(name(), "8 adds per op", heavy, "ns/op", "1 add per op", light, 1000),
                BenchFigure.absolute(name(), "ops measured", n, "ops", "> 0", n > 0));
    }

    private static double nanosPerOp(int n, int adds) {
        long sum = 0;
        long start = System.nanoTime();
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < adds; j++) {
                sum += i ^ j;
            }
        }
        long ns = System.nanoTime() - start;
        return sum == 42 ? 0 : Math.max(ns, 1) / (double) n;
    }
}
