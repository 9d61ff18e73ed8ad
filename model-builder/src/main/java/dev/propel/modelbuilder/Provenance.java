package dev.propel.modelbuilder;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Objects;

/**
 * Where a model comes from, stored in its ONNX metadata and report: task, version, training data range and hash,
 * the label column, the feature schema version and the git commit of the code that trained it.
 *
 * @param task                 task id ({@code conversion}, {@code item}, {@code generic})
 * @param version              model version, {@code yyyyMMdd'T'HHmmss'Z'}
 * @param label                the label column
 * @param dataRange            e.g. {@code 2026-11-01..2026-11-28} or the CSV file name
 * @param dataHash             hex SHA-256 of the training data as read
 * @param featureSchemaVersion feature schema version of the dataset (0 for a generic CSV)
 * @param gitCommit            commit of the training code, or {@code unknown}
 */
public record Provenance(String task, String version, String label, String dataRange, String dataHash,
                         int featureSchemaVersion, String gitCommit) {

    /** The model version format: UTC time to the second. */
    public static final DateTimeFormatter VERSION_FORMAT =
            DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

    public Provenance {
        Objects.requireNonNull(task, "task");
        Objects.requireNonNull(version, "version");
        label = label == null ? "label" : label;
        dataRange = dataRange == null ? "" : dataRange;
        dataHash = dataHash == null ? "" : dataHash;
        gitCommit = gitCommit == null ? "unknown" : gitCommit;
    }

    /** A provenance for an in-memory table: version = now. */
    public static Provenance of(String task) {
        return new Provenance(task, versionAt(Instant.now()), "label", "in-memory", "", 0, "unknown");
    }

    public static String versionAt(Instant at) {
        return VERSION_FORMAT.format(at);
    }

    public Provenance withVersion(String v) {
        return new Provenance(task, v, label, dataRange, dataHash, featureSchemaVersion, gitCommit);
    }
}
