package dev.propel.functions.model;

import java.time.Duration;
import java.util.function.LongSupplier;

/**
 * Lets a request through to re-check an S3 object at most once per refresh interval, without a background thread
 * (Lambda freezes those): the first caller after the interval refreshes, everyone else reads the cached value.
 */
public final class RefreshGate {
    private final long intervalNanos;
    private final LongSupplier nanoClock;
    private volatile long nextNanos;

    /** A gate that is due at once, so the first request (the cold start) loads. */
    public RefreshGate(Duration interval, LongSupplier nanoClock) {
        this.intervalNanos = interval.toNanos();
        this.nanoClock = nanoClock;
        this.nextNanos = nanoClock.getAsLong();
    }

    /** Whether a refresh is due now. */
    public boolean due() {
        return nanoClock.getAsLong() - nextNanos >= 0;
    }

    /** Records a refresh starting now: the next one is due one interval later. */
    public void refreshing() {
        nextNanos = nanoClock.getAsLong() + intervalNanos;
    }

    /**
     * Runs {@code refresh} when one is due, once across threads: the check is repeated under the gate's lock so that
     * concurrent requests arriving when the interval ends do not all reload. The next refresh is due one interval
     * after this one starts, whether or not it succeeds.
     */
    public void refreshIfDue(Runnable refresh) {
        if (due()) {
            synchronized (this) {
                if (due()) {
                    refreshing();
                    refresh.run();
                }
            }
        }
    }

    /** Makes the next request refresh (after a SnapStart restore, for instance). */
    public void dueNow() {
        nextNanos = nanoClock.getAsLong();
    }
}
