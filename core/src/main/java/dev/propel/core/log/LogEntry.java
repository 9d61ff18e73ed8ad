package dev.propel.core.log;

import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * One structured log line before it is written: when, level, the function that wrote it, the message and the
 * caller's fields in the order given (counts, request and model ids; never user ids or payloads).
 */
public record LogEntry(Instant ts, String level, String function, String message, Map<String, Object> fields) {
    public LogEntry {
        Objects.requireNonNull(ts, "ts");
        Objects.requireNonNull(level, "level");
        Objects.requireNonNull(message, "message");
        // a copy that keeps the caller's order: the line reads in the order the fields were added
        fields = Collections.unmodifiableMap(new LinkedHashMap<>(fields));
    }
}
