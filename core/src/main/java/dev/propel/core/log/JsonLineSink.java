package dev.propel.core.log;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.PrintStream;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.Map;

/**
 * Writes each entry as one JSON object on one line of a stream: {@code ts}, {@code level}, {@code function},
 * {@code msg}, then the fields. Used by tests, the local stack, Spark and the command line.
 */
public final class JsonLineSink implements LogSink {
    private static final JsonFactory FACTORY = new JsonFactory();
    private final PrintStream out;

    public JsonLineSink(PrintStream out) {
        this.out = out;
    }

    @Override
    public void write(LogEntry entry) {
        StringWriter w = new StringWriter(160);
        try (JsonGenerator g = FACTORY.createGenerator(w)) {
            g.writeStartObject();
            g.writeStringField("ts", entry.ts().toString());
            g.writeStringField("level", entry.level());
            g.writeStringField("function", entry.function());
            g.writeStringField("msg", entry.message());
            for (Map.Entry<String, Object> f : entry.fields().entrySet()) {
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
