package dev.propel.core.sessions;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import dev.propel.core.layout.S3Layout;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;
import java.util.zip.Deflater;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

/**
 * The sessions dataset, {@code datasets/sessions/dt=YYYY-MM-DD/part-00000.jsonl.gz} (plus {@code _manifest.json}):
 * one {@link SessionLine} per session of the day that touched an item, ordered by start time. Recall and the
 * reranker are built from it, so the hourly build never re-reads raw events for them.
 */
public final class SessionsDataset {
    /** The table's name under {@code datasets/}. */
    public static final String TABLE = "sessions";
    /** The one part of each day. */
    public static final String PART = "part-00000.jsonl.gz";
    /** The day's manifest, written after the part. */
    public static final String MANIFEST = S3Layout.PARTITION_MANIFEST;
    /** Version of the line format; readers ignore fields they do not know. */
    public static final int FORMAT_VERSION = 1;
    /** The fields of a line, in the order written. */
    public static final List<String> FIELDS = List.of("session", "start", "items", "actions");

    private static final JsonFactory JSON = new JsonFactory();

    private SessionsDataset() {
    }

    /** {@code datasets/sessions/}. */
    public static String prefix() {
        return S3Layout.datasetPrefix(TABLE);
    }

    /** The part of one day. */
    public static String partKey(LocalDate day) {
        return S3Layout.datasetPrefix(TABLE, day) + PART;
    }

    /** The manifest of one day. */
    public static String manifestKey(LocalDate day) {
        return S3Layout.datasetPrefix(TABLE, day) + MANIFEST;
    }

    /**
     * The gzip JSON-lines bytes of the lines in the order given. Java's gzip header carries no time, so the same
     * lines always give the same bytes (rebuilding a day rewrites an identical object).
     */
    public static byte[] encode(List<SessionLine> lines) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(1 << 16);
        try (Writer w = new OutputStreamWriter(fastGzip(bytes), StandardCharsets.UTF_8);
                JsonGenerator g = JSON.createGenerator(w)) {
            // one object per line: the generator must not close the writer between lines
            g.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
            g.setRootValueSeparator(null);
            for (SessionLine l : lines) {
                l.writeTo(g);
                g.flush();
                w.write('\n');
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    /**
     * Decodes a part into {@code sink}, in order. One parser streams the whole part (no line-by-line text copies:
     * recall reads millions of lines every hour).
     *
     * @param name   what the bytes are (for messages)
     * @param skip   session lines to pass over first (not handed on)
     * @param intern maps each item id to the instance to keep
     * @return lines handed to the sink
     * @throws IllegalArgumentException naming the object and line when a line is not a session line
     */
    public static int decode(byte[] gzip, String name, int skip, UnaryOperator<String> intern,
            Consumer<SessionLine> sink) {
        int n = 0;
        int seen = 0;
        JsonParser p = null;
        try (InputStream in = gunzip(gzip)) {
            p = JSON.createParser(in);
            for (JsonToken t = p.nextToken(); t != null; t = p.nextToken()) {
                if (++seen <= skip) {
                    p.skipChildren();
                    continue;
                }
                sink.accept(SessionLine.read(p, intern));
                n++;
            }
        } catch (IllegalArgumentException | JsonProcessingException e) {
            throw new IllegalArgumentException(name + " line " + (p == null ? 0 : p.currentLocation().getLineNr())
                    + ": " + e.getMessage(), e);
        } catch (IOException e) {
            throw new IllegalArgumentException(name + " is not a readable gzip file: " + e.getMessage(), e);
        } finally {
            closeQuietly(p);
        }
        return n;
    }

    /** Session lines in a part, counted as non-blank lines without parsing them (sizes a window cheaply). */
    public static int countLines(byte[] gzip, String name) {
        int n = 0;
        boolean blank = true;
        byte[] buf = new byte[1 << 16];
        try (InputStream in = gunzip(gzip)) {
            for (int r = in.read(buf); r >= 0; r = in.read(buf)) {
                for (int i = 0; i < r; i++) {
                    byte b = buf[i];
                    if (b == '\n') {
                        n += blank ? 0 : 1;
                        blank = true;
                    } else if (b != ' ' && b != '\t' && b != '\r') {
                        blank = false;
                    }
                }
            }
        } catch (IOException e) {
            throw new IllegalArgumentException(name + " is not a readable gzip file: " + e.getMessage(), e);
        }
        return n + (blank ? 0 : 1);
    }

    private static InputStream gunzip(byte[] gzip) throws IOException {
        return new GZIPInputStream(new ByteArrayInputStream(gzip), 1 << 16);
    }

    private static void closeQuietly(JsonParser p) {
        if (p != null) {
            try {
                p.close();
            } catch (IOException ignored) {
                // reading is over; the bytes are in memory
            }
        }
    }

    /** Gzip at the fastest level, as the other tables: written every hour, read a few times. */
    private static GZIPOutputStream fastGzip(ByteArrayOutputStream out) throws IOException {
        return new GZIPOutputStream(out, 1 << 16) {
            {
                def.setLevel(Deflater.BEST_SPEED);
            }
        };
    }
}
