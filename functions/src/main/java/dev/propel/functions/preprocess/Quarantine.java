package dev.propel.functions.preprocess;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.propel.core.event.ValidationError;
import dev.propel.core.layout.S3Layout;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The {@code quarantine/} area: objects (or the bad lines of objects) that stage 1 could not turn into events,
 * each next to a {@code .reason.json} saying why. Keys derive from the source key and reason files hold no
 * processing time, so quarantining the same object twice writes the same bytes.
 */
public final class Quarantine {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private final S3Client s3;

    public Quarantine(S3Client s3) {
        this.s3 = s3;
    }

    /** Sets a whole unreadable object aside (server-side copy) with its reason. */
    public void unreadable(String bucket, String sourceKey, String detail) {
        s3.copyObject(b -> b.sourceBucket(bucket).sourceKey(sourceKey)
                .destinationBucket(bucket).destinationKey(S3Layout.quarantineKeyFor(sourceKey)));
        Map<String, Object> reason = new LinkedHashMap<>();
        reason.put("source", sourceKey);
        reason.put("reason", "unreadable");
        reason.put("detail", detail);
        putReason(bucket, sourceKey, reason);
    }

    /** Stores the bad lines of a readable object (gzip, one original line per line) with the line errors. */
    public void badLines(String bucket, String sourceKey, Path badLinesGzip, CleanResult result) {
        s3.putObject(b -> b.bucket(bucket).key(S3Layout.quarantineKeyFor(sourceKey)).contentType("application/gzip"),
                RequestBody.fromFile(badLinesGzip));
        Map<String, Object> reason = new LinkedHashMap<>();
        reason.put("source", sourceKey);
        reason.put("reason", "bad_lines");
        reason.put("lines", result.lines());
        reason.put("bad_lines", result.badLines());
        reason.put("clean_events", result.clean());
        reason.put("errors", errors(result.errors()));
        reason.put("errors_truncated", result.errors().size() >= RawObjectCleaner.MAX_REPORTED_ERRORS);
        putReason(bucket, sourceKey, reason);
    }

    private static List<Map<String, Object>> errors(List<ValidationError> errors) {
        return errors.stream().map(e -> {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("line", e.index() + 1);
            m.put("field", e.field());
            m.put("error", e.error());
            return m;
        }).toList();
    }

    private void putReason(String bucket, String sourceKey, Map<String, Object> reason) {
        byte[] body;
        try {
            body = JSON.writeValueAsBytes(reason);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        s3.putObject(b -> b.bucket(bucket).key(S3Layout.quarantineReasonKeyFor(sourceKey))
                .contentType("application/json"), RequestBody.fromBytes(body));
    }
}
