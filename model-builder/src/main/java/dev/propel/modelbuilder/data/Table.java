package dev.propel.modelbuilder.data;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * An in-memory training table: named numeric columns (NaN = missing), named categorical columns (null or empty =
 * missing), a 0/1 label, optionally a group column (the session of a ranking row) and each row's index in its
 * source file.
 */
public final class Table {
    private final Map<String, double[]> numeric;
    private final Map<String, String[]> categorical;
    private final int[] labels;
    private final String[] groups;
    private final String[] items;
    private final String[] keys;
    private final long[] sourceRows;

    private Table(Map<String, double[]> numeric, Map<String, String[]> categorical, int[] labels, String[] groups,
                  String[] items, String[] keys, long[] sourceRows) {
        this.numeric = numeric;
        this.categorical = categorical;
        this.labels = labels;
        this.groups = groups;
        this.items = items;
        this.keys = keys;
        this.sourceRows = sourceRows;
    }

    /** Starts a table. */
    public static Builder builder() {
        return new Builder();
    }

    public int rows() {
        return labels.length;
    }

    public List<String> numericNames() {
        return List.copyOf(numeric.keySet());
    }

    public List<String> categoricalNames() {
        return List.copyOf(categorical.keySet());
    }

    public double[] numeric(String name) {
        double[] c = numeric.get(name);
        if (c == null) {
            throw new IllegalArgumentException("no numeric column " + name);
        }
        return c;
    }

    public String[] categorical(String name) {
        String[] c = categorical.get(name);
        if (c == null) {
            throw new IllegalArgumentException("no categorical column " + name);
        }
        return c;
    }

    public int[] labels() {
        return labels;
    }

    /** The group (session) of each row, or null when the table has none. */
    public String[] groups() {
        return groups;
    }

    /** The item of each ranking row (for the popularity baseline), or null. */
    public String[] items() {
        return items;
    }

    /**
     * The entity each row describes (e.g. the session of a conversion prefix), or null. Rows with the same key
     * are kept on the same side of every split, so that no session is in both training and test data.
     */
    public String[] keys() {
        return keys;
    }

    /** Each row's index in the source file (0 = first data row), or the row position when built in memory. */
    public long[] sourceRows() {
        return sourceRows;
    }

    public int positives() {
        int p = 0;
        for (int y : labels) {
            p += y;
        }
        return p;
    }

    /** The rows at the given positions, in that order. */
    public Table select(int[] rows) {
        Map<String, double[]> num = new LinkedHashMap<>();
        numeric.forEach((k, v) -> {
            double[] c = new double[rows.length];
            for (int i = 0; i < rows.length; i++) {
                c[i] = v[rows[i]];
            }
            num.put(k, c);
        });
        Map<String, String[]> cat = new LinkedHashMap<>();
        categorical.forEach((k, v) -> {
            String[] c = new String[rows.length];
            for (int i = 0; i < rows.length; i++) {
                c[i] = v[rows[i]];
            }
            cat.put(k, c);
        });
        int[] y = new int[rows.length];
        long[] src = new long[rows.length];
        String[] g = groups == null ? null : new String[rows.length];
        String[] it = items == null ? null : new String[rows.length];
        String[] ks = keys == null ? null : new String[rows.length];
        for (int i = 0; i < rows.length; i++) {
            if (ks != null) {
                ks[i] = keys[rows[i]];
            }
            y[i] = labels[rows[i]];
            src[i] = sourceRows[rows[i]];
            if (g != null) {
                g[i] = groups[rows[i]];
            }
            if (it != null) {
                it[i] = items[rows[i]];
            }
        }
        return new Table(num, cat, y, g, it, ks, src);
    }

