package dev.propel.functions.datasets;

import java.util.ArrayList;
import java.util.List;

/**
 * The column layout of a training dataset partition: its id columns, then the numeric and the categorical features
 * in schema order, then the label.
 */
record DatasetColumns(List<String> ids, List<String> numeric, List<String> categorical) {
    static final String LABEL = "label";

    DatasetColumns {
        ids = List.copyOf(ids);
        numeric = List.copyOf(numeric);
        categorical = List.copyOf(categorical);
    }

    /** Every column in file order. */
    List<String> all() {
        List<String> c = new ArrayList<>(ids);
        c.addAll(numeric);
        c.addAll(categorical);
        c.add(LABEL);
        return List.copyOf(c);
    }
}
