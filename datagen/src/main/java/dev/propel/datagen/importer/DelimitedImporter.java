package dev.propel.datagen.importer;

import dev.propel.core.csv.CsvReader;
import dev.propel.core.event.BehaviourEvent;
import dev.propel.datagen.output.LineFiles;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * The common part of the CSV-like formats: reads the header, picks the row converter for it, splits each line
 * (RFC 4180 quoting, one record per line) and turns conversion failures into rejections.
 */
abstract class DelimitedImporter implements EventLogImporter {
    /** Earliest and latest timestamps accepted: anything outside is a broken value, not an old event. */
    static final Instant EARLIEST = Instant.parse("1995-01-01T00:00:00Z");
    static final Instant LATEST = Instant.parse("2100-01-01T00:00:00Z");

    /** Converts one split row into one event. */
    @FunctionalInterface
    interface RowConverter {
        BehaviourEvent convert(String[] fields, StableEventIds ids) throws BadRecordException;
    }

    /** The field separator. */
    abstract char separator();

    /** The converter for a file with this header, or an IOException naming the expected header(s). */
    abstract RowConverter converterFor(List<String> header) throws IOException;

    @Override
    public ImportReport importFile(Path file, Consumer<BehaviourEvent> sink) throws IOException {
        ImportReport.Builder report = new ImportReport.Builder(format(), file.toString());
        StableEventIds ids = new StableEventIds(format());
        try (BufferedReader in = LineFiles.newReader(file)) {
            String headerLine = in.readLine();
            if (headerLine == null) {
                return report.build();
            }
            List<String> header;
            try {
                header = normaliseHeader(split(headerLine.replace("\uFEFF", ""), separator()));
            } catch (BadRecordException e) {
                throw new IOException("unreadable header: " + e.getMessage());
            }
            RowConverter converter = converterFor(header);
            String line;
            long number = 1;
            while ((line = in.readLine()) != null) {
                number++;
                if (line.isBlank()) {
                    continue;
                }
                BehaviourEvent event;
                try {
                    String[] fields = split(line, separator());
                    if (fields.length != header.size()) {
                        throw new BadRecordException("expected " + header.size() + " fields, found " + fields.length);
                    }
                    event = converter.convert(fields, ids);
                } catch (BadRecordException e) {
                    report.rejected(number, e.getMessage());
                    continue;
                } catch (RuntimeException e) { // a value the converter did not foresee: still only this row's fault
                    report.rejected(number, "unexpected value: " + e);
                    continue;
                }
                // Outside the try: a failing sink (disk full, API down) must stop the import, not reject rows.
                sink.accept(event);
                report.imported();
            }
        }
        return report.build();
    }

    private static List<String> normaliseHeader(String[] fields) {
        List<String> out = new ArrayList<>();
        for (String f : fields) {
            out.add(f.trim());
        }
        return out;
    }

    /** Splits one line on the separator, honouring double-quoted fields with doubled quotes inside. */
    static String[] split(String line, char separator) throws BadRecordException {
        try {
            return CsvReader.parseLine(line, separator).toArray(new String[0]);
        } catch (IllegalArgumentException e) {
            throw new BadRecordException(e.getMessage());
        }
    }

    /** The field, trimmed; null when empty. */
    static String optional(String value) {
        String v = value.trim();
        return v.isEmpty() ? null : v;
    }

    /** The field, trimmed; a rejection naming the column when empty. */
    static String required(String value, String column) throws BadRecordException {
        String v = optional(value);
        if (v == null) {
            throw new BadRecordException(column + " is empty");
        }
        return v;
    }

    /** An id column: non-empty, no control characters, at most 256 characters. */
    static String id(String value, String column) throws BadRecordException {
        String v = required(value, column);
        if (v.length() > 256) {
            throw new BadRecordException(column + " is longer than 256 characters");
        }
        for (int i = 0; i < v.length(); i++) {
            if (Character.isISOControl(v.charAt(i))) {
                throw new BadRecordException(column + " contains a control character");
            }
        }
        return v;
    }

    /** An optional non-negative decimal. */
    static Double price(String value, String column) throws BadRecordException {
        String v = optional(value);
        if (v == null) {
            return null;
        }
        double d;
        try {
            d = Double.parseDouble(v);
        } catch (NumberFormatException e) {
            throw new BadRecordException(column + " is not a number: '" + v + "'");
        }
        if (!(d >= 0) || Double.isInfinite(d)) {
            throw new BadRecordException(column + " must be a non-negative number, was " + v);
        }
        return d;
    }

    /** A required whole number. */
    static long whole(String value, String column) throws BadRecordException {
        String v = required(value, column);
        try {
            return Long.parseLong(v);
        } catch (NumberFormatException e) {
            throw new BadRecordException(column + " is not a whole number: '" + v + "'");
        }
    }

    /** The instant, if within the plausible range. */
    static Instant plausible(Instant t, String column) throws BadRecordException {
        if (t.isBefore(EARLIEST) || !t.isBefore(LATEST)) {
            throw new BadRecordException(column + " is out of range: " + t);
        }
        return t;
    }

    /** The converter of a format with one fixed header, or the error that names the expected header. */
    RowConverter requireHeader(List<String> header, List<String> expected, RowConverter converter)
            throws IOException {
        if (!header.equals(expected)) {
            throw foreignHeader(format(), header, String.join(String.valueOf(separator()), expected));
        }
        return converter;
    }

    /** The header as found vs. as expected, for the error message of a foreign file. */
    static IOException foreignHeader(ImportFormat format, List<String> header, String... expected) {
        return new IOException("not a " + format.id() + " file: header is " + String.join(",", header)
                + "; expected " + String.join(" or ", expected));
    }
}
