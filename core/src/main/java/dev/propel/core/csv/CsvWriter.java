package dev.propel.core.csv;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.util.List;

/**
 * Writes RFC 4180 CSV (comma, CRLF-free {@code \n} records, double-quote quoting only where needed) for the
 * dataset and stats tables. Numbers are written in their shortest form; a NaN number is an empty cell, which the
 * table contracts read as a missing value.
 */
public final class CsvWriter implements AutoCloseable {
    private final Writer out;
    private boolean firstField = true;

    public CsvWriter(Writer out) {
        this.out = out;
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
            separator();
            if (value != null) {
                if (needsQuotes(value)) {
                    out.write('"');
                    out.write(value.replace("\"", "\"\""));
                    out.write('"');
                } else {
                    out.write(value);
                }
            }
            return this;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Appends a number; NaN becomes an empty cell, integral values are written without a fraction. */
    public CsvWriter field(double value) {
        try {
            separator();
            if (!Double.isNaN(value)) {
                out.write(formatNumber(value));
            }
            return this;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Appends an integer field. */
    public CsvWriter field(long value) {
        try {
            separator();
            out.write(Long.toString(value));
            return this;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Ends the current record. */
    public void endRecord() {
        try {
            out.write('\n');
            firstField = true;
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

    private void separator() throws IOException {
        if (!firstField) {
            out.write(',');
        }
        firstField = false;
    }

    private static boolean needsQuotes(String v) {
        for (int i = 0; i < v.length(); i++) {
            char c = v.charAt(i);
            if (c == ',' || c == '"' || c == '\n' || c == '\r') {
                return true;
            }
        }
        return false;
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
