package dev.propel.testkit;

import dev.propel.core.event.BehaviourEvent;
import dev.propel.core.event.EventJson;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.zip.GZIPOutputStream;

/** Gzip JSON-lines bytes, the format of every {@code raw/} and {@code clean/} object, one line per element. */
public final class GzipJsonLines {
    private GzipJsonLines() {
    }

    /** Events as the pipeline stores them: {@link EventJson} lines, each ended by a newline. */
    public static byte[] events(List<BehaviourEvent> events) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (Writer w = new OutputStreamWriter(new GZIPOutputStream(bytes), StandardCharsets.UTF_8)) {
            for (BehaviourEvent e : events) {
                EventJson.writeTo(e, w);
                w.write('\n');
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    /** Lines of text as they are (a test's hand-written or deliberately broken lines), each ended by a newline. */
    public static byte[] lines(List<String> lines) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (Writer w = new OutputStreamWriter(new GZIPOutputStream(bytes), StandardCharsets.UTF_8)) {
            for (String line : lines) {
                w.write(line);
                w.write('\n');
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }
}
