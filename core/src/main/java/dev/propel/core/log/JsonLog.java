package dev.propel.core.log;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.PrintStream;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Structured JSON-line logging for functions and tools: one object per line, with the function name and the
 * fields the caller passes. Callers pass counts, ids of requests and models, never user ids or raw payloads.
 */
public final class JsonLog {
    private static final JsonFactory FACTORY = new JsonFactory();
    private final String function;
    private final PrintStream out;

    public JsonLog(String function, PrintStream out) {
        this.function = function;
        this.out = out;
    }

    /** A logger writing to standard output, which Lambda ships to CloudWatch. */
    public static JsonLog stdout(String function) {
        return new JsonLog(function, System.out);
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
        private final Map<String, Object> fields = new LinkedHashMap<>();

        private Line(String level, String message) {
            fields.put("ts", Instant.now().toString());
            fields.put("level", level);
            fields.put("function", function);
            fields.put("msg", message);
        }

        public Line with(String key, Object value) {
            if (value != null) {
                fields.put(key, value);
            }
            return this;
        }

        public void log() {
            StringWriter w = new StringWriter(160);
            try (JsonGenerator g = FACTORY.createGenerator(w)) {
                g.writeStartObject();
                for (Map.Entry<String, Object> f : fields.entrySet()) {
                    Object v = f.getValue();
                    if (v instanceof Number n) {
                        if (v instanceof Double || v instanceof Float) {
                            g.writeNumberField(f.getKey(), n.doubleValue());
                        } else {
                            g.writeNumberField(f.getKey(), n.longValue());
                        }
                    } else if (v instanceof Boolean b) {
                        g.writeBooleanField(f.getKey(), b);
                    } else {
                        g.writeStringField(f.getKey(), String.valueOf(v));
                    }
                }
                g.writeEndObject();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            out.println(w);
        }
    }
}
