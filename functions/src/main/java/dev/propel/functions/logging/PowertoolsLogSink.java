package dev.propel.functions.logging;

import dev.propel.core.log.LogEntry;
import dev.propel.core.log.LogSink;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.lambda.powertools.logging.argument.StructuredArguments;

/**
 * Writes {@code JsonLog} lines through SLF4J to Powertools Logging (log4j2 with Powertools' JSON layout): each line
 * is Powertools' JSON (level, message, timestamp, function name, version and request id, correlation id, sampling
 * rate, service, X-Ray trace id) plus our function name and fields as structured arguments ({@code cold_start} renamed {@code first_request}).
 */
public final class PowertoolsLogSink implements LogSink {
    // Powertools writes these itself from the Lambda context (and refuses them as arguments, with a WARN line)
    private static final Set<String> POWERTOOLS_KEYS = Set.of("cold_start", "function_version", "function_name",
            "function_request_id", "function_arn", "function_memory_size", "correlation_id", "sampling_rate",
            "service", "xray_trace_id", "level", "message", "timestamp", "error");
    private final Logger logger;

    public PowertoolsLogSink(String function) {
        this.logger = LoggerFactory.getLogger("dev.propel.functions." + function);
    }

    @Override
    public void write(LogEntry entry) {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("function", entry.function());
        entry.fields().forEach((k, v) -> {
            if (k.equals("cold_start")) {
                // Powertools' cold_start is true only for an on-demand init, never after a SnapStart restore (every
                // init here); the API pipeline's flag (this container's first request) stays as first_request
                fields.put("first_request", v);
            } else if (!POWERTOOLS_KEYS.contains(k)) {
                fields.put(k, v);
            }
        });
        Object arguments = StructuredArguments.entries(fields);
        switch (entry.level()) {
            case "ERROR" -> logger.error(entry.message(), arguments);
            case "WARN" -> logger.warn(entry.message(), arguments);
            case "DEBUG" -> logger.debug(entry.message(), arguments);
            case "TRACE" -> logger.trace(entry.message(), arguments);
            default -> logger.info(entry.message(), arguments);
        }
    }
}
