package dev.propel.functions.policy;

/**
 * One estimator's estimate of a policy's value with its 95 % bootstrap percentile interval.
 *
 * @param estimator {@code ips}, {@code snips}, {@code dr} or {@code dm}
 * @param value     the estimate
 * @param low       2.5th percentile of the bootstrap estimates
 * @param high      97.5th percentile
 */
public record Estimate(String estimator, double value, double low, double high) {
    public Estimate {
        if (!Double.isFinite(value) || !Double.isFinite(low) || !Double.isFinite(high)) {
            throw new IllegalArgumentException(estimator + " estimate is not finite");
        }
    }

    /** Whether the interval contains {@code v}. */
    public boolean covers(double v) {
        return low <= v && v <= high;
    }
}
