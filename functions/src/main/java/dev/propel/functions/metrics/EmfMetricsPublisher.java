package dev.propel.functions.metrics;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import software.amazon.cloudwatchlogs.emf.config.EnvironmentConfigurationProvider;
import software.amazon.cloudwatchlogs.emf.environment.Environments;
import software.amazon.lambda.powertools.metrics.Metrics;
import software.amazon.lambda.powertools.metrics.model.DimensionSet;
import software.amazon.lambda.powertools.metrics.provider.EmfMetricsProvider;

/**
 * Publishes an invocation's metrics as CloudWatch Embedded Metric Format lines on standard output through
 * Powertools for AWS Lambda: namespace {@value #NAMESPACE}, dimension {@code function}, one line per dimension set.
 */
public final class EmfMetricsPublisher {
    /** The CloudWatch namespace of every Propel metric. */
    public static final String NAMESPACE = "Propel";
    /** The dimension naming the function (a handful of values, one per function in the template). */
    public static final String FUNCTION_DIMENSION = "function";

    static {
        // Always the Lambda environment (EMF lines on stdout): without it the EMF library probes the EC2 metadata
        // endpoint and falls back to a CloudWatch agent socket when run outside Lambda (the local stack, tests).
        EnvironmentConfigurationProvider.getConfig().setEnvironmentOverride(Environments.Lambda);
    }

    private final String function;
    private final Metrics metrics;

    private EmfMetricsPublisher(String function, boolean enabled) {
        this.function = function;
        if (enabled) {
            // A fresh Powertools instance per function, not MetricsFactory's process-wide one: the local stack
            // runs several functions in one JVM, each with its own function dimension.
            this.metrics = new EmfMetricsProvider().getMetricsInstance();
            metrics.setNamespace(NAMESPACE);
            metrics.setDefaultDimensions(DimensionSet.of(FUNCTION_DIMENSION, function));
        } else {
            this.metrics = null;
        }
    }

    /** A publisher for the function named as in the template (e.g. {@code IngestFunction}). */
    public static EmfMetricsPublisher forFunction(String function) {
        return new EmfMetricsPublisher(Objects.requireNonNull(function, "function"), true);
    }

    /** A publisher that writes nothing: warm-up requests and handlers built around test doubles of the domain. */
    public static EmfMetricsPublisher disabled() {
        return new EmfMetricsPublisher("none", false);
    }

    public String function() {
        return function;
    }

    /** Writes the invocation's metrics; nothing when none were recorded (an empty EMF line is noise). */
    public void publish(InvocationMetrics invocation) {
        if (metrics == null || invocation.isEmpty()) {
            return;
        }
        Map<List<String>, Map<String, RecordedMetric>> byDimension = new LinkedHashMap<>();
        for (RecordedMetric m : invocation.metrics()) {
            List<String> key = m.dimension() == null ? List.of() : List.of(m.dimension(), m.dimensionValue());
            // the same metric twice in one line would be two samples; sum them into one value instead
            byDimension.computeIfAbsent(key, k -> new LinkedHashMap<>())
                    .merge(m.name(), m, (a, b) -> new RecordedMetric(a.name(), a.unit(), a.value() + b.value(),
                            a.dimension(), a.dimensionValue()));
        }
        for (Map.Entry<List<String>, Map<String, RecordedMetric>> line : byDimension.entrySet()) {
            List<String> dimension = line.getKey();
            metrics.flushMetrics(m -> {
                if (!dimension.isEmpty()) {
                    m.setDefaultDimensions(DimensionSet.of(FUNCTION_DIMENSION, function,
                            dimension.get(0), dimension.get(1)));
                }
                invocation.properties().forEach(m::addMetadata);
                for (RecordedMetric r : line.getValue().values()) {
                    m.addMetric(r.name(), r.value(), unit(r.unit()));
                }
            });
        }
    }

    private static software.amazon.lambda.powertools.metrics.model.MetricUnit unit(MetricUnit unit) {
        return switch (unit) {
            case COUNT -> software.amazon.lambda.powertools.metrics.model.MetricUnit.COUNT;
            case BYTES -> software.amazon.lambda.powertools.metrics.model.MetricUnit.BYTES;
            case MILLISECONDS -> software.amazon.lambda.powertools.metrics.model.MetricUnit.MILLISECONDS;
        };
    }
}
