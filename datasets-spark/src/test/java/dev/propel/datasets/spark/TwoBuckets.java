package dev.propel.datasets.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.propel.core.csv.CsvReader;
import dev.propel.core.event.BehaviourEvent;
import dev.propel.functions.datasets.ChainSettings;
import dev.propel.s3.embedded.EmbeddedS3;
import dev.propel.testkit.CleanObjects;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.zip.GZIPInputStream;
import org.apache.spark.api.java.JavaSparkContext;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * Two buckets of one embedded S3 holding the same clean objects, one for each builder, and the comparisons of what
 * the builders wrote: tables as multisets of rows, manifests as JSON (the part list aside when a day is split),
 * the sessions dataset line by line in its documented order.
 */
final class TwoBuckets {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** The tables of a day both builders write. */
    private static final List<String> CSV_TABLES = List.of("datasets/conversion/", "datasets/item/", "stats/items/",
            "stats/users/", "stats/daily/", "stats/retention/", "datasets/decisions/");

    private final EmbeddedS3 server;
    private final S3Client s3;
    private final String lambda;
    private final String spark;

    private TwoBuckets(EmbeddedS3 server, String name) {
        this.server = server;
        this.s3 = server.client();
        this.lambda = name + "-lambda";
        this.spark = name + "-spark";
        server.createBucket(lambda);
        server.createBucket(spark);
    }

    static TwoBuckets create(EmbeddedS3 server, String name) {
        return new TwoBuckets(server, name);
    }

    String lambda() {
        return lambda;
    }

    /** The Spark builder on the second bucket, reading and writing it through s3a. */
    SparkDatasetBuilder sparkBuilder(JavaSparkContext jsc, SparkSettings settings) {
        return new SparkDatasetBuilder(jsc, s3, S3aBucket.atEndpoint(spark, server.endpoint(), "propel-local",
                "propel-local-secret"), settings);
    }

    /** The Spark builder with given chain rules and the clock its chain lock's lease is measured on. */
    SparkDatasetBuilder sparkBuilder(JavaSparkContext jsc, SparkSettings settings, ChainSettings chain, Clock clock) {
        return new SparkDatasetBuilder(jsc, s3, S3aBucket.atEndpoint(spark, server.endpoint(), "propel-local",
                "propel-local-secret"), settings, chain, clock);
    }

    /** Writes an object into the Spark builder's bucket only. */
    void putInSpark(String key, String text) {
        s3.putObject(b -> b.bucket(spark).key(key), RequestBody.fromString(text));
    }

    /** Writes events as Stage 1 leaves them: one object named {@code name} per hour partition of receive time. */
    void putCleanInBoth(String name, List<BehaviourEvent> events) {
        for (String bucket : List.of(lambda, spark)) {
            CleanObjects.put(s3, bucket, name, events);
        }
    }

    void putRawInBoth(String key, byte[] bytes) {
        for (String bucket : List.of(lambda, spark)) {
            s3.putObject(b -> b.bucket(bucket).key(key), RequestBody.fromBytes(bytes));
        }
    }

    /** Every table of the day: same header, same rows (any order, any split into parts), same manifest. */
    void assertSameDay(LocalDate day) {
        for (String table : CSV_TABLES) {
            String prefix = table + "dt=" + day + "/";
            JsonNode lm = manifest(lambda, prefix);
            JsonNode sm = manifest(spark, prefix);
            assertEquals(withoutFiles(lm), withoutFiles(sm), "manifest of " + prefix);
            List<String> lambdaRows = rows(lambda, prefix, lm);
            List<String> sparkRows = rows(spark, prefix, sm);
            assertEquals(lambdaRows.get(0), sparkRows.get(0), "header of " + prefix);
            assertEquals(lm.path("rows").asLong(), sparkRows.size() - 1L, "rows of " + prefix);
            assertEquals(sorted(lambdaRows), sorted(sparkRows), "rows of " + prefix);
        }
        String sessions = "datasets/sessions/dt=" + day + "/";
        assertEquals(manifest(lambda, sessions), manifest(spark, sessions), "manifest of " + sessions);
        assertEquals(gunzipText(get(lambda, sessions + "part-00000.jsonl.gz")),
                gunzipText(get(spark, sessions + "part-00000.jsonl.gz")), "sessions part, in order");
        // the day chain's commit record, written last: the same stats parts (same ETags, as the same bytes), the
        // same previous day and the same clean inputs
        String marker = "stats/_chain/dt=" + day + ".json";
        assertEquals(json(lambda, marker), json(spark, marker), "commit record " + marker);
    }

    /** The rows the Lambda builder's manifest of a partition counts. */
    long lambdaManifestRows(String prefix) {
        return manifest(lambda, prefix).path("rows").asLong();
    }

    /** An object both builders write whole (a pointer). */
    void assertSameObject(String key) {
        assertEquals(JSON.valueToTree(json(lambda, key)).toString().replace(lambda, "B"),
                JSON.valueToTree(json(spark, key)).toString().replace(spark, "B"), key);
    }

    /** The part files a Spark-built partition's manifest names. */
    List<String> sparkManifestFiles(String prefix) {
        List<String> files = new ArrayList<>();
        manifest(spark, prefix).path("files").forEach(f -> files.add(f.asText()));
        return files;
    }

    /** Keys of the Spark bucket under a prefix (what exists, not only what manifests name). */
    TreeSet<String> sparkKeys(String prefix) {
        TreeSet<String> keys = new TreeSet<>();
        for (S3Object o : s3.listObjectsV2Paginator(b -> b.bucket(spark).prefix(prefix)).contents()) {
            keys.add(o.key());
        }
        return keys;
    }

    private JsonNode manifest(String bucket, String prefix) {
        return json(bucket, prefix + "_manifest.json");
    }

    private JsonNode json(String bucket, String key) {
        try {
            return JSON.readTree(get(bucket, key));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static JsonNode withoutFiles(JsonNode manifest) {
        ObjectNode copy = manifest.deepCopy();
        copy.remove("files");
        return copy;
    }

    /** Header first, then every row of every part the manifest names, as text. */
    private List<String> rows(String bucket, String prefix, JsonNode manifest) {
        List<String> out = new ArrayList<>();
        String header = null;
        for (JsonNode f : manifest.path("files")) {
            try (CsvReader r = new CsvReader(new InputStreamReader(new GZIPInputStream(
                    new ByteArrayInputStream(get(bucket, prefix + f.asText()))), StandardCharsets.UTF_8))) {
                String h = String.join("\u0001", r.next());
                if (header == null) {
                    header = h;
                    out.add(h);
                }
                assertEquals(header, h, "every part has the same header: " + prefix + f.asText());
                for (List<String> row = r.next(); row != null; row = r.next()) {
                    out.add(String.join("\u0001", row));
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return out;
    }

    private static List<String> sorted(List<String> rows) {
        List<String> s = new ArrayList<>(rows.subList(1, rows.size()));
        s.sort(null);
        return s;
    }

    private byte[] get(String bucket, String key) {
        try {
            return s3.getObjectAsBytes(b -> b.bucket(bucket).key(key)).asByteArray();
        } catch (NoSuchKeyException e) {
            throw new AssertionError(bucket + " has no " + key, e);
        }
    }

    private static String gunzipText(byte[] gzip) {
        try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(gzip))) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
