package dev.propel.functions.report;

import java.util.Optional;

/** A confidence interval for a proportion, both ends within 0..1. */
public record Interval(double low, double high) {
    /** z for a two-sided 95 % interval. */
    public static final double Z95 = 1.959963984540054;

    /**
     * The Wilson score interval of {@code successes} out of {@code trials} at 95 %: unlike the normal
     * approximation it stays inside 0..1 and is honest for small counts and rates near 0, which is what a young
     * shop's decision arms have. Empty when there are no trials.
     */
    public static Optional<Interval> wilson(long successes, long trials) {
        if (trials <= 0 || successes < 0 || successes > trials) {
            return Optional.empty();
        }
        double n = trials;
        double p = successes / n;
        double z2 = Z95 * Z95;
        double denominator = 1 + z2 / n;
        double centre = (p + z2 / (2 * n)) / denominator;
        double half = Z95 * Math.sqrt(p * (1 - p) / n + z2 / (4 * n * n)) / denominator;
        return Optional.of(new Interval(Math.max(0, centre - half), Math.min(1, centre + half)));
    }
}
