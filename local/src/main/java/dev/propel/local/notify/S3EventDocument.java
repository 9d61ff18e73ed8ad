package dev.propel.local.notify;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.UUID;

/**
 * The S3 event notification document (event version 2.1) for one created object, shaped as S3 delivers it to
 * Lambda: the key URL-encoded (spaces as {@code +}, {@code =} as {@code %3D}, {@code /} kept), the ETag
 * without quotes, a sequencer that grows with every event.
 */
public final class S3EventDocument {
    private static final ObjectMapper JSON = new ObjectMapper();

    private S3EventDocument() {
    }

    /** The object key as S3 puts it in notifications. */
    public static String encodeKey(String key) {
        return URLEncoder.encode(key, StandardCharsets.UTF_8).replace("%2F", "/");
    }

    /** The notification for one object. */
    public static byte[] of(String region, String bucket, String key, long size, String eTag, String eventName,
            String configurationId, long sequence, Instant time) {
        ObjectNode doc = JSON.createObjectNode();
        ObjectNode r = doc.putArray("Records").addObject();
        r.put("eventVersion", "2.1");
        r.put("eventSource", "aws:s3");
        r.put("awsRegion", region);
        r.put("eventTime", time.toString());
        r.put("eventName", eventName);
        r.putObject("userIdentity").put("principalId", "AWS:PROPEL-LOCAL");
        r.putObject("requestParameters").put("sourceIPAddress", "127.0.0.1");
        ObjectNode response = r.putObject("responseElements");
        response.put("x-amz-request-id", UUID.randomUUID().toString().replace("-", "").substring(0, 16)
                .toUpperCase(java.util.Locale.ROOT));
        response.put("x-amz-id-2", UUID.randomUUID().toString());
        ObjectNode s3 = r.putObject("s3");
        s3.put("s3SchemaVersion", "1.0");
        s3.put("configurationId", configurationId);
        ObjectNode b = s3.putObject("bucket");
        b.put("name", bucket);
        b.putObject("ownerIdentity").put("principalId", "PROPEL-LOCAL");
        b.put("arn", "arn:aws:s3:::" + bucket);
        ObjectNode o = s3.putObject("object");
        o.put("key", encodeKey(key));
        o.put("size", Math.max(size, 0));
        if (eTag != null) {
            o.put("eTag", eTag.replace("\"", ""));
        }
        o.put("sequencer", String.format("%016X", sequence));
        try {
            return JSON.writeValueAsBytes(doc);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
