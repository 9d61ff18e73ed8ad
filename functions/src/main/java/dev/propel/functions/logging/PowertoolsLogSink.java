package dev.propel.functions.logging;

import dev.propel.core.log.LogEntry;
import dev.propel.core.log.LogSink;
import java.util.Set;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.apache.logging.log4j.message.MapMessage;

/**
 * Writes {@code JsonLog} lines to Powertools Logging's log4j2 as map messages: each line is Powertools' JSON fields
 * (level, timestamp, function name, version and request id, cold start, correlation id, sampling rate, service, X-Ray
 * trace id) plus our message, function name and typed fields ({@code cold_start} renamed {@code first_request}),
 * laid out by {@code PropelLambdaJsonLayout.json}.
 */
public final class PowertoolsLogSink implements LogSink {
    // Powertools writes these itself from the Lambda context; ours would make a key appear twice in one line
    private static final Set<String> POWERTOOLS_KEYS = Set.of("cold_start", "function_version", "function_name",
            "function_request_id", "function_arn", "function_memory_size", "correlation_id", "sampling_rate",
            "service", "xray_trace_id", "level", "message", "timestamp", "error");
    private final Logger logger;

    public PowertoolsLogSink(String function) {
        this.logger = LogManager.getLogger("dev.propel.functions." + function);
    }

    @Override
    public void write(LogEntry entry) {
        Level level = level(entry.level());
        if (!logger.isEnabled(level)) {
            return;
        }
        // log4j's map message, not SLF4J with Powertools' structured arguments: the layout then writes our fields
        // with log4j's own map resolver instead of Powertools' catch-all one, which rebuilt its list of reserved
        // keys for every context entry of every line (an invocation's scope and request line: 8.6 µs against 9.4)
        MapMessage<?, Object> message = new MapMessage<>(entry.fields().size() + 2);
        message.with("message", entry.message());
        message.with("function", entry.function());
        entry.fields().forEach((k, v) -> {
            if (k.equals("cold_start")) {
                // Powertools' cold_start is true only for an on-demand init, never after a SnapStart restore (every
                // init here); the API pipeline's flag (this container's first request) stays as first_request
                message.with("first_request", v);
            } else if (!POWERTOOLS_KEYS.contains(k)) {
                message.with(k, v);
            }
        });
        logger.log(level, message);
    }

    private static Level level(String level) {
        return switch (level) {
            case "ERROR" -> Level.ERROR;
            case "WARN" -> Level.WARN;
            case "DEBUG" -> Level.DEBUG;
            case "TRACE" -> Level.TRACE;
            default -> Level.INFO;
        };
    }
}
