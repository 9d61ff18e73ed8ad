package dev.propel.core.csv;

import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.dataformat.csv.CsvFactory;
import com.fasterxml.jackson.dataformat.csv.CsvParser;
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
    private static final CsvFactory FACTORY = new CsvFactory();
    private final CsvParser parser;

    public CsvReader(Reader in) {
        try {
            // without a schema every record is an array of strings: the tables' headers are read as data
            parser = FACTORY.createParser(in);
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

    @Override
    public void close() {
        try {
            parser.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
