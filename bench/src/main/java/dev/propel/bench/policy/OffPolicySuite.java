package dev.propel.bench.policy;

import dev.propel.functions.policy.Estimate;
import dev.propel.functions.policy.OutcomeMetric;
import dev.propel.local.bench.BenchContext;
import dev.propel.local.bench.BenchFigure;
import dev.propel.local.bench.BenchmarkSuite;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

/**
 * {@code ./propel bench} suite "policy" (issue 16): over 20 seeds of simulated shops with known truth, whether the
 * doubly robust 95 % interval contains the true value of fixed candidate policies in at least 90 % of runs, whether
 * its mean absolute error is below IPS's, and by how much the learned policy's true value beats the default
 * policy's.
 */
public final class OffPolicySuite implements BenchmarkSuite {
    static final String NAME = "policy";
    static final int SEEDS = 20;
    static final int USERS = 8_000;
    static final int DAYS = 7;
    static final int RESAMPLES = 200;

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public List<BenchFigure> run(BenchContext context) {
        int seeds = context.quick() ? 3 : SEEDS;
        int users = context.quick() ? 2_000 : USERS;
        OffPolicyBenchmark.Result r = new OffPolicyBenchmark(users, DAYS, context.quick() ? 100 : RESAMPLES)
                .run(seeds, context.log());
        context.log().print(summary(r));
        List<BenchFigure> figures = new ArrayList<>();
        String shops = String.format(Locale.ROOT, "%d seeds × %,d shoppers", seeds, users);
        for (OutcomeMetric metric : OffPolicyBenchmark.METRICS) {
            List<OffPolicyBenchmark.Run> runs = r.runs().stream().filter(x -> x.metric() == metric).toList();
            double coverage = 100.0 * runs.stream().filter(x -> x.dr().covers(x.truth())).count() / runs.size();
            figures.add(BenchFigure.absolute(NAME, "DR 95% interval covers the true " + metric.id() + " ("
                    + runs.size() + " runs, " + shops + ")", coverage, "%", "≥ 90%", coverage >= 90));
            double drError = mae(runs, OffPolicyBenchmark.Run::dr);
            double ipsError = mae(runs, OffPolicyBenchmark.Run::ips);
            figures.add(BenchFigure.atMost(NAME, "DR mean absolute error, " + metric.id(), drError, "abs",
                    "IPS, same runs", ipsError, 1.0));
        }
        List<OffPolicyBenchmark.Learning> l = r.learning();
        long better = l.stream().filter(x -> x.learnedTruth() > x.defaultTruth()).count();
        double learned = l.stream().mapToDouble(OffPolicyBenchmark.Learning::learnedTruth).average().orElse(0);
        double current = l.stream().mapToDouble(OffPolicyBenchmark.Learning::defaultTruth).average().orElse(0);
        figures.add(BenchFigure.atLeast(NAME, "learned policy's true net conversion (mean of " + seeds + " seeds)",
                learned, "orders/session", "default policy, same sessions", current, 1.0));
        figures.add(BenchFigure.absolute(NAME, "seeds where the learned policy truly beats the default", better,
                "of " + seeds, "most", better * 2 > seeds));
        return figures;
    }

    private static double mae(List<OffPolicyBenchmark.Run> runs, Function<OffPolicyBenchmark.Run, Estimate> e) {
        return runs.stream().mapToDouble(x -> Math.abs(e.apply(x).value() - x.truth())).average().orElse(0);
    }

    /** The figures as text: per metric and estimator, coverage, mean absolute error and mean interval width. */
    static String summary(OffPolicyBenchmark.Result r) {
        StringBuilder b = new StringBuilder();
        for (OutcomeMetric metric : OffPolicyBenchmark.METRICS) {
            List<OffPolicyBenchmark.Run> runs = r.runs().stream().filter(x -> x.metric() == metric).toList();
            b.append(String.format(Locale.ROOT, "%s, %d runs (%d seeds × %d candidates), mean %,.0f decisions,"
                    + " mean ESS %,.0f:%n", metric.id(), runs.size(), r.learning().size(),
                    OffPolicyBenchmark.CANDIDATES.size(), runs.stream().mapToInt(OffPolicyBenchmark.Run::decisions)
                            .average().orElse(0), runs.stream().mapToDouble(OffPolicyBenchmark.Run::ess).average()
                            .orElse(0)));
            b.append("  estimator  coverage  MAE      mean width\n");
            row(b, "ips", runs, OffPolicyBenchmark.Run::ips);
            row(b, "snips", runs, OffPolicyBenchmark.Run::snips);
            row(b, "dr", runs, OffPolicyBenchmark.Run::dr);
        }
        List<OffPolicyBenchmark.Learning> l = r.learning();
        long better = l.stream().filter(x -> x.learnedTruth() > x.defaultTruth()).count();
        double gain = l.stream().mapToDouble(x -> x.learnedTruth() - x.defaultTruth()).average().orElse(0);
        double current = l.stream().mapToDouble(OffPolicyBenchmark.Learning::defaultTruth).average().orElse(0);
        long covered = l.stream().filter(x -> x.low() <= x.learnedTruth() && x.learnedTruth() <= x.high()).count();
        b.append(String.format(Locale.ROOT, "learned policy (net conversion): truly better than the default on %d of"
                + " %d seeds, by %+.4f orders/session on average (%+.1f%% of the default's %.4f); its own DR interval"
                + " covered its true value on %d of %d seeds (it was chosen on the same logs)%n", better, l.size(),
                gain, 100 * gain / current, current, covered, l.size()));
        for (OffPolicyBenchmark.Learning x : l) {
            b.append(String.format(Locale.ROOT, "  seed %2d: %-45s true %.4f vs default %.4f (DR %.4f, %.4f .. %.4f)%n",
                    x.seed(), x.bands(), x.learnedTruth(), x.defaultTruth(), x.estimated(), x.low(), x.high()));
        }
        return b.toString();
    }

    private static void row(StringBuilder b, String name, List<OffPolicyBenchmark.Run> runs,
                            Function<OffPolicyBenchmark.Run, Estimate> e) {
        double coverage = 100.0 * runs.stream().filter(x -> e.apply(x).covers(x.truth())).count() / runs.size();
        double mae = runs.stream().mapToDouble(x -> Math.abs(e.apply(x).value() - x.truth())).average().orElse(0);
        double width = runs.stream().mapToDouble(x -> e.apply(x).high() - e.apply(x).low()).average().orElse(0);
        b.append(String.format(Locale.ROOT, "  %-9s  %5.1f%%    %.5f  %.5f%n", name, coverage, mae, width));
    }
}
