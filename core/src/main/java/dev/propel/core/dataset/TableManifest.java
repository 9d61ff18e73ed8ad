package dev.propel.core.dataset;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.time.LocalDate;
import java.util.List;
import java.util.Objects;

/**
 * The manifest of one day of a table nobody trains from directly ({@code stats/*}, {@code datasets/sessions/},
 * {@code datasets/decision_outcomes/}): what the day holds, for people, Athena and the demo's summary. Fields a
 * table does not have are left out of the JSON.
 *
 * @param task                 the table name, for the sessions table (which writes {@code task})
 * @param table                the table name, for the other tables (which write {@code table})
 * @param dt                   the partition's day
 * @param rows                 rows (lines) in all files
 * @param featureSchemaVersion the feature definitions the stats were computed with (stats tables)
 * @param horizonHours         how long after a decision its outcome is looked for (decision outcomes)
 * @param format               the files' format when not CSV ({@code jsonl}, sessions)
 * @param formatVersion        version of that format (sessions)
 * @param columns              CSV columns in order (CSV tables)
 * @param fields               JSON fields of a line (sessions)
 * @param actions              the action names a line uses (sessions)
 * @param order                what lines are ordered by (sessions)
 * @param files                the parts, relative to the partition folder
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"task", "table", "dt", "rows", "feature_schema_version", "horizon_hours", "format",
        "format_version", "columns", "fields", "actions", "order", "files"})
@JsonIgnoreProperties(ignoreUnknown = true)
public record TableManifest(
        @JsonProperty("task") String task,
        @JsonProperty("table") String table,
        @JsonProperty("dt") LocalDate dt,
        @JsonProperty("rows") long rows,
        @JsonProperty("feature_schema_version") Integer featureSchemaVersion,
        @JsonProperty("horizon_hours") Long horizonHours,
        @JsonProperty("format") String format,
        @JsonProperty("format_version") Integer formatVersion,
        @JsonProperty("columns") List<String> columns,
        @JsonProperty("fields") List<String> fields,
        @JsonProperty("actions") List<String> actions,
        @JsonProperty("order") String order,
        @JsonProperty("files") List<String> files) implements PartitionManifest {

    public TableManifest {
        Objects.requireNonNull(dt, "dt");
        if (task == null && table == null) {
            throw new IllegalArgumentException("a table manifest names its table (task or table)");
        }
        columns = columns == null ? null : List.copyOf(columns);
        fields = fields == null ? null : List.copyOf(fields);
        actions = actions == null ? null : List.copyOf(actions);
        files = files == null ? List.of() : List.copyOf(files);
    }

    /** A {@code stats/<table>} day: CSV parts of the given columns. */
    public static TableManifest stats(String table, LocalDate dt, long rows, int featureSchemaVersion,
            List<String> columns, List<String> files) {
        return new TableManifest(null, table, dt, rows, featureSchemaVersion, null, null, null, columns, null, null,
                null, files);
    }

    /** A decision outcomes day: CSV parts, outcomes looked for up to {@code horizonHours} after each decision. */
    public static TableManifest outcomes(String table, LocalDate dt, long rows, long horizonHours,
            List<String> columns, List<String> files) {
        return new TableManifest(null, table, dt, rows, null, horizonHours, null, null, columns, null, null, null,
                files);
    }

    /** A JSON-lines day (the sessions table). */
    public static TableManifest jsonLines(String task, LocalDate dt, long rows, int formatVersion,
            List<String> fields, List<String> actions, String order, List<String> files) {
        return new TableManifest(task, null, dt, rows, null, null, "jsonl", formatVersion, null, fields, actions,
                order, files);
    }

    /** The table's name, whichever of {@code task} and {@code table} it writes. */
    @JsonIgnore
    public String name() {
        return task != null ? task : table;
    }

    /** Parses {@code _manifest.json}; unknown fields are ignored. */
    public static TableManifest fromJson(byte[] json) {
        return ManifestJson.read(json, TableManifest.class);
    }
}
