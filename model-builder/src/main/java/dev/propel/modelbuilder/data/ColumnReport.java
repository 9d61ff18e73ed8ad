package dev.propel.modelbuilder.data;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What the loader concluded about one source column.
 *
 * @param name     column name
 * @param type     {@code numeric}, {@code boolean}, {@code categorical} or {@code label}
 * @param role     {@code feature}, {@code label}, {@code group}, {@code item} or {@code ignored}
 * @param missing  missing cells (empty, NA, null, NaN…)
 * @param distinct distinct non-missing values (capped count, "≥" in the note when capped)
 * @param note     why, in words (e.g. "identifier-like: 9812 distinct values")
 */
public record ColumnReport(String name, String type, String role, long missing, long distinct, String note) {

    public Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", name);
        m.put("type", type);
        m.put("role", role);
        m.put("missing", missing);
        m.put("distinct", distinct);
        m.put("note", note);
        return m;
    }
}
