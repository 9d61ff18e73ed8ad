package dev.propel.functions.metrics;

/** The units Propel's metrics use; each maps to one CloudWatch unit. */
public enum MetricUnit {
    COUNT,
    BYTES,
    MILLISECONDS
}
