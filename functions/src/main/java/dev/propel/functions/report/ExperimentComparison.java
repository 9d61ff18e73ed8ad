package dev.propel.functions.report;

import dev.propel.functions.policy.ActionCosts;
import dev.propel.functions.policy.LoggedDecision;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.TreeMap;

/**
 * One experiment's variants compared on what their decided sessions did: conversion (Wilson interval; the
 * difference to the first variant by Newcombe's hybrid score interval) and net revenue per decided session
 * (bootstrap percentile intervals), with a verdict in words, including when the sample is too small to tell.
 *
 * @param experimentId the experiment
 * @param variants     its variants, the reference (control) first
 */
public record ExperimentComparison(String experimentId, List<Variant> variants) {
    /** Decided sessions per variant below which the report declines to compare. */
    public static final int MIN_SESSIONS = 100;
    /** Bootstrap resamples of the net revenue intervals. */
    static final int RESAMPLES = 1000;

    public ExperimentComparison {
        variants = List.copyOf(variants);
    }

    /**
     * One variant's outcomes.
     *
     * @param name            the variant
     * @param sessions        decided sessions with a final outcome
     * @param converted       of those, sessions that purchased after their first decision
     * @param conversion      Wilson 95 % interval of the conversion rate
     * @param netRevenue      mean net revenue per decided session (after the action's cost)
     * @param netRevenueLow   2.5th bootstrap percentile of it
     * @param netRevenueHigh  97.5th bootstrap percentile
     * @param conversionDiff  this variant's rate minus the reference's, with its Newcombe interval; empty for the
     *                        reference or when either has no session
     * @param revenueDiff     net revenue per session minus the reference's, bootstrap interval; empty likewise
     * @param verdict         the comparison with the reference in words
     */
    public record Variant(String name, long sessions, long converted, Optional<Interval> conversion,
            double netRevenue, double netRevenueLow, double netRevenueHigh, Optional<Difference> conversionDiff,
            Optional<Difference> revenueDiff, String verdict) {
        /** The conversion rate (NaN without sessions). */
        public double rate() {
            return sessions == 0 ? Double.NaN : (double) converted / sessions;
        }
    }

    /**
     * A difference between a variant and the reference with its 95 % interval.
     *
     * @param value the point estimate
     * @param low   the interval's low end
     * @param high  the interval's high end
     */
    public record Difference(double value, double low, double high) {
        /** Whether the interval excludes zero. */
        public boolean clear() {
            return low > 0 || high < 0;
        }
    }

    /**
     * Compares the variants of every experiment in {@code decisions} (those with an outcome that is final). A
     * session counts once per variant, by its first decision.
     *
     * @param order variant order per experiment id, reference first (from {@code config/experiments.json});
     *              variants it does not list follow, {@code control} first, then by name
     * @param seed  the bootstrap's seed, so one report is reproducible
     */
    public static List<ExperimentComparison> of(List<LoggedDecision> decisions, Map<String, List<String>> order,
            ActionCosts costs, long seed) {
        Map<String, Map<String, Map<String, LoggedDecision>>> firstBySession = new TreeMap<>();
        List<LoggedDecision> sorted = new ArrayList<>(decisions);
        sorted.sort(Comparator.comparing(LoggedDecision::decidedAt).thenComparing(LoggedDecision::decisionId));
        for (LoggedDecision d : sorted) {
            if (d.experimentId().isEmpty() || d.variant().isEmpty() || !d.complete()) {
                continue;
            }
            String session = d.sessionKey().isEmpty() ? "decision:" + d.decisionId() : d.sessionKey();
            firstBySession.computeIfAbsent(d.experimentId(), k -> new HashMap<>())
                    .computeIfAbsent(d.variant(), k -> new LinkedHashMap<>()).putIfAbsent(session, d);
        }
        List<ExperimentComparison> out = new ArrayList<>();
        SplittableRandom random = new SplittableRandom(seed);
        for (var e : firstBySession.entrySet()) {
            List<String> names = ordered(e.getValue().keySet(), order.getOrDefault(e.getKey(), List.of()));
            List<double[]> revenue = new ArrayList<>();
            List<long[]> counts = new ArrayList<>();
            for (String name : names) {
                List<LoggedDecision> rows = new ArrayList<>(e.getValue().get(name).values());
                double[] r = new double[rows.size()];
                long converted = 0;
                for (int i = 0; i < r.length; i++) {
                    LoggedDecision d = rows.get(i);
                    r[i] = d.revenue() * costs.keptShare(d.action());
                    converted += d.purchased() ? 1 : 0;
                }
                revenue.add(r);
                counts.add(new long[] {converted, rows.size()});
            }
            List<Variant> variants = new ArrayList<>();
            for (int v = 0; v < names.size(); v++) {
                double[] r = revenue.get(v);
                double[] bootMeans = bootstrapMeans(r, random);
                double[] sortedMeans = bootMeans.clone();
                Arrays.sort(sortedMeans);
                Optional<Difference> conv = Optional.empty();
                Optional<Difference> rev = Optional.empty();
                if (v > 0 && r.length > 0 && revenue.get(0).length > 0) {
                    conv = Optional.of(newcombe(counts.get(0)[0], counts.get(0)[1], counts.get(v)[0],
                            counts.get(v)[1]));
                    double[] base = bootstrapMeans(revenue.get(0), random);
                    double[] diffs = new double[RESAMPLES];
                    for (int b = 0; b < RESAMPLES; b++) {
                        diffs[b] = bootMeans[b] - base[b];
                    }
                    Arrays.sort(diffs);
                    rev = Optional.of(new Difference(mean(r) - mean(revenue.get(0)), percentile(diffs, 0.025),
                            percentile(diffs, 0.975)));
                }
                variants.add(new Variant(names.get(v), counts.get(v)[1], counts.get(v)[0],
                        Interval.wilson(counts.get(v)[0], counts.get(v)[1]), mean(r), percentile(sortedMeans, 0.025),
                        percentile(sortedMeans, 0.975), conv, rev,
                        verdict(names.get(0), counts.get(0)[1], names.get(v), counts.get(v)[1], v == 0, conv, rev)));
            }
            out.add(new ExperimentComparison(e.getKey(), variants));
        }
        return out;
    }

