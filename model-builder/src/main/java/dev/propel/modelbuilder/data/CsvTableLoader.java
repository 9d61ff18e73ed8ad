package dev.propel.modelbuilder.data;

import dev.propel.core.csv.CsvReader;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import java.util.Set;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Loads a CSV with a header row into a {@link Table}. Without an explicit schema it sniffs the delimiter
 * ({@code ,} {@code ;} tab {@code |}), infers each column's type in a first streaming pass (numeric, boolean
 * TRUE/FALSE/yes/no, categorical; identifier-like and constant columns ignored) and the label's two values, and
 * reads the values in a second; with a schema (dataset manifests) it reads once. Rows with a missing label are
 * dropped and counted. Bad input (ragged rows, duplicate columns, a label that is not two-valued) is an
 * {@link IllegalArgumentException} naming the line or column.
 */
public final class CsvTableLoader {
    private static final Set<String> MISSING = Set.of("", "na", "n/a", "nan", "null", "none", "?", "#n/a", "-");
    private static final Set<String> TRUE = Set.of("true", "yes", "t", "y");
    private static final Set<String> FALSE = Set.of("false", "no", "f", "n");
    private static final Pattern ID_NAME = Pattern.compile("^(?i:id|uuid|guid|index|row|.*[_ ]id)$|^.*[a-z]Id$");
    private static final int DISTINCT_CAP = 100_000;
    /** Distinct label values remembered for the error message of a label that is not binary. */
    private static final int LABEL_VALUES_CAP = 1_000;
    private static final char[] DELIMITERS = {',', ';', '\t', '|'};
    /** Rows kept by default: beyond this a seeded uniform sample (reservoir) keeps memory bounded. */
    public static final int DEFAULT_MAX_ROWS = 1_000_000;

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
     * @param delimiter   the field separator, or null to detect it from the first lines
     * @param positive    the label value that means 1 (any spelling), or null for 0/1, true/false, yes/no labels
     * @param missingTokens extra cell values meaning "missing" (case-insensitive), besides ?, NA, N/A, blank…
     * @param maxRows     rows kept at most; larger files are sampled uniformly (seeded) so memory stays bounded
     */
    public record Options(String label, Set<String> ignore, Set<String> categorical, String group, String item,
                          List<String> numeric, List<String> categoricalSchema, String key, Character delimiter,
                          String positive, Set<String> missingTokens, int maxRows) {
        public Options {
            Objects.requireNonNull(label, "label");
            ignore = ignore == null ? Set.of() : Set.copyOf(ignore);
            categorical = categorical == null ? Set.of() : Set.copyOf(categorical);
            missingTokens = missingTokens == null ? Set.of() : missingTokens.stream()
                    .map(t -> t.trim().toLowerCase(Locale.ROOT)).collect(Collectors.toUnmodifiableSet());
            if (maxRows < 1) {
                throw new IllegalArgumentException("maxRows must be positive");
            }
        }

        /** Without dialect options: detected delimiter, standard label spellings, default missing tokens. */
        public Options(String label, Set<String> ignore, Set<String> categorical, String group, String item,
                       List<String> numeric, List<String> categoricalSchema, String key) {
            this(label, ignore, categorical, group, item, numeric, categoricalSchema, key, null, null, null,
                    DEFAULT_MAX_ROWS);
        }

        /** Infer every column except the label. */
        public static Options infer(String label) {
            return new Options(label, Set.of(), Set.of(), null, null, null, null, null);
        }

        /** The same with a fixed delimiter (null = detect). */
        public Options withDelimiter(Character d) {
            return new Options(label, ignore, categorical, group, item, numeric, categoricalSchema, key, d, positive,
                    missingTokens, maxRows);
        }

        /** The same with the label value meaning 1. */
        public Options withPositive(String p) {
            return new Options(label, ignore, categorical, group, item, numeric, categoricalSchema, key, delimiter,
                    p, missingTokens, maxRows);
        }

        /** The same with extra missing-value tokens. */
        public Options withMissingTokens(Set<String> tokens) {
            return new Options(label, ignore, categorical, group, item, numeric, categoricalSchema, key, delimiter,
                    positive, tokens, maxRows);
        }

        /** The same with another row cap. */
        public Options withMaxRows(int rows) {
            return new Options(label, ignore, categorical, group, item, numeric, categoricalSchema, key, delimiter,
                    positive, missingTokens, rows);
        }

        boolean explicit() {
            return numeric != null || categoricalSchema != null;
        }

        boolean isMissing(String lower) {
            return MISSING.contains(lower) || missingTokens.contains(lower);
        }
    }

