package dev.propel.local.load;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.propel.core.layout.S3Layout;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;

/** How many times each event id appears under {@code clean/}: the ground truth of "stored exactly once". */
public final class CleanEventCount {
    private static final ObjectMapper JSON = new ObjectMapper();

    private CleanEventCount() {
    }

    /** Event id → number of clean lines holding it, over every clean object in the bucket. */
    public static Map<String, Integer> byEventId(S3Client s3, String bucket) throws IOException {
        Map<String, Integer> counts = new HashMap<>();
        for (S3Object o : s3.listObjectsV2Paginator(b -> b.bucket(bucket).prefix(S3Layout.CLEAN)).contents()) {
            try (BufferedReader lines = new BufferedReader(new InputStreamReader(new GZIPInputStream(
                    s3.getObject(b -> b.bucket(bucket).key(o.key()))), StandardCharsets.UTF_8))) {
                for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                    if (!line.isBlank()) {
                        JsonNode event = JSON.readTree(line);
                        counts.merge(event.path("event_id").asText(), 1, Integer::sum);
                    }
                }
            }
        }
        return counts;
    }
}
