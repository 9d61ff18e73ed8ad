package dev.propel.core.model;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.Objects;

/**
 * The content of {@code models/<task>/latest.json}: which model version serving should load. Written last when
 * a model is published, so a reader never sees a manifest pointing at a missing file.
 *
 * @param task                 task id ({@code conversion}, {@code item}, {@code generic} or a generic model name)
 * @param version              the version folder name
 * @param modelKey             S3 key of {@code model.onnx}
 * @param reportKey            S3 key of {@code report.json}
 * @param sha256               hex SHA-256 of the model bytes, checked by the loader
 * @param featureSchemaVersion feature schema the model was trained on
 * @param createdAt            publish time
 */
public record ModelManifest(
        @JsonProperty("task") String task,
        @JsonProperty("version") String version,
        @JsonProperty("model_key") String modelKey,
        @JsonProperty("report_key") String reportKey,
        @JsonProperty("sha256") String sha256,
        @JsonProperty("feature_schema_version") int featureSchemaVersion,
        @JsonProperty("created_at") Instant createdAt) {

    private static final ObjectMapper JSON = new ObjectMapper();

    public ModelManifest {
        Objects.requireNonNull(task, "task");
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(modelKey, "modelKey");
    }

    /** Serialises to the manifest JSON. */
    public byte[] toJson() {
        try {
            return JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(new Wire(this));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Parses the manifest JSON. */
    public static ModelManifest fromJson(byte[] json) {
        try {
            Wire w = JSON.readValue(json, Wire.class);
            return new ModelManifest(w.task, w.version, w.modelKey, w.reportKey, w.sha256, w.featureSchemaVersion,
                    w.createdAt == null ? null : Instant.parse(w.createdAt));
        } catch (IOException e) {
            throw new IllegalArgumentException("not a model manifest: " + e.getMessage(), e);
        }
    }

    /** Plain wire shape so that instants are ISO strings without the JSR-310 module. */
    private record Wire(
            @JsonProperty("task") String task,
            @JsonProperty("version") String version,
            @JsonProperty("model_key") String modelKey,
            @JsonProperty("report_key") String reportKey,
            @JsonProperty("sha256") String sha256,
            @JsonProperty("feature_schema_version") int featureSchemaVersion,
            @JsonProperty("created_at") String createdAt) {
        Wire(ModelManifest m) {
            this(m.task, m.version, m.modelKey, m.reportKey, m.sha256, m.featureSchemaVersion,
                    m.createdAt == null ? null : m.createdAt.toString());
        }
    }
}