    /**
     * A loaded table.
     *
     * @param table        the rows with a label
     * @param columns      what was concluded about each source column
     * @param sha256       hex SHA-256 of the bytes read
     * @param droppedRows  rows without a label
     * @param delimiter    the field separator used
     * @param labelCoding  how label values became 1 and 0, in words (e.g. "'>50K' = 1, '<=50K' = 0")
     * @param sourceRows   labelled rows in the file (more than the table's rows when sampled)
     */
    public record Loaded(Table table, List<ColumnReport> columns, String sha256, long droppedRows, char delimiter,
                         String labelCoding, long sourceRows) {
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
     * Loads from a source that can be opened more than once (sniffing, inference, reading). Gzip is the caller's
     * business (wrap the stream).
     */
    public static Loaded load(Supplier<InputStream> source, Options options) throws IOException {
        Map<String, ColumnType> types;
        List<ColumnReport> reports = new ArrayList<>();
        String[] header;
        char delimiter = options.delimiter() != null ? options.delimiter()
                : options.explicit() ? ',' : sniffDelimiter(source);
        LabelCoding coding;
        if (options.explicit()) {
            try (InputStream in = source.get()) {
                header = header(reader(in, delimiter, 1 << 13));
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
            coding = LabelCoding.STANDARD;
        } else {
            Inference inference = infer(source, options, delimiter);
            header = inference.header;
            types = inference.types;
            reports.addAll(inference.reports);
            coding = inference.coding;
        }
        Pass2 p = read(source, header, types, options, delimiter, coding);
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
        return new Loaded(p.table, List.copyOf(reports), p.sha256, p.droppedRows, delimiter, coding.describe(),
                p.labelledRows);
    }

    private enum ColumnType { NUMERIC, BOOLEAN, CATEGORICAL }

    /**
     * How label cells become 0/1: the standard spellings (0/1, true/false, yes/no), or one named positive value
     * against the single other value.
     */
    private record LabelCoding(String positive, String negative) {
        static final LabelCoding STANDARD = new LabelCoding(null, null);

        /** 1, 0, or -1 for a missing label. */
        int parse(String v, String lower, Options options, long line) {
            if (options.isMissing(lower)) {
                return -1;
            }
            if (positive != null) {
                return v.equals(positive) ? 1 : 0;
            }
            int standard = standardLabel(lower);
            if (standard >= 0) {
                return standard;
            }
            throw new IllegalArgumentException("label column '" + options.label()
                    + "' must be 0/1, true/false or yes/no (or name the positive value with --positive); line "
                    + line + " has '" + v + "'");
        }

        /** 1 for 1/true/yes, 0 for 0/false/no, -1 for anything else. */
        static int standardLabel(String lower) {
            if (TRUE.contains(lower)) {
                return 1;
            }
            if (FALSE.contains(lower)) {
                return 0;
            }
            Double d = parseDouble(lower);
            return d != null && (d == 0.0 || d == 1.0) ? (d == 1.0 ? 1 : 0) : -1;
        }

        String describe() {
            return positive == null ? "1/true/yes = 1, 0/false/no = 0" : "'" + positive + "' = 1, '" + negative
                    + "' = 0";
        }
    }

    private record Inference(String[] header, Map<String, ColumnType> types, List<ColumnReport> reports,
                             LabelCoding coding) {
    }

    private static CsvReader reader(InputStream in, char delimiter, int buffer) {
        return new CsvReader(new InputStreamReader(new BufferedInputStream(in, buffer), StandardCharsets.UTF_8),
                delimiter);
    }

    /** The header's names, trimmed; duplicate names are refused since a column must be addressable by name. */
    private static String[] header(CsvReader reader) {
        List<String> h = reader.next();
        if (h == null || (h.size() == 1 && h.get(0).isBlank())) {
            throw new IllegalArgumentException("the CSV is empty (no header row)");
        }
        String[] names = new String[h.size()];
        Map<String, Integer> seen = new HashMap<>();
        for (int i = 0; i < names.length; i++) {
            String name = h.get(i).trim();
            if (name.isEmpty()) {
                // pandas writes its index under an empty header; name it by position so it can be --ignore'd
                name = "column_" + (i + 1);
            }
            Integer before = seen.put(name, i);
            if (before != null) {
                throw new IllegalArgumentException("column '" + name + "' appears twice in the header (columns "
                        + (before + 1) + " and " + (i + 1) + "); rename one of them");
            }
            names[i] = name;
        }
        return names;
    }

    /**
     * The separator of the first lines: among {@code , ; tab |}, the one found (outside quotes) the same non-zero
     * number of times on most lines, the most frequent such; a comma when none is.
     */
    static char sniffDelimiter(Supplier<InputStream> source) throws IOException {
        char[] buf = new char[1 << 16];
        int len = 0;
        try (InputStream in = source.get();
             Reader r = new InputStreamReader(new BufferedInputStream(in), StandardCharsets.UTF_8)) {
            int k;
            while (len < buf.length && (k = r.read(buf, len, buf.length - len)) > 0) {
                len += k;
            }
        }
        List<int[]> lines = new ArrayList<>();
        int[] counts = new int[DELIMITERS.length];
        boolean quoted = false;
        boolean any = false;
        for (int i = 0; i < len && lines.size() < 50; i++) {
            char c = buf[i];
            if (c == '"') {
                quoted = !quoted;
            } else if (!quoted && (c == '\n' || c == '\r')) {
                if (any) {
                    lines.add(counts);
                }
                counts = new int[DELIMITERS.length];
                any = false;
            } else if (!quoted) {
                any = true;
                for (int d = 0; d < DELIMITERS.length; d++) {
                    if (c == DELIMITERS[d]) {
                        counts[d]++;
                    }
                }
            }
        }
        if (any && lines.isEmpty()) {
            lines.add(counts);
        }
        if (lines.isEmpty()) {
            return ',';
        }
        int best = -1;
        int bestCount = 0;
        for (int d = 0; d < DELIMITERS.length; d++) {
            int first = lines.get(0)[d];
            if (first == 0) {
                continue;
            }
            int same = 0;
            for (int[] l : lines) {
                same += l[d] == first ? 1 : 0;
            }
            if (same >= 0.9 * lines.size() && first > bestCount) {
                best = d;
                bestCount = first;
            }
        }
        if (best < 0) {
            for (int d = 0; d < DELIMITERS.length; d++) {
                if (lines.get(0)[d] > bestCount) {
                    best = d;
                    bestCount = lines.get(0)[d];
                }
            }
        }
        return best < 0 ? ',' : DELIMITERS[best];
    }

    private static void requireFields(List<String> rec, String[] header, long line, char delimiter) {
        if (rec.size() != header.length) {
            throw new IllegalArgumentException("line " + line + " has " + rec.size() + " fields, the header has "
                    + header.length + " (delimiter " + describe(delimiter) + "; pass --delimiter if it is another)");
        }
    }

    private static String describe(char delimiter) {
        return delimiter == '\t' ? "tab" : "'" + delimiter + "'";
    }

    private static final class Stats {
        long missing;
        long present;
        long numeric;
        long bool;
        boolean capped;
        long firstTextLine = -1;
        String firstText;
        final Set<String> distinct = new HashSet<>();
    }

    private static Inference infer(Supplier<InputStream> source, Options options, char delimiter)
            throws IOException {
        try (InputStream in = source.get()) {
            CsvReader reader = reader(in, delimiter, 1 << 16);
            String[] header = header(reader);
            requireColumn(header, options.label(), "--label");
            for (String c : options.ignore()) {
                requireColumn(header, c, "--ignore");
            }
            for (String c : options.categorical()) {
                requireColumn(header, c, "--categorical");
            }
            int labelAt = List.of(header).indexOf(options.label());
            Stats[] stats = new Stats[header.length];
            for (int i = 0; i < stats.length; i++) {
                stats[i] = new Stats();
            }
            Map<String, Long> labelValues = new LinkedHashMap<>();
            List<String> rec;
            long rows = 0;
            long line = 1;
            while ((rec = reader.next()) != null) {
                line++;
                if (rec.size() == 1 && rec.get(0).isEmpty()) {
                    continue;
                }
                requireFields(rec, header, line, delimiter);
                rows++;
                for (int i = 0; i < header.length; i++) {
                    String v = rec.get(i).trim();
                    Stats s = stats[i];
                    String lower = v.toLowerCase(Locale.ROOT);
                    if (options.isMissing(lower)) {
                        s.missing++;
                        continue;
                    }
                    if (i == labelAt && labelValues.size() < LABEL_VALUES_CAP) {
                        labelValues.merge(v, 1L, Long::sum);
                    }
                    s.present++;
                    if (parseDouble(v) != null) {
                        s.numeric++;
                    } else if (s.firstText == null) {
                        s.firstText = v;
                        s.firstTextLine = line;
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
            LabelCoding coding = labelCoding(options, labelValues, rows);
            Map<String, ColumnType> types = new HashMap<>();
            List<ColumnReport> reports = new ArrayList<>();
            for (int i = 0; i < header.length; i++) {
                String name = header[i];
                Stats s = stats[i];
                long distinct = s.distinct.size();
                String dn = (s.capped ? "≥" : "") + distinct;
                if (name.equals(options.label())) {
                    reports.add(new ColumnReport(name, "label", "label", s.missing, distinct,
                            coding.describe() + (s.missing > 0 ? "; " + s.missing
                                    + " rows without a label are dropped" : "")));
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
                    note = (note.isEmpty() ? "" : note + "; ") + "warning: mixed numbers and text, "
                            + (s.present - s.numeric) + " non-numeric values (first: '" + s.firstText + "' on line "
                            + s.firstTextLine + "), treated as categorical; list such values with --na if they mean"
                            + " missing";
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
            return new Inference(header, types, reports, coding);
        }
    }

    /** Decides how the label's values map to 1/0, or says in words why they cannot. */
    private static LabelCoding labelCoding(Options options, Map<String, Long> values, long rows) {
        String label = options.label();
        if (values.isEmpty()) {
            throw new IllegalArgumentException("label column '" + label + "' is missing on all " + rows + " rows");
        }
        String listed = values.entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue().reversed())
                .limit(10).map(e -> "'" + e.getKey() + "' (" + e.getValue() + " rows)")
                .collect(Collectors.joining(", ")) + (values.size() > 10 ? ", …" : "");
        String many = values.size() >= LABEL_VALUES_CAP ? "at least " + LABEL_VALUES_CAP : "" + values.size();
        if (options.positive() != null) {
            String wanted = options.positive().trim();
            String match = values.containsKey(wanted) ? wanted : values.keySet().stream()
                    .filter(v -> v.equalsIgnoreCase(wanted)).findFirst().orElse(null);
            if (match == null) {
                throw new IllegalArgumentException("--positive '" + wanted + "' is not a value of label column '"
                        + label + "'; its values are " + listed);
            }
            if (values.size() != 2) {
                throw new IllegalArgumentException("label column '" + label + "' must have exactly two values, it"
                        + " has " + many + ": " + listed);
            }
            String other = values.keySet().stream().filter(v -> !v.equals(match)).findFirst().orElseThrow();
            return new LabelCoding(match, other);
        }
        Set<Integer> coded = new HashSet<>();
        boolean standard = true;
        for (String v : values.keySet()) {
            int c = LabelCoding.standardLabel(v.toLowerCase(Locale.ROOT));
            if (c >= 0) {
                coded.add(c);
            } else {
                standard = false;
            }
        }
        if (standard && coded.size() == 2) {
            return LabelCoding.STANDARD;
        }
        if (values.size() == 2 && !standard) {
            throw new IllegalArgumentException("label column '" + label + "' has the values " + listed
                    + "; say which one is positive with --positive VALUE");
        }
        if (values.size() < 2 || coded.size() == 1 && standard) {
            throw new IllegalArgumentException("label column '" + label + "' has a single value, " + listed
                    + ": there is nothing to learn");
        }
        throw new IllegalArgumentException("label column '" + label + "' must have exactly two values, it has "
                + many + ": " + listed);
    }

    private record Pass2(Table table, String sha256, long droppedRows, Map<String, Long> missing,
                         long labelledRows) {
    }

    private static Pass2 read(Supplier<InputStream> source, String[] header, Map<String, ColumnType> types,
                              Options options, char delimiter, LabelCoding coding) throws IOException {
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
        long labelled = 0;
        long dropped = 0;
        int max = options.maxRows();
        // Reservoir sampling: every labelled row has the same chance to be kept, whatever the file's size.
        Random reservoir = new Random(42);
        try (InputStream raw = source.get(); DigestInputStream in = new DigestInputStream(raw, sha)) {
            CsvReader reader = reader(in, delimiter, 1 << 16);
            reader.next();
            List<String> rec;
            long row = -1;
            long line = 1;
            while ((rec = reader.next()) != null) {
                line++;
                if (rec.size() == 1 && rec.get(0).isEmpty()) {
                    continue;
                }
                row++;
                if (!options.explicit()) {
                    requireFields(rec, header, line, delimiter);
                }
                String lv = labelAt < rec.size() ? rec.get(labelAt).trim() : "";
                int label = coding.parse(lv, lv.toLowerCase(Locale.ROOT), options, line);
                if (label < 0) {
                    dropped++;
                    continue;
                }
                labelled++;
                int slot;
                if (n < max) {
                    slot = n++;
                    if (slot == labels.length) {
                        labels = java.util.Arrays.copyOf(labels, slot * 2);
                        sourceRows = java.util.Arrays.copyOf(sourceRows, slot * 2);
                    }
                } else {
                    long j = reservoir.nextLong(labelled);
                    if (j >= max) {
                        continue;
                    }
                    slot = (int) j;
                }
                labels[slot] = label;
                sourceRows[slot] = row;
                for (int i = 0; i < cols; i++) {
                    if (num[i] == null && cat[i] == null) {
                        continue;
                    }
                    String v = i < rec.size() ? rec.get(i).trim() : "";
                    String lower = v.toLowerCase(Locale.ROOT);
                    boolean isMissing = options.isMissing(lower);
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
                        num[i].put(slot, d);
                    } else {
                        cat[i].put(slot, isMissing ? "" : v);
                    }
                }
            }
            while (in.read() >= 0) {
                // digest the whole file even if the reader stopped early
            }
        }
        if (n == 0) {
            throw new IllegalArgumentException("no row has a value in label column '" + options.label() + "'");
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
        return new Pass2(b.build(), HexFormat.of().formatHex(sha.digest()), dropped, missingByName, labelled);
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

        /** Appends at {@code i == size} or overwrites a kept row (reservoir sampling). */
        void put(int i, double d) {
            if (i < n) {
                v[i] = d;
                return;
            }
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

        /** Appends at {@code i == size} or overwrites a kept row (reservoir sampling). */
        void put(int i, String s) {
            String shared = interned.size() < DISTINCT_CAP ? interned.computeIfAbsent(s, k -> k) : s;
            if (i < n) {
                v[i] = shared;
                return;
            }
            if (n == v.length) {
                v = java.util.Arrays.copyOf(v, n * 2);
            }
            v[n++] = shared;
        }

        String[] toArray() {
            return java.util.Arrays.copyOf(v, n);
        }
    }
}
