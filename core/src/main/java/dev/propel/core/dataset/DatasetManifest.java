package dev.propel.core.dataset;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.time.LocalDate;
import java.util.List;
import java.util.Objects;

/**
 * The manifest of one day of a training table ({@code datasets/conversion/}, {@code datasets/item/}): the contract
 * between the datasets stage (Lambda or Spark) that writes it and the model-builder that trains from it. Every
 * field is always written, {@code group} as null when rows are not grouped.
 *
 * @param task                 the table, a model task id
 * @param dt                   the partition's day
 * @param rows                 rows in all files
 * @param featureSchemaVersion the feature definitions the rows were computed with
 * @param label                the label column
 * @param group                the column rows are grouped by for ranking (item rows by session), null for none
 * @param idColumns            identifying columns, never features; the first keeps a session on one side of a split
 * @param numeric              numeric feature columns
 * @param categorical          categorical feature columns
 * @param files                the gzip CSV parts, relative to the partition folder
 */
@JsonPropertyOrder({"task", "dt", "rows", "feature_schema_version", "label", "group", "id_columns", "numeric",
        "categorical", "files"})
@JsonIgnoreProperties(ignoreUnknown = true)
public record DatasetManifest(
        @JsonProperty("task") String task,
        @JsonProperty("dt") LocalDate dt,
        @JsonProperty("rows") long rows,
        @JsonProperty("feature_schema_version") int featureSchemaVersion,
        @JsonProperty("label") String label,
        @JsonProperty("group") String group,
        @JsonProperty("id_columns") List<String> idColumns,
        @JsonProperty("numeric") List<String> numeric,
        @JsonProperty("categorical") List<String> categorical,
        @JsonProperty("files") List<String> files) implements PartitionManifest {

    /** The label column readers assume when a manifest names none (manifests older than the field). */
    public static final String DEFAULT_LABEL = "label";

    public DatasetManifest {
        Objects.requireNonNull(task, "task");
        Objects.requireNonNull(dt, "dt");
        label = label == null ? DEFAULT_LABEL : label;
        idColumns = idColumns == null ? List.of() : List.copyOf(idColumns);
        numeric = numeric == null ? List.of() : List.copyOf(numeric);
        categorical = categorical == null ? List.of() : List.copyOf(categorical);
        files = files == null ? List.of() : List.copyOf(files);
    }

    /** Whether another partition's rows have the same label and features, so both can be trained on together. */
    public boolean sameColumnsAs(DatasetManifest other) {
        return label.equals(other.label) && numeric.equals(other.numeric) && categorical.equals(other.categorical);
    }

    /** Parses {@code _manifest.json}; unknown fields are ignored, missing lists read as empty. */
    public static DatasetManifest fromJson(byte[] json) {
        return ManifestJson.read(json, DatasetManifest.class);
    }
}
