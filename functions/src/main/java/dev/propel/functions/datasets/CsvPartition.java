package dev.propel.functions.datasets;

import dev.propel.core.csv.CsvWriter;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.zip.Deflater;
import java.util.zip.GZIPOutputStream;

/**
 * One table partition being written in memory as gzip CSV with a header row, counting its data rows. Java's gzip
 * header carries no timestamp, so the same rows always give the same bytes (reruns rewrite identical objects).
 */
public final class CsvPartition {
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream(1 << 16);
    private final CsvWriter csv;
    private final List<String> columns;
    private long rows;

    public CsvPartition(List<String> columns) {
        this.columns = List.copyOf(columns);
        try {
            csv = new CsvWriter(new OutputStreamWriter(gzip(bytes), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        csv.record(this.columns);
    }

    /**
     * A gzip stream at the fastest deflate level: the tables are written every hour and read a few times, and
     * level 1 halves the stage's compute for files about a fifth larger than the default level's.
     */
    public static GZIPOutputStream gzip(OutputStream out) throws IOException {
        return new GZIPOutputStream(out, 1 << 16) {
            {
                def.setLevel(Deflater.BEST_SPEED);
            }
        };
    }

    /** The writer positioned at the start of a new row; call {@link #endRow()} after its fields. */
    public CsvWriter row() {
        return csv;
    }

    /** Ends the row the fields were written to. */
    public void endRow() {
        csv.endRecord();
        rows++;
    }

    public List<String> columns() {
        return columns;
    }

    public long rows() {
        return rows;
    }

    /** Finishes the gzip stream and returns the object's bytes. */
    public byte[] finish() {
        csv.close();
        return bytes.toByteArray();
    }
}
