package dev.propel.functions.tracing;

/** One open trace subsegment; closing it records its duration. */
@FunctionalInterface
public interface TraceSpan extends AutoCloseable {
    /** Ends the subsegment (never throws). */
    @Override
    void close();
}
