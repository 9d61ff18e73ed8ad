package dev.propel.modelbuilder.data;

import dev.propel.core.csv.CsvReader;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * Loads a CSV with a header row into a {@link Table}. Without an explicit schema it infers each column's type in a
 * first pass (numeric, boolean TRUE/FALSE/yes/no, categorical; identifier-like and constant columns ignored) and
 * reads the values in a second; with a schema (dataset manifests) it reads once. The label may be 0/1, true/false
 * or yes/no; rows with a missing label are dropped and counted.
 */
public final class CsvTableLoader {
    private static final Set<String> MISSING = Set.of("", "na", "n/a", "nan", "null", "none", "?", "#n/a", "-");
    private static final Set<String> TRUE = Set.of("true", "yes", "t", "y");
    private static final Set<String> FALSE = Set.of("false", "no", "f", "n");
    private static final Pattern ID_NAME = Pattern.compile("^(?i:id|uuid|guid|index|row|.*[_ ]id)$|^.*[a-z]Id$");
    private static final int DISTINCT_CAP = 100_000;

    /**
     * What to read.
     *
     * @param label       the label column
     * @param ignore      columns never used as features
     * @param categorical columns forced to categorical (e.g. numeric codes)
     * @param group       column grouping rows per session (ranking metrics), or null
     * @param item        column naming each row's item (popularity baseline), or null
     * @param numeric     explicit numeric feature columns (with {@code categoricalSchema}: no inference), or null
     * @param categoricalSchema explicit categorical feature columns, or null
     * @param key         column identifying the entity of each row (kept whole by splits), or null
     */
    public record Options(String label, Set<String> ignore, Set<String> categorical, String group, String item,
                          List<String> numeric, List<String> categoricalSchema, String key) {
        public Options {
            Objects.requireNonNull(label, "label");
            ignore = ignore == null ? Set.of() : Set.copyOf(ignore);
            categorical = categorical == null ? Set.of() : Set.copyOf(categorical);
        }

        /** Infer every column except the label. */
        public static Options infer(String label) {
            return new Options(label, Set.of(), Set.of(), null, null, null, null, null);
        }

        boolean explicit() {
            return numeric != null || categoricalSchema != null;
        }
    }

    /**
     * A loaded table.
     *
     * @param table        the rows with a label
     * @param columns      what was concluded about each source column
     * @param sha256       hex SHA-256 of the bytes read
     * @param droppedRows  rows without a label
     */
    public record Loaded(Table table, List<ColumnReport> columns, String sha256, long droppedRows) {
        public List<Map<String, Object>> columnMaps() {
            return columns.stream().map(ColumnReport::toMap).toList();
        }
    }

    private CsvTableLoader() {
    }

