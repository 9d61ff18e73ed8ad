package dev.propel.modelbuilder.publish;

import dev.propel.core.layout.S3Layout;
import dev.propel.core.model.ModelManifest;
import dev.propel.modelbuilder.TrainingResult;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Objects;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;

/**
 * Publishes a model version to S3: {@code models/<task>/<version>/{model.onnx, report.json, report.html}} first,
 * then {@code models/<task>/latest.json} last, so a reader never sees a manifest pointing at a missing model.
 */
public final class ModelPublisher {
    private final S3Client s3;
    private final String bucket;

    public ModelPublisher(S3Client s3, String bucket) {
        this.s3 = Objects.requireNonNull(s3, "s3");
        this.bucket = Objects.requireNonNull(bucket, "bucket");
    }

    /** Publishes a training result under its provenance's task and version; returns the manifest written. */
    public ModelManifest publish(TrainingResult result) {
        return publish(result.provenance().task(), result.provenance().version(), result.onnx(),
                result.reportJson(), result.reportHtml(), result.provenance().featureSchemaVersion());
    }

    /** Publishes model and report bytes as {@code task}/{@code version}; returns the manifest written. */
    public ModelManifest publish(String task, String version, byte[] onnx, byte[] reportJson, byte[] reportHtml,
                                 int featureSchemaVersion) {
        String prefix = S3Layout.modelPrefix(task, version);
        String modelKey = prefix + "model.onnx";
        String reportKey = prefix + "report.json";
        put(modelKey, onnx, "application/octet-stream");
        put(reportKey, reportJson, "application/json");
        put(prefix + "report.html", reportHtml, "text/html; charset=utf-8");
        ModelManifest manifest = new ModelManifest(task, version, modelKey, reportKey, sha256(onnx),
                featureSchemaVersion, Instant.now());
        put(S3Layout.manifestKey(task), manifest.toJson(), "application/json");
        return manifest;
    }

    private void put(String key, byte[] bytes, String contentType) {
        s3.putObject(PutObjectRequest.builder().bucket(bucket).key(key).contentType(contentType).build(),
                RequestBody.fromBytes(bytes));
    }

    /** Hex SHA-256, the checksum the manifest carries and the loader checks. */
    public static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

}
