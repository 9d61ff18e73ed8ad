package dev.propel.functions.storage;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonFactoryBuilder;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.propel.core.event.BehaviourEvent;
import dev.propel.core.event.EventJson;
import dev.propel.core.layout.S3Layout;
import dev.propel.core.privacy.Pseudonymiser;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPOutputStream;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;

/**
 * Writes validated events as one gzip JSON-lines object per request under {@code raw/}, partitioned by receive
 * time ({@link S3Layout#rawKey}). Stamps {@code received_at} and pseudonymises user ids on the way, so nothing
 * unhashed reaches the bucket. Also used by the decide function to record its decisions as events.
 */
public final class RawEventWriter {
    /** Media type of stored objects: the bytes are gzip (no Content-Encoding, so no client unzips in flight). */
    public static final String CONTENT_TYPE = "application/gzip";

    private static final JsonFactory JSON = new JsonFactoryBuilder().rootValueSeparator((String) null).build();

    private final S3Client s3;
    private final String bucket;
    private final Pseudonymiser pseudonymiser;

    public RawEventWriter(S3Client s3, String bucket, Pseudonymiser pseudonymiser) {
        this.s3 = s3;
        this.bucket = bucket;
        this.pseudonymiser = pseudonymiser;
    }

    /**
     * Stores the events in one new object.
     *
     * @throws StorageUnavailableException when S3 refuses or cannot be reached after the SDK's retries
     */
    public StoredObject write(List<BehaviourEvent> events, Instant receivedAt, String requestId) {
        return store(events, receivedAt, S3Layout.rawKey(receivedAt, requestId));
    }

    /**
     * Stores one decision event under {@link S3Layout#decisionKey}, the only raw keys the decide role may put.
     *
     * @throws StorageUnavailableException when S3 refuses or cannot be reached after the SDK's retries
     */
    public StoredObject writeDecision(BehaviourEvent decision, Instant decidedAt, String requestId) {
        return store(List.of(decision), decidedAt, S3Layout.decisionKey(decidedAt, requestId));
    }

    private StoredObject store(List<BehaviourEvent> events, Instant receivedAt, String key) {
        byte[] body = encode(events, receivedAt);
        PutObjectRequest put = PutObjectRequest.builder()
                .bucket(bucket)
                .key(key)
                .contentType(CONTENT_TYPE)
                .metadata(Map.of("propel-format", "jsonl", "propel-events", Integer.toString(events.size())))
                .build();
        try {
            s3.putObject(put, RequestBody.fromBytes(body));
        } catch (SdkException e) {
            throw new StorageUnavailableException("raw object not stored: " + e.getClass().getSimpleName(), e);
        }
        return new StoredObject(key, events.size(), body.length);
    }

    private String pseudonym(String id, Map<String, String> memo) {
        return id == null ? null : memo.computeIfAbsent(id, pseudonymiser::apply);
    }

    /** The object body: pseudonymised, stamped events as gzip JSON lines (one object per line, '\n' after each). */
    public byte[] encode(List<BehaviourEvent> events, Instant receivedAt) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(64 + events.size() * 96);
        try (OutputStream gzip = new GZIPOutputStream(bytes, 16 * 1024);
             JsonGenerator g = JSON.createGenerator(gzip)) {
            // A batch usually comes from one device: hash each distinct id once.
            Map<String, String> pseudonyms = pseudonymiser.enabled() ? new HashMap<>() : null;
            for (BehaviourEvent e : events) {
                if (pseudonyms != null) {
                    e = e.withIdentities(pseudonym(e.userId(), pseudonyms), pseudonym(e.anonymousId(), pseudonyms));
                }
                EventJson.write(e.withReceivedAt(receivedAt), g);
                g.writeRaw('\n');
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }
}
