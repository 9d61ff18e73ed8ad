package dev.propel.local.bench;

/**
 * One benchmark figure as the table shows it: what was measured, the anchor it is compared with, their ratio
 * and the target from DESIGN §8.
 *
 * @param suite       the suite that measured it
 * @param figure      what was measured, e.g. {@code rank 200 candidates, warm}
 * @param value       the measured value
 * @param unit        its unit, e.g. {@code ms}, {@code events/s}
 * @param anchor      what it is compared with, e.g. {@code bare ORT run}
 * @param anchorValue the anchor's value in the same unit (NaN when the figure has no anchor)
 * @param ratio       value / anchorValue (NaN without an anchor), or for figures timed in alternating rounds the
 *                    median of the rounds' ratios
 * @param target      the target in words, e.g. {@code ≤ 2x}
 * @param met         whether the target is met
 */
public record BenchFigure(String suite, String figure, double value, String unit, String anchor,
        double anchorValue, double ratio, String target, boolean met) {

    /** A figure where lower is better (latency, time): met when value / anchor ≤ {@code maxRatio}. */
    public static BenchFigure atMost(String suite, String figure, double value, String unit, String anchor,
            double anchorValue, double maxRatio) {
        double ratio = value / anchorValue;
        return new BenchFigure(suite, figure, value, unit, anchor, anchorValue, ratio,
                "≤ " + trim(maxRatio) + "x", ratio <= maxRatio);
    }

    /**
     * A figure where lower is better, measured in alternating rounds against its anchor: met when
     * {@code pairedRatio}, the median over rounds of the round's value / anchor, is ≤ {@code maxRatio}; the value
     * and anchor shown are their own medians.
     */
    public static BenchFigure pairedAtMost(String suite, String figure, double value, String unit, String anchor,
            double anchorValue, double pairedRatio, double maxRatio) {
        return new BenchFigure(suite, figure, value, unit, anchor, anchorValue, pairedRatio,
                "≤ " + trim(maxRatio) + "x", pairedRatio <= maxRatio);
    }

    /** A figure where higher is better (throughput): met when value / anchor ≥ {@code minRatio}. */
    public static BenchFigure atLeast(String suite, String figure, double value, String unit, String anchor,
            double anchorValue, double minRatio) {
        double ratio = value / anchorValue;
        return new BenchFigure(suite, figure, value, unit, anchor, anchorValue, ratio,
                "≥ " + trim(minRatio) + "x", ratio >= minRatio);
    }

    /** A figure with an absolute target (e.g. rank of 200 candidates ≤ 1 ms). */
    public static BenchFigure absolute(String suite, String figure, double value, String unit, String target,
            boolean met) {
        return new BenchFigure(suite, figure, value, unit, "", Double.NaN, Double.NaN, target, met);
    }

    private static String trim(double d) {
        return d == Math.rint(d) ? Long.toString((long) d) : Double.toString(d);
    }
}
