package dev.propel.functions.metrics;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The metrics of one invocation, collected in memory and published once at the end, so one request costs one
 * EMF line (plus one per extra dimension value) and tests can read exactly what was recorded.
 */
public final class InvocationMetrics implements FunctionMetrics {
    private final List<RecordedMetric> metrics = new ArrayList<>();
    private final Map<String, String> properties = new LinkedHashMap<>();

    @Override
    public void add(String name, MetricUnit unit, double value) {
        metrics.add(new RecordedMetric(name, unit, value, null, null));
    }

    @Override
    public void addBy(String name, MetricUnit unit, double value, String dimension, String dimensionValue) {
        metrics.add(new RecordedMetric(name, unit, value, dimension, dimensionValue));
    }

    @Override
    public void property(String key, String value) {
        if (value != null) {
            properties.put(key, value);
        }
    }

    /** What was recorded, in order. */
    public List<RecordedMetric> metrics() {
        return Collections.unmodifiableList(metrics);
    }

    /** The properties attached to every line of this invocation. */
    public Map<String, String> properties() {
        return Collections.unmodifiableMap(properties);
    }

    public boolean isEmpty() {
        return metrics.isEmpty();
    }
}
