package dev.propel.bench.serving;

import dev.propel.functions.tracing.Tracing;
import java.util.SplittableRandom;

/**
 * The X-Ray trace header Lambda hands a traced function before each invocation (the Java runtime sets the system
 * property {@link Tracing#TRACE_HEADER_PROPERTY}), a fresh trace per invocation, sampled as Lambda would: every
 * invocation, or Lambda's default rule (the first request of each second and 5% of the rest).
 */
final class TraceHeaders {
    /** Which invocations Lambda samples. */
    enum Sampling {
        /** Every invocation: the worst case. */
        EVERY_REQUEST,
        /** X-Ray's default rule in Lambda: a reservoir of one request per second, then 5%. */
        LAMBDA_DEFAULT
    }

    private static final double DEFAULT_RATE = 0.05;
    // headers are built before measuring (the runtime's work, not the function's); consecutive ones differ
    private static final int DISTINCT = 4096;

    private final Sampling sampling;
    private final String[] sampled = new String[DISTINCT];
    private final String[] unsampled = new String[DISTINCT];
    private final SplittableRandom random;
    private long invocations;
    private long sampledInvocations;
    private long second = -1;

    TraceHeaders(Sampling sampling, long seed) {
        this.sampling = sampling;
        this.random = new SplittableRandom(seed);
        // X-Ray rejects traces whose id time is more than 30 days old: the trace ids start at the current second
        long epochSecond = System.currentTimeMillis() / 1000;
        for (int i = 0; i < DISTINCT; i++) {
            String common = String.format("Root=1-%08x-%08x%016x;Parent=%016x;Sampled=", epochSecond,
                    random.nextInt(), random.nextLong(), random.nextLong());
            sampled[i] = common + "1";
            unsampled[i] = common + "0";
        }
    }

    /** Sets the next invocation's trace header where the Java runtime puts it. */
    void nextInvocation() {
        int i = (int) (invocations++ % DISTINCT);
        boolean sample = sampling == Sampling.EVERY_REQUEST || firstOfItsSecond()
                || random.nextDouble() < DEFAULT_RATE;
        if (sample) {
            sampledInvocations++;
        }
        System.setProperty(Tracing.TRACE_HEADER_PROPERTY, sample ? sampled[i] : unsampled[i]);
    }

    /** Invocations so far. */
    long invocations() {
        return invocations;
    }

    /** Sampled invocations so far. */
    long sampled() {
        return sampledInvocations;
    }

    private boolean firstOfItsSecond() {
        long now = System.nanoTime() / 1_000_000_000L;
        if (now != second) {
            second = now;
            return true;
        }
        return false;
    }
}
