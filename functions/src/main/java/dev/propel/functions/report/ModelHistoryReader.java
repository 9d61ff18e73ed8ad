package dev.propel.functions.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.propel.core.layout.S3Layout;
import dev.propel.core.model.ModelManifest;
import java.io.IOException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.function.Consumer;
import software.amazon.awssdk.core.ResponseBytes;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CommonPrefix;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Request;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;

/**
 * Reads the quality history of every published model: each version folder's {@code report.json}
 * ({@code models/<task>/<version>/}), test metrics and provenance only, and which version {@code latest.json}
 * points at.
 */
final class ModelHistoryReader {
    /** Most versions shown per task: the newest ones (versions are UTC times, so they sort by age). */
    static final int MAX_VERSIONS = 30;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final S3Client s3;
    private final String bucket;

    ModelHistoryReader(S3Client s3, String bucket) {
        this.s3 = s3;
        this.bucket = bucket;
    }

    /** Every task's newest versions, by task then version; what cannot be read is reported to {@code notes}. */
    List<ModelVersion> read(Consumer<String> notes) {
        List<ModelVersion> out = new ArrayList<>();
        for (String task : folders(S3Layout.MODELS)) {
            String current = currentVersion(task, notes);
            List<String> versions = new ArrayList<>(folders(S3Layout.MODELS + task + "/"));
            for (String version : versions.subList(Math.max(0, versions.size() - MAX_VERSIONS), versions.size())) {
                String key = S3Layout.modelPrefix(task, version) + "report.json";
                try {
                    JsonNode r = JSON.readTree(bytes(key));
                    out.add(new ModelVersion(task, version, instant(r.path("created_at").asText(null)),
                            number(r.at("/metrics/test/roc_auc")), number(r.at("/metrics/test/pr_auc")),
                            number(r.at("/metrics/test/log_loss")), r.at("/data/test_rows").asLong(0),
                            r.at("/data/range").asText(""), version.equals(current)));
                } catch (NoSuchKeyException e) {
                    notes.accept("Model " + task + " " + version + " has no report.json.");
                } catch (IOException | RuntimeException e) {
                    notes.accept("The report.json of model " + task + " " + version + " could not be read ("
                            + e.getMessage() + ").");
                }
            }
        }
        return out;
    }

    private String currentVersion(String task, Consumer<String> notes) {
        try {
            return ModelManifest.fromJson(bytes(S3Layout.manifestKey(task))).version();
        } catch (NoSuchKeyException e) {
            return null;
        } catch (RuntimeException e) {
            notes.accept("models/" + task + "/latest.json could not be read (" + e.getMessage() + ").");
            return null;
        }
    }

    /** Names of the sub-folders of {@code prefix}, sorted. */
    private TreeSet<String> folders(String prefix) {
        TreeSet<String> names = new TreeSet<>();
        for (CommonPrefix p : s3.listObjectsV2Paginator(ListObjectsV2Request.builder().bucket(bucket)
                .prefix(prefix).delimiter("/").build()).commonPrefixes()) {
            String name = p.prefix().substring(prefix.length(), p.prefix().length() - 1);
            if (!name.isEmpty()) {
                names.add(name);
            }
        }
        return names;
    }

    private byte[] bytes(String key) {
        ResponseBytes<GetObjectResponse> r = s3.getObjectAsBytes(b -> b.bucket(bucket).key(key));
        return r.asByteArray();
    }

    private static double number(JsonNode n) {
        return n.isNumber() ? n.asDouble() : Double.NaN;
    }

    private static Instant instant(String text) {
        if (text == null) {
            return null;
        }
        try {
            return Instant.parse(text);
        } catch (DateTimeParseException e) {
            return null;
        }
    }
}