    /** Loads a local file, inferring types unless the options carry a schema. */
    public static Loaded load(Path file, Options options) throws IOException {
        return load(() -> {
            try {
                return Files.newInputStream(file);
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }, options);
    }

    /**
     * Loads from a source that can be opened once (explicit schema) or twice (inference). Gzip is the caller's
     * business (wrap the stream).
     */
    public static Loaded load(Supplier<InputStream> source, Options options) throws IOException {
        Map<String, ColumnType> types;
        List<ColumnReport> reports = new ArrayList<>();
        String[] header;
        String hash;
        if (options.explicit()) {
            try (InputStream in = source.get()) {
                header = header(in);
            }
            types = new HashMap<>();
            if (options.numeric() != null) {
                options.numeric().forEach(c -> types.put(c, ColumnType.NUMERIC));
            }
            if (options.categoricalSchema() != null) {
                options.categoricalSchema().forEach(c -> types.put(c, ColumnType.CATEGORICAL));
            }
            for (String c : types.keySet()) {
                if (!List.of(header).contains(c)) {
                    throw new IllegalArgumentException("column '" + c + "' of the schema is not in the header");
                }
            }
        } else {
            Inference inference = infer(source, options);
            header = inference.header;
            types = inference.types;
            reports.addAll(inference.reports);
        }
        Pass2 p = read(source, header, types, options);
        hash = p.sha256;
        if (options.explicit()) {
            for (String name : header) {
                ColumnType t = types.get(name);
                String role = name.equals(options.label()) ? "label" : name.equals(options.group()) ? "group"
                        : name.equals(options.item()) ? "item" : name.equals(options.key()) ? "key"
                        : t == null ? "ignored" : "feature";
                reports.add(new ColumnReport(name, t == null ? (role.equals("label") ? "label" : "id")
                        : t.name().toLowerCase(Locale.ROOT), role, p.missing.getOrDefault(name, 0L), -1,
                        t == null ? "not in the dataset schema's features" : "from the dataset schema"));
            }
        }
        return new Loaded(p.table, List.copyOf(reports), hash, p.droppedRows);
    }

    private enum ColumnType { NUMERIC, BOOLEAN, CATEGORICAL }

    private record Inference(String[] header, Map<String, ColumnType> types, List<ColumnReport> reports) {
    }

    private static String[] header(InputStream in) throws IOException {
        CsvReader reader = new CsvReader(new InputStreamReader(new BufferedInputStream(in), StandardCharsets.UTF_8));
        List<String> h = reader.next();
        if (h == null) {
            throw new IllegalArgumentException("the CSV is empty (no header row)");
        }
        return h.stream().map(String::trim).toArray(String[]::new);
    }

    private static final class Stats {
        long missing;
        long present;
        long numeric;
        long bool;
        boolean capped;
        final Set<String> distinct = new HashSet<>();
    }

    private static Inference infer(Supplier<InputStream> source, Options options) throws IOException {
        try (InputStream in = source.get()) {
            CsvReader reader = new CsvReader(new InputStreamReader(new BufferedInputStream(in, 1 << 16),
                    StandardCharsets.UTF_8));
            List<String> h = reader.next();
            if (h == null) {
                throw new IllegalArgumentException("the CSV is empty (no header row)");
            }
            String[] header = h.stream().map(String::trim).toArray(String[]::new);
            requireColumn(header, options.label(), "--label");
            Stats[] stats = new Stats[header.length];
            for (int i = 0; i < stats.length; i++) {
                stats[i] = new Stats();
            }
            List<String> rec;
            long rows = 0;
            while ((rec = reader.next()) != null) {
                if (rec.size() == 1 && rec.get(0).isEmpty()) {
                    continue;
                }
                rows++;
                for (int i = 0; i < header.length; i++) {
                    String v = i < rec.size() ? rec.get(i).trim() : "";
                    Stats s = stats[i];
                    String lower = v.toLowerCase(Locale.ROOT);
                    if (MISSING.contains(lower)) {
                        s.missing++;
                        continue;
                    }
                    s.present++;
                    if (parseDouble(v) != null) {
                        s.numeric++;
                    }
                    if (TRUE.contains(lower) || FALSE.contains(lower)) {
                        s.bool++;
                    }
                    if (!s.capped) {
                        s.distinct.add(v);
                        if (s.distinct.size() >= DISTINCT_CAP) {
                            s.capped = true;
                        }
                    }
                }
            }
            if (rows == 0) {
                throw new IllegalArgumentException("the CSV has a header but no rows");
            }
            Map<String, ColumnType> types = new HashMap<>();
            List<ColumnReport> reports = new ArrayList<>();
            for (int i = 0; i < header.length; i++) {
                String name = header[i];
                Stats s = stats[i];
                long distinct = s.distinct.size();
                String dn = (s.capped ? "≥" : "") + distinct;
                if (name.equals(options.label())) {
                    reports.add(new ColumnReport(name, "label", "label", s.missing, distinct,
                            s.missing > 0 ? s.missing + " rows without a label are dropped" : ""));
                    continue;
                }
                if (name.equals(options.group()) || name.equals(options.item()) || name.equals(options.key())) {
                    reports.add(new ColumnReport(name, "categorical", name.equals(options.group()) ? "group"
                            : name.equals(options.item()) ? "item" : "key",
                            s.missing, distinct, "identifies rows, not a feature"));
                    continue;
                }
                ColumnType type;
                String kind;
                if (s.present > 0 && s.bool == s.present) {
                    type = ColumnType.BOOLEAN;
                    kind = "boolean";
                } else if (s.present > 0 && s.numeric == s.present && !options.categorical().contains(name)) {
                    type = ColumnType.NUMERIC;
                    kind = "numeric";
                } else {
                    type = ColumnType.CATEGORICAL;
                    kind = "categorical";
                }
                String role = "feature";
                String note = s.missing > 0 ? s.missing + " missing" : "";
                if (options.ignore().contains(name)) {
                    role = "ignored";
                    note = "ignored on request";
                } else if (distinct <= 1) {
                    role = "ignored";
                    note = "constant (" + dn + " distinct value)";
                } else if (type == ColumnType.CATEGORICAL && !options.categorical().contains(name)
                        && distinct > 50 && (distinct > 0.5 * s.present || s.capped)) {
                    role = "ignored";
                    note = "identifier-like: " + dn + " distinct values in " + s.present + " rows";
                } else if (type == ColumnType.NUMERIC && ID_NAME.matcher(name).matches()
                        && distinct >= 0.95 * s.present) {
                    role = "ignored";
                    note = "identifier-like name with unique values";
                } else if (type == ColumnType.CATEGORICAL && s.numeric > 0 && s.numeric >= 0.9 * s.present
                        && !options.categorical().contains(name)) {
                    note = (note.isEmpty() ? "" : note + "; ") + (s.present - s.numeric)
                            + " non-numeric values, treated as categorical";
                }
                reports.add(new ColumnReport(name, kind, role, s.missing, distinct, note));
                if (role.equals("feature")) {
                    types.put(name, type);
                }
            }
            if (types.isEmpty()) {
                throw new IllegalArgumentException("no usable feature columns besides the label '"
                        + options.label() + "'");
            }
            return new Inference(header, types, reports);
        }
    }

    private record Pass2(Table table, String sha256, long droppedRows, Map<String, Long> missing) {
    }

    private static Pass2 read(Supplier<InputStream> source, String[] header, Map<String, ColumnType> types,
                              Options options) throws IOException {
        requireColumn(header, options.label(), "--label");
        if (options.group() != null) {
            requireColumn(header, options.group(), "group");
        }
        if (options.item() != null) {
            requireColumn(header, options.item(), "item");
        }
        MessageDigest sha;
        try {
            sha = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        int labelAt = List.of(header).indexOf(options.label());
        int groupAt = options.group() == null ? -1 : List.of(header).indexOf(options.group());
        int itemAt = options.item() == null ? -1 : List.of(header).indexOf(options.item());
        if (options.key() != null) {
            requireColumn(header, options.key(), "key");
        }
        int keyAt = options.key() == null ? -1 : List.of(header).indexOf(options.key());
        int cols = header.length;
        DoubleColumn[] num = new DoubleColumn[cols];
        StringColumn[] cat = new StringColumn[cols];
        for (int i = 0; i < cols; i++) {
            ColumnType t = types.get(header[i]);
            if (t == ColumnType.NUMERIC || t == ColumnType.BOOLEAN) {
                num[i] = new DoubleColumn();
            } else if (t == ColumnType.CATEGORICAL || i == groupAt || i == itemAt || i == keyAt) {
                cat[i] = new StringColumn();
            }
        }
        long[] missing = new long[cols];
        int[] labels = new int[1024];
        long[] sourceRows = new long[1024];
        int n = 0;
        long dropped = 0;
        try (InputStream raw = source.get(); DigestInputStream in = new DigestInputStream(raw, sha)) {
            CsvReader reader = new CsvReader(new InputStreamReader(new BufferedInputStream(in, 1 << 16),
                    StandardCharsets.UTF_8));
            reader.next();
            List<String> rec;
            long row = -1;
            while ((rec = reader.next()) != null) {
                if (rec.size() == 1 && rec.get(0).isEmpty()) {
                    continue;
                }
                row++;
                String lv = labelAt < rec.size() ? rec.get(labelAt).trim() : "";
                int label = parseLabel(lv, row, options.label());
                if (label < 0) {
                    dropped++;
                    continue;
                }
                if (n == labels.length) {
                    labels = java.util.Arrays.copyOf(labels, n * 2);
                    sourceRows = java.util.Arrays.copyOf(sourceRows, n * 2);
                }
                labels[n] = label;
                sourceRows[n] = row;
                n++;
                for (int i = 0; i < cols; i++) {
                    if (num[i] == null && cat[i] == null) {
                        continue;
                    }
                    String v = i < rec.size() ? rec.get(i).trim() : "";
                    String lower = v.toLowerCase(Locale.ROOT);
                    boolean isMissing = MISSING.contains(lower);
                    if (isMissing) {
                        missing[i]++;
                    }
                    if (num[i] != null) {
                        double d;
                        if (isMissing) {
                            d = Double.NaN;
                        } else if (TRUE.contains(lower)) {
                            d = 1;
                        } else if (FALSE.contains(lower)) {
                            d = 0;
                        } else {
                            Double parsed = parseDouble(v);
                            d = parsed == null ? Double.NaN : parsed;
                        }
                        num[i].add(d);
                    } else {
                        cat[i].add(isMissing ? "" : v);
                    }
                }
            }
            while (in.read() >= 0) {
                // digest the whole file even if the reader stopped early
            }
        }
        Table.Builder b = Table.builder();
        Map<String, Long> missingByName = new HashMap<>();
        for (int i = 0; i < cols; i++) {
            missingByName.put(header[i], missing[i]);
            if (i == groupAt || i == itemAt || i == keyAt) {
                continue;
            }
            if (num[i] != null) {
                b.numeric(header[i], num[i].toArray());
            } else if (cat[i] != null) {
                b.categorical(header[i], cat[i].toArray());
            }
        }
        if (groupAt >= 0) {
            b.groups(cat[groupAt].toArray());
        }
        if (itemAt >= 0) {
            b.items(cat[itemAt].toArray());
        }
        if (keyAt >= 0) {
            b.keys(cat[keyAt].toArray());
        }
        b.labels(java.util.Arrays.copyOf(labels, n)).sourceRows(java.util.Arrays.copyOf(sourceRows, n));
        return new Pass2(b.build(), HexFormat.of().formatHex(sha.digest()), dropped, missingByName);
    }

    private static int parseLabel(String v, long row, String name) {
        String lower = v.toLowerCase(Locale.ROOT);
        if (MISSING.contains(lower)) {
            return -1;
        }
        if (TRUE.contains(lower)) {
            return 1;
        }
        if (FALSE.contains(lower)) {
            return 0;
        }
        Double d = parseDouble(v);
        if (d != null && (d == 0.0 || d == 1.0)) {
            return d == 1.0 ? 1 : 0;
        }
        throw new IllegalArgumentException("label column '" + name + "' must be 0/1, true/false or yes/no; row "
                + row + " has '" + v + "'");
    }

    private static Double parseDouble(String v) {
        if (v.isEmpty()) {
            return null;
        }
        char c = v.charAt(0);
        if (!(c >= '0' && c <= '9') && c != '-' && c != '+' && c != '.') {
            return null;
        }
        try {
            double d = Double.parseDouble(v);
            return Double.isFinite(d) ? d : null;
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static void requireColumn(String[] header, String name, String what) {
        if (!List.of(header).contains(name)) {
            throw new IllegalArgumentException(what + " column '" + name + "' is not in the header "
                    + List.of(header));
        }
    }

    private static final class DoubleColumn {
        private double[] v = new double[1024];
        private int n;

        void add(double d) {
            if (n == v.length) {
                v = java.util.Arrays.copyOf(v, n * 2);
            }
            v[n++] = d;
        }

        double[] toArray() {
            return java.util.Arrays.copyOf(v, n);
        }
    }

    /** Strings with repeated values shared, so low-cardinality columns cost one reference per row. */
    private static final class StringColumn {
        private String[] v = new String[1024];
        private int n;
        private final Map<String, String> interned = new HashMap<>();

        void add(String s) {
            if (n == v.length) {
                v = java.util.Arrays.copyOf(v, n * 2);
            }
            String shared = interned.size() < DISTINCT_CAP ? interned.computeIfAbsent(s, k -> k) : s;
            v[n++] = shared;
        }

        String[] toArray() {
            return java.util.Arrays.copyOf(v, n);
        }
    }
}
