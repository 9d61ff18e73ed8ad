package dev.propel.functions.report;

import dev.propel.core.csv.CsvReader;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Streams the rows of a stats table (uncompressed CSV with a header), giving fields by column name. Reading is
 * lenient on purpose: a report must show what it can, so a missing column or an unparsable number reads as 0
 * (or empty text) instead of failing the page.
 */
final class CsvRows {
    private CsvRows() {
    }

    /** One data row, with its table's header. */
    record Row(Map<String, Integer> index, List<String> fields) {
        String text(String column) {
            Integer i = index.get(column);
            return i == null || i >= fields.size() ? "" : fields.get(i);
        }

        long count(String column) {
            String t = text(column).trim();
            if (t.isEmpty()) {
                return 0;
            }
            try {
                return Long.parseLong(t);
            } catch (NumberFormatException e) {
                double d = number(column);
                return (long) d;
            }
        }

        /** A stored rate: NaN when the cell is empty (the datasets stage leaves it empty when undefined). */
        double rate(String column) {
            String t = text(column).trim();
            try {
                double d = t.isEmpty() ? Double.NaN : Double.parseDouble(t);
                return Double.isFinite(d) ? d : Double.NaN;
            } catch (NumberFormatException e) {
                return Double.NaN;
            }
        }

        double number(String column) {
            String t = text(column).trim();
            if (t.isEmpty()) {
                return 0;
            }
            try {
                double d = Double.parseDouble(t);
                return Double.isFinite(d) ? d : 0;
            } catch (NumberFormatException e) {
                return 0;
            }
        }
    }

    /** Calls {@code each} for every data row; an empty stream has no rows. */
    static void read(InputStream csv, Consumer<Row> each) {
        try (CsvReader r = new CsvReader(new BufferedReader(new InputStreamReader(csv, StandardCharsets.UTF_8),
                1 << 16))) {
            List<String> header = r.next();
            if (header == null) {
                return;
            }
            Map<String, Integer> index = new HashMap<>();
            for (int i = 0; i < header.size(); i++) {
                index.putIfAbsent(header.get(i).trim(), i);
            }
            for (List<String> f = r.next(); f != null; f = r.next()) {
                if (f.size() == 1 && f.get(0).isEmpty()) {
                    continue;
                }
                each.accept(new Row(index, f));
            }
        }
    }
}
