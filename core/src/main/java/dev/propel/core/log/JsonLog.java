package dev.propel.core.log;

import java.io.PrintStream;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Structured logging for functions and tools: one line per call with the function name and the fields the caller
 * passes, written by a {@link LogSink} (JSON lines on a stream by default). Callers pass counts, ids of requests and
 * models, never user ids or raw payloads.
 */
public final class JsonLog {
    private final String function;
    private final LogSink sink;

    public JsonLog(String function, PrintStream out) {
        this(function, new JsonLineSink(out));
    }

    public JsonLog(String function, LogSink sink) {
        this.function = function;
        this.sink = Objects.requireNonNull(sink, "sink");
    }

    /** A logger writing JSON lines to standard output, which Lambda ships to CloudWatch. */
    public static JsonLog stdout(String function) {
        return new JsonLog(function, System.out);
    }

    /** Where this log's lines go (functions ask it whether Powertools Logging must wrap an invocation). */
    public LogSink sink() {
        return sink;
    }

    /** Starts a log line at the given level. */
    public Line at(String level, String message) {
        return new Line(level, message);
    }

    public Line info(String message) {
        return at("INFO", message);
    }

    public Line warn(String message) {
        return at("WARN", message);
    }

    public Line error(String message) {
        return at("ERROR", message);
    }

    /** One log line being built; {@link #log()} writes it. */
    public final class Line {
        private final Instant ts = Instant.now();
        private final String level;
        private final String message;
        private final Map<String, Object> fields = new LinkedHashMap<>();

        private Line(String level, String message) {
            this.level = level;
            this.message = message;
        }

        public Line with(String key, Object value) {
            if (value != null) {
                fields.put(key, value);
            }
            return this;
        }

        public void log() {
            sink.write(new LogEntry(ts, level, function, message, fields));
        }
    }
}
