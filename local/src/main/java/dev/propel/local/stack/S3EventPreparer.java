package dev.propel.local.stack;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.propel.core.event.BehaviourEvent;
import dev.propel.core.event.EventJson;
import dev.propel.core.layout.S3Layout;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import java.util.zip.GZIPOutputStream;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;

/**
 * Makes a sample S3 notification event usable against the local bucket, which is what {@code sam local invoke}
 * cannot do: the sample names an AWS bucket and an object that no local state holds. The bucket is replaced by
 * the local one (said in one line), and a missing {@code raw/} object is written with two sample events so the
 * invocation has something to preprocess; a missing object elsewhere is refused with what to run first.
 */
final class S3EventPreparer {
    private static final ObjectMapper JSON = new ObjectMapper();

    private S3EventPreparer() {
    }

    /** The event to invoke with: unchanged unless it is an S3 notification. */
    static byte[] prepare(byte[] event, S3Client s3, String bucket, PrintStream err) throws IOException {
        JsonNode root;
        try {
            root = JSON.readTree(event);
        } catch (IOException e) {
            return event; // not JSON: the handler will say what it thinks of it
        }
        JsonNode records = root == null ? null : root.get("Records");
        if (records == null || !records.isArray()) {
            return event;
        }
        boolean changed = false;
        for (JsonNode record : records) {
            JsonNode s3node = record.path("s3");
            if (!(s3node.path("bucket") instanceof ObjectNode b) || !s3node.path("object").has("key")) {
                continue;
            }
            String named = b.path("name").asText("");
            if (!named.equals(bucket)) {
                err.println("propel invoke: the event names bucket " + named + "; using the local bucket " + bucket);
                b.put("name", bucket);
                b.put("arn", "arn:aws:s3:::" + bucket);
                changed = true;
            }
            String key = URLDecoder.decode(s3node.path("object").path("key").asText(), StandardCharsets.UTF_8);
            if (!exists(s3, bucket, key)) {
                if (!key.startsWith(S3Layout.RAW)) {
                    throw new IllegalArgumentException("s3://" + bucket + "/" + key + " does not exist in the local"
                            + " bucket: create it first (e.g. run ./propel demo or POST /events to ./propel local)");
                }
                byte[] sample = sampleRawObject(Instant.parse("2026-11-28T09:15:00Z"));
                s3.putObject(p -> p.bucket(bucket).key(key), RequestBody.fromBytes(sample));
                ((ObjectNode) s3node.path("object")).put("size", sample.length);
                err.println("propel invoke: wrote two sample events to s3://" + bucket + "/" + key
                        + " (the object the event names)");
            }
        }
        return changed ? JSON.writeValueAsBytes(root) : event;
    }

    private static boolean exists(S3Client s3, String bucket, String key) {
        try {
            s3.headObject(h -> h.bucket(bucket).key(key));
            return true;
        } catch (NoSuchKeyException e) {
            return false;
        } catch (software.amazon.awssdk.services.s3.model.S3Exception e) {
            if (e.statusCode() == 404) {
                return false;
            }
            throw e;
        }
    }

    /** A raw object as ingest writes it: gzip JSON lines with the receive time set. */
    static byte[] sampleRawObject(Instant receivedAt) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(bytes)) {
            BehaviourEvent view = new BehaviourEvent("sample-view-1", "view", "u-1842", null, "s-1", "sku-0142",
                    receivedAt.minusSeconds(60), null, null, Map.of(), receivedAt);
            BehaviourEvent cart = new BehaviourEvent("sample-cart-1", "add_to_cart", "u-1842", null, "s-1",
                    "sku-0142", receivedAt.minusSeconds(20), 19.9, 1, Map.of(), receivedAt);
            for (BehaviourEvent e : new BehaviourEvent[] {view, cart}) {
                gz.write(EventJson.toJson(e).getBytes(StandardCharsets.UTF_8));
                gz.write('\n');
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }
}
