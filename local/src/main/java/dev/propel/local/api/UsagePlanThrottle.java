package dev.propel.local.api;

import java.util.HashMap;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * A usage plan's per-key throttle as API Gateway applies it: a token bucket per key holding up to {@code burst}
 * requests, refilled at {@code ratePerSecond}; a request finding it empty gets 429. Time comes from a nanosecond
 * clock so tests can step it instead of waiting.
 */
public final class UsagePlanThrottle {
    private final double ratePerSecond;
    private final double burst;
    private final LongSupplier nanoClock;
    private final Map<String, double[]> buckets = new HashMap<>();

    /**
     * @param ratePerSecond steady requests per second per key
     * @param burst         requests a key may send at once
     */
    public UsagePlanThrottle(double ratePerSecond, int burst, LongSupplier nanoClock) {
        if (!(ratePerSecond > 0) || burst < 1) {
            throw new IllegalArgumentException("a throttle needs a positive rate and burst");
        }
        this.ratePerSecond = ratePerSecond;
        this.burst = burst;
        this.nanoClock = nanoClock;
    }

    /** Whether the key named {@code keyName} may send one more request now (and takes its token if so). */
    public synchronized boolean admit(String keyName) {
        long now = nanoClock.getAsLong();
        // [tokens, time of the last refill]
        double[] bucket = buckets.computeIfAbsent(keyName, k -> new double[] {burst, now});
        double refilled = (now - bucket[1]) / 1e9 * ratePerSecond;
        bucket[0] = Math.min(burst, bucket[0] + refilled);
        bucket[1] = now;
        if (bucket[0] < 1) {
            return false;
        }
        bucket[0] -= 1;
        return true;
    }
}
