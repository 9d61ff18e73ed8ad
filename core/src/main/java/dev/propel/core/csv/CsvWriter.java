package dev.propel.core.csv;

import com.fasterxml.jackson.dataformat.csv.CsvFactory;
import com.fasterxml.jackson.dataformat.csv.CsvGenerator;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.util.List;

/**
 * Writes RFC 4180 CSV ({@code \n} records, double-quote quoting only where needed) for the dataset and stats
 * tables, on Jackson's streaming CSV generator. Numbers are written in their shortest form; a NaN number is an
 * empty cell, which the table contracts read as a missing value.
 */
public final class CsvWriter implements AutoCloseable {
    private static final CsvFactory FACTORY = new CsvFactory();
    private final CsvGenerator out;
    private boolean inRecord;

    public CsvWriter(Writer out) {
        try {
            this.out = FACTORY.createGenerator(out);
            // without a schema, each record is written as one array; quote only what needs it
            this.out.enable(CsvGenerator.Feature.STRICT_CHECK_FOR_QUOTING);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Writes a whole record of string fields (null = empty cell). */
    public void record(List<String> fields) {
        for (String f : fields) {
            field(f);
        }
        endRecord();
    }

    /** Appends a string field to the current record (null = empty cell). */
    public CsvWriter field(String value) {
        try {
            startRecord();
            if (value == null) {
                out.writeString("");
            } else {
                out.writeString(value);
            }
            return this;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Appends a number; NaN becomes an empty cell, integral values are written without a fraction. */
    public CsvWriter field(double value) {
        try {
            startRecord();
            if (Double.isNaN(value)) {
                out.writeString("");
            } else {
                out.writeNumber(formatNumber(value));
            }
            return this;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Appends an integer field. */
    public CsvWriter field(long value) {
        try {
            startRecord();
            out.writeNumber(value);
            return this;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Ends the current record. */
    public void endRecord() {
        try {
            startRecord();
            out.writeEndArray();
            inRecord = false;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The text a number is written as: integral values without a fraction, else the shortest float form. */
    public static String formatNumber(double v) {
        if (v == Math.rint(v) && Math.abs(v) < 1e15) {
            return Long.toString((long) v);
        }
        // float precision is what the model consumes; the shortest float text keeps files small
        float f = (float) v;
        return Float.isFinite(f) ? Float.toString(f) : Double.toString(v);
    }

    private void startRecord() throws IOException {
        if (!inRecord) {
            out.writeStartArray();
            inRecord = true;
        }
    }

    /** Hands the buffered text to the underlying writer and flushes it. */
    public void flush() {
        try {
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        try {
            out.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
