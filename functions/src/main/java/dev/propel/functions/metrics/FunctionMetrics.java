package dev.propel.functions.metrics;

/**
 * What a function counts and times, as domain code sees it: names, units and values, no Lambda or CloudWatch types.
 * Dimensions stay low-cardinality (an action, a status code), never user, session or item ids.
 */
public interface FunctionMetrics {
    /** Adds {@code value} to the metric {@code name} under the function's own dimension. */
    void add(String name, MetricUnit unit, double value);

    /** Adds {@code value} to {@code name} split by one more low-cardinality dimension (e.g. action, status). */
    void addBy(String name, MetricUnit unit, double value, String dimension, String dimensionValue);

    /** Attaches a searchable property (e.g. the model version) that is not a dimension, so it costs no series. */
    void property(String key, String value);

    /** Counts one occurrence of {@code name}. */
    default void count(String name) {
        add(name, MetricUnit.COUNT, 1);
    }
}
