package dev.propel.functions.datasets;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.propel.core.csv.CsvReader;
import dev.propel.core.event.BehaviourEvent;
import dev.propel.testkit.CleanObjects;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.zip.GZIPInputStream;
import software.amazon.awssdk.core.ResponseBytes;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Request;
import software.amazon.awssdk.services.s3.model.S3Object;

/** Test access to a bucket: writes clean/ objects the way Stage 1 does and reads the tables Stage 2 writes. */
final class CleanBucket {
    private static final ObjectMapper JSON = new ObjectMapper();
    final S3Client s3;
    final String bucket;

    CleanBucket(S3Client s3, String bucket) {
        this.s3 = s3;
        this.bucket = bucket;
    }

    /**
     * Writes events as clean objects named {@code <name>}, one per hour partition of their receive time (the
     * event time when not stamped), as Stage 1 leaves them.
     */
    void putClean(String name, List<BehaviourEvent> events) {
        CleanObjects.put(s3, bucket, name, events);
    }

    void put(String key, byte[] bytes) {
        s3.putObject(b -> b.bucket(bucket).key(key), RequestBody.fromBytes(bytes));
    }

    byte[] get(String key) {
        ResponseBytes<GetObjectResponse> r = s3.getObjectAsBytes(b -> b.bucket(bucket).key(key));
        return r.asByteArray();
    }

    JsonNode json(String key) {
        try {
            return JSON.readTree(get(key));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A gzip CSV table as header-keyed rows (insertion-ordered maps). */
    List<Map<String, String>> csv(String key) {
        try (CsvReader r = new CsvReader(new InputStreamReader(
                new GZIPInputStream(new java.io.ByteArrayInputStream(get(key))), StandardCharsets.UTF_8))) {
            List<String> header = r.next();
            List<Map<String, String>> rows = new ArrayList<>();
            for (List<String> f = r.next(); f != null; f = r.next()) {
                Map<String, String> row = new LinkedHashMap<>();
                for (int i = 0; i < header.size(); i++) {
                    row.put(header.get(i), f.get(i));
                }
                rows.add(row);
            }
            return rows;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    List<String> header(String key) {
        try (CsvReader r = new CsvReader(new InputStreamReader(
                new GZIPInputStream(new java.io.ByteArrayInputStream(get(key))), StandardCharsets.UTF_8))) {
            return r.next();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Every object under a prefix with its bytes, by key. */
    Map<String, byte[]> snapshot(String prefix) {
        Map<String, byte[]> m = new TreeMap<>();
        for (S3Object o : s3.listObjectsV2Paginator(ListObjectsV2Request.builder().bucket(bucket).prefix(prefix)
                .build()).contents()) {
            m.put(o.key(), get(o.key()));
        }
        return m;
    }
}
