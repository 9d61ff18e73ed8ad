package dev.propel.datagen.output;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.propel.core.event.BehaviourEvent;
import dev.propel.core.event.EventJson;
import dev.propel.datagen.simulator.Delivery;
import dev.propel.datagen.simulator.EventDelivery;
import dev.propel.datagen.simulator.InvalidDelivery;
import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.OutputStream;
import java.nio.file.Path;

/**
 * Writes events as JSON lines (the ingest format, one object per line, optionally gzip): valid events through the
 * core codec, invalid deliveries as their raw text.
 */
public final class DeliveryWriter implements Closeable {
    private static final JsonFactory FACTORY = new JsonFactory();
    private final OutputStream stream;
    private final JsonGenerator generator;
    private long lines;

    /** Writes UTF-8 JSON lines to the stream (closed with this writer). */
    public DeliveryWriter(OutputStream stream) throws IOException {
        this.stream = stream;
        this.generator = FACTORY.createGenerator(stream, JsonEncoding.UTF8);
        generator.setRootValueSeparator(null);
    }

    /** A writer to a file ({@code .gz} compresses; {@code -} is stdout). */
    public static DeliveryWriter open(Path path) throws IOException {
        return new DeliveryWriter(LineFiles.newOutputStream(path));
    }

    /** Writes one delivery as one line. */
    public void write(Delivery delivery) {
        if (delivery instanceof EventDelivery e) {
            write(e.event());
        } else {
            writeRaw(((InvalidDelivery) delivery).json());
        }
    }

    /** Writes one event as one line. */
    public void write(BehaviourEvent event) {
        try {
            EventJson.write(event, generator);
            generator.writeRaw('\n');
            lines++;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Writes a JSON object text as one line. */
    public void writeRaw(String json) {
        try {
            generator.writeRaw(json);
            generator.writeRaw('\n');
            lines++;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Lines written so far. */
    public long lines() {
        return lines;
    }

    @Override
    public void close() throws IOException {
        generator.close();
        stream.close();
    }
}
