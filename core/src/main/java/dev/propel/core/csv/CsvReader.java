package dev.propel.core.csv;

import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.dataformat.csv.CsvFactory;
import com.fasterxml.jackson.dataformat.csv.CsvParser;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads RFC 4180 CSV records (quoted fields with doubled quotes, embedded newlines, {@code \n} or {@code \r\n}
 * record ends) one at a time, with Jackson's streaming CSV parser; used for the dataset and stats tables.
 */
public final class CsvReader implements AutoCloseable {
    // the caller owns the stream: reaching the end of the data must not close it (close() does)
    private static final CsvFactory FACTORY =
            CsvFactory.builder().disable(com.fasterxml.jackson.core.StreamReadFeature.AUTO_CLOSE_SOURCE).build();
    private final Reader source;
    private final CsvParser parser;

    public CsvReader(Reader in) {
        this(in, ',');
    }

    /** A reader of records whose fields are separated by {@code separator} (e.g. {@code ';'}). */
    public CsvReader(Reader in, char separator) {
        try {
            // without a schema every record is an array of strings: the tables' headers are read as data
            source = withoutByteOrderMark(in);
            parser = FACTORY.createParser(source);
            parser.setSchema(CsvSchema.emptySchema().withColumnSeparator(separator));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The next record's fields (empty cells as empty strings), or null at end of input.
     *
     * @throws IllegalArgumentException when the text is not well-formed CSV (e.g. an unterminated quote)
     */
    public List<String> next() {
        try {
            JsonToken t = parser.nextToken();
            if (t == null) {
                return null;
            }
            if (t != JsonToken.START_ARRAY) {
                throw new IllegalArgumentException("unexpected CSV token " + t);
            }
            List<String> fields = new ArrayList<>();
            while ((t = parser.nextToken()) != JsonToken.END_ARRAY) {
                if (t == null) {
                    throw new IllegalArgumentException("CSV record ended early");
                }
                fields.add(parser.getText());
            }
            return fields;
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalArgumentException("malformed CSV: " + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The fields of one line of text (a record without embedded newlines), for readers that count lines
     * themselves to report bad rows by line number.
     *
     * @throws IllegalArgumentException when the line is not well-formed CSV (e.g. an unterminated quote)
     */
    public static List<String> parseLine(String line, char separator) {
        try (CsvReader r = new CsvReader(new java.io.StringReader(line), separator)) {
            List<String> fields = r.next();
            return fields == null ? List.of("") : fields;
        }
    }

    /** Spreadsheet exports often start with a UTF-8 byte order mark, which is not part of the first header. */
    private static Reader withoutByteOrderMark(Reader in) throws IOException {
        Reader r = in.markSupported() ? in : new BufferedReader(in, 1 << 16);
        r.mark(1);
        if (r.read() != '\uFEFF') {
            r.reset();
        }
        return r;
    }

    @Override
    public void close() {
        try (Reader r = source) {
            parser.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
