package dev.propel.functions.metrics;

/**
 * One value recorded during an invocation; {@code dimension} and {@code dimensionValue} are both null when the
 * metric has only the function dimension.
 */
public record RecordedMetric(String name, MetricUnit unit, double value, String dimension, String dimensionValue) {
    public RecordedMetric {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("a metric needs a name");
        }
        if ((dimension == null) != (dimensionValue == null)) {
            throw new IllegalArgumentException("a dimension needs both a name and a value: " + name);
        }
    }
}