    /** Row-wise concatenation of tables with the same columns (e.g. several daily partitions). */
    public static Table concat(List<Table> parts) {
        if (parts.isEmpty()) {
            throw new IllegalArgumentException("no tables to concatenate");
        }
        Table first = parts.get(0);
        int n = parts.stream().mapToInt(Table::rows).sum();
        Builder b = builder();
        for (String name : first.numeric.keySet()) {
            double[] c = new double[n];
            int at = 0;
            for (Table t : parts) {
                System.arraycopy(t.numeric(name), 0, c, at, t.rows());
                at += t.rows();
            }
            b.numeric(name, c);
        }
        for (String name : first.categorical.keySet()) {
            String[] c = new String[n];
            int at = 0;
            for (Table t : parts) {
                System.arraycopy(t.categorical(name), 0, c, at, t.rows());
                at += t.rows();
            }
            b.categorical(name, c);
        }
        int[] y = new int[n];
        long[] src = new long[n];
        String[] g = first.groups == null ? null : new String[n];
        String[] it = first.items == null ? null : new String[n];
        String[] ks = first.keys == null ? null : new String[n];
        int at = 0;
        for (Table t : parts) {
            if (ks != null) {
                System.arraycopy(t.keys, 0, ks, at, t.rows());
            }
            System.arraycopy(t.labels, 0, y, at, t.rows());
            System.arraycopy(t.sourceRows, 0, src, at, t.rows());
            if (g != null) {
                System.arraycopy(t.groups, 0, g, at, t.rows());
            }
            if (it != null) {
                System.arraycopy(t.items, 0, it, at, t.rows());
            }
            at += t.rows();
        }
        return b.labels(y).groups(g).items(it).keys(ks).sourceRows(src).build();
    }

    /** Collects named columns; column order is insertion order and becomes the model's input order. */
    public static final class Builder {
        private final Map<String, double[]> numeric = new LinkedHashMap<>();
        private final Map<String, String[]> categorical = new LinkedHashMap<>();
        private int[] labels;
        private String[] groups;
        private String[] items;
        private String[] keys;
        private long[] sourceRows;

        public Builder numeric(String name, double[] values) {
            requireNew(name);
            numeric.put(name, Objects.requireNonNull(values, name));
            return this;
        }

        public Builder categorical(String name, String[] values) {
            requireNew(name);
            categorical.put(name, Objects.requireNonNull(values, name));
            return this;
        }

        /** The 0/1 label of each row. */
        public Builder labels(int[] values) {
            this.labels = values;
            return this;
        }

        /** The group (session) of each row, used for ranking metrics; may be null. */
        public Builder groups(String[] values) {
            this.groups = values;
            return this;
        }

        /** The item of each row (ranking tasks), used by the popularity baseline; may be null. */
        public Builder items(String[] values) {
            this.items = values;
            return this;
        }

        /** The entity (e.g. session) of each row, kept whole by splits; may be null. */
        public Builder keys(String[] values) {
            this.keys = values;
            return this;
        }

        public Builder sourceRows(long[] rows) {
            this.sourceRows = rows;
            return this;
        }

        public Table build() {
            Objects.requireNonNull(labels, "labels");
            int n = labels.length;
            for (int y : labels) {
                if (y != 0 && y != 1) {
                    throw new IllegalArgumentException("labels must be 0 or 1, got " + y);
                }
            }
            numeric.forEach((k, v) -> requireLength(k, v.length, n));
            categorical.forEach((k, v) -> requireLength(k, v.length, n));
            if (groups != null) {
                requireLength("groups", groups.length, n);
            }
            if (items != null) {
                requireLength("items", items.length, n);
            }
            if (keys != null) {
                requireLength("keys", keys.length, n);
            }
            long[] src = sourceRows;
            if (src == null) {
                src = new long[n];
                Arrays.setAll(src, i -> i);
            }
            requireLength("sourceRows", src.length, n);
            if (numeric.isEmpty() && categorical.isEmpty()) {
                throw new IllegalArgumentException("a table needs at least one feature column");
            }
            return new Table(new LinkedHashMap<>(numeric), new LinkedHashMap<>(categorical), labels, groups, items,
                    keys, src);
        }

        private void requireNew(String name) {
            Objects.requireNonNull(name, "column name");
            if (numeric.containsKey(name) || categorical.containsKey(name)) {
                throw new IllegalArgumentException("duplicate column " + name);
            }
        }

        private static void requireLength(String name, int len, int n) {
            if (len != n) {
                throw new IllegalArgumentException("column " + name + " has " + len + " rows, labels have " + n);
            }
        }
    }

    @Override
    public String toString() {
        List<String> cols = new ArrayList<>(numeric.keySet());
        cols.addAll(categorical.keySet());
        return "Table[rows=" + rows() + ", columns=" + cols + "]";
    }
}
