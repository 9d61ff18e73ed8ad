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
    // own buffer: one Writer call per 8 KiB instead of one synchronised call per field
    private final char[] buf = new char[8192];
    private int pos;
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
                    put('"');
                    put(value.replace("\"", "\"\""));
                    put('"');
                } else {
                    put(value);
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
            if (Double.isNaN(value)) {
                return this;
            }
            if (value == Math.rint(value) && Math.abs(value) < 1e15) {
                putLong((long) value);
            } else {
                put(formatNumber(value));
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
            putLong(value);
            return this;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Ends the current record. */
    public void endRecord() {
        try {
            put('\n');
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
            put(',');
        }
        firstField = false;
    }

    private void put(char c) throws IOException {
        if (pos == buf.length) {
            flushBuffer();
        }
        buf[pos++] = c;
    }

    private void put(String s) throws IOException {
        int len = s.length();
        if (len > buf.length - pos) {
            flushBuffer();
            if (len > buf.length) {
                out.write(s);
                return;
            }
        }
        s.getChars(0, len, buf, pos);
        pos += len;
    }

    private void putLong(long v) throws IOException {
        if (v < 0) {
            if (v == Long.MIN_VALUE) {
                put(Long.toString(v));
                return;
            }
            put('-');
            v = -v;
        }
        if (buf.length - pos < 20) {
            flushBuffer();
        }
        int start = pos;
        do {
            buf[pos++] = (char) ('0' + (v % 10));
            v /= 10;
        } while (v != 0);
        for (int i = start, j = pos - 1; i < j; i++, j--) {
            char t = buf[i];
            buf[i] = buf[j];
            buf[j] = t;
        }
    }

    private void flushBuffer() throws IOException {
        out.write(buf, 0, pos);
        pos = 0;
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

    /** Hands the buffered text to the underlying writer and flushes it. */
    public void flush() {
        try {
            flushBuffer();
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        try {
            flushBuffer();
            out.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