    /** The comparison with the reference in words: too small, no clear difference, or which way and by how much. */
    static String verdict(String reference, long referenceSessions, String name, long sessions, boolean isReference,
            Optional<Difference> conversion, Optional<Difference> revenue) {
        if (isReference) {
            return "reference";
        }
        if (referenceSessions < MIN_SESSIONS || sessions < MIN_SESSIONS) {
            return "too few decided sessions to compare (" + sessions + " here, " + referenceSessions + " in "
                    + reference + "; at least " + MIN_SESSIONS + " each are needed)";
        }
        Difference c = conversion.orElseThrow();
        Difference r = revenue.orElseThrow();
        if (!c.clear() && !r.clear()) {
            return "no clear difference yet: both intervals of the difference include zero, so the sample is too"
                    + " small to tell a difference of this size";
        }
        StringBuilder s = new StringBuilder();
        if (c.clear()) {
            s.append("converts ").append(c.value() > 0 ? "more" : "less").append(" than ").append(reference)
                    .append(" (").append(signedPoints(c.value())).append(")");
        } else {
            s.append("conversion not clearly different");
        }
        s.append("; ");
        if (r.clear()) {
            s.append("net revenue per session ").append(r.value() > 0 ? "higher" : "lower").append(" (")
                    .append(r.value() > 0 ? "+" : "").append(Fmt.decimal(r.value(), 2)).append(")");
        } else {
            s.append("net revenue not clearly different");
        }
        return s.toString();
    }

    private static String signedPoints(double d) {
        return (d > 0 ? "+" : "") + Fmt.decimal(d * 100, 1) + " points";
    }

    /**
     * Newcombe's hybrid score interval (method 10) for {@code p2 - p1} from the two Wilson intervals: good
     * coverage for small samples and rates near 0, where the Wald interval is too narrow.
     */
    static Difference newcombe(long x1, long n1, long x2, long n2) {
        double p1 = (double) x1 / n1;
        double p2 = (double) x2 / n2;
        Interval w1 = Interval.wilson(x1, n1).orElseThrow();
        Interval w2 = Interval.wilson(x2, n2).orElseThrow();
        double d = p2 - p1;
        double low = d - Math.sqrt(sq(p2 - w2.low()) + sq(w1.high() - p1));
        double high = d + Math.sqrt(sq(w2.high() - p2) + sq(p1 - w1.low()));
        return new Difference(d, low, high);
    }

    private static List<String> ordered(Iterable<String> present, List<String> configured) {
        List<String> rest = new ArrayList<>();
        present.forEach(rest::add);
        List<String> out = new ArrayList<>();
        for (String c : configured) {
            if (rest.remove(c)) {
                out.add(c);
            }
        }
        rest.sort(Comparator.comparing((String n) -> !n.equals("control")).thenComparing(n -> n));
        out.addAll(rest);
        return out;
    }

    /** Means of {@link #RESAMPLES} resamples with replacement (all NaN for an empty sample). */
    private static double[] bootstrapMeans(double[] x, SplittableRandom random) {
        double[] means = new double[RESAMPLES];
        for (int b = 0; b < RESAMPLES; b++) {
            if (x.length == 0) {
                means[b] = Double.NaN;
                continue;
            }
            double sum = 0;
            for (int i = 0; i < x.length; i++) {
                sum += x[random.nextInt(x.length)];
            }
            means[b] = sum / x.length;
        }
        return means;
    }

    private static double mean(double[] x) {
        double sum = 0;
        for (double v : x) {
            sum += v;
        }
        return x.length == 0 ? Double.NaN : sum / x.length;
    }

    private static double percentile(double[] sorted, double q) {
        return sorted[(int) Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
    }

    private static double sq(double v) {
        return v * v;
    }
}
