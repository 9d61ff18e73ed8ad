package dev.propel.functions.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.propel.core.event.BehaviourEvent;
import dev.propel.core.event.EventJson;
import dev.propel.core.privacy.Pseudonymiser;
import dev.propel.functions.BucketContents;
import dev.propel.s3.embedded.EmbeddedS3;
import dev.propel.s3.embedded.EmbeddedS3Extension;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;

@ExtendWith(EmbeddedS3Extension.class)
class RawEventWriterTest {
    private static final Instant RECEIVED = Instant.parse("2026-11-28T09:59:59.987Z");
    private static final List<BehaviourEvent> EVENTS = List.of(
            new BehaviourEvent("e1", "view", "alice", null, "s1", "i1", Instant.parse("2026-11-28T09:00:00Z"), null,
                    null, Map.of("page", "/p/i1"), null),
            new BehaviourEvent("e2", "purchase", null, "anon-1", "s1", "i1", Instant.parse("2026-11-28T09:01:00Z"),
                    9.5, 2, Map.of(), null));

    @Test
    void writesOneGzipJsonLinesObjectUnderTheReceiveHour(EmbeddedS3 s3) {
        try (S3Client client = s3.client()) {
            RawEventWriter writer = new RawEventWriter(client, EmbeddedS3Extension.BUCKET, Pseudonymiser.identity());
            StoredObject stored = writer.write(EVENTS, RECEIVED, "req-1");
            assertEquals("raw/dt=2026-11-28/hour=09/" + RECEIVED.toEpochMilli() + "-req-1.jsonl.gz", stored.key());
            BucketContents bucket = new BucketContents(client, EmbeddedS3Extension.BUCKET);
            List<String> lines = bucket.gzipLines(stored.key());
            assertEquals(2, lines.size());
            assertEquals(EVENTS.get(0).withReceivedAt(RECEIVED), EventJson.parse(lines.get(0)));
            assertEquals(EVENTS.get(1).withReceivedAt(RECEIVED), EventJson.parse(lines.get(1)));
            assertEquals(stored.bytes(), bucket.bytes(stored.key()).length);
            HeadObjectResponse head = client.headObject(b -> b.bucket(EmbeddedS3Extension.BUCKET).key(stored.key()));
            assertEquals(RawEventWriter.CONTENT_TYPE, head.contentType());
            assertEquals("2", head.metadata().get("propel-events"));
        }
    }

    @Test
    void pseudonymisesBothIdentitiesBeforeTheyAreWritten() {
        Pseudonymiser hmac = Pseudonymiser.hmacSha256("k".repeat(32).getBytes(StandardCharsets.UTF_8),
                Pseudonymiser.Encoding.HEX);
        byte[] gz = new RawEventWriter(null, "unused", hmac).encode(EVENTS, RECEIVED);
        String text = String.join("\n", BucketContents.gunzipLines(gz));
        assertTrue(!text.contains("alice") && !text.contains("anon-1"), text);
        List<BehaviourEvent> back = BucketContents.gunzipLines(gz).stream().map(EventJson::parse).toList();
        assertEquals(hmac.apply("alice"), back.get(0).userId());
        assertEquals(hmac.apply("anon-1"), back.get(1).anonymousId());
        assertNotEquals("alice", back.get(0).userId());
    }

    @Test
    void storageFailureIsReportedNotSwallowed() throws Exception {
        Path dir = Files.createTempDirectory("propel-s3-down-");
        EmbeddedS3 own = EmbeddedS3.start(dir, 0);
        own.createBucket("down");
        java.net.URI endpoint = own.endpoint();
        own.close();
        try (S3Client client = BucketContents.failFastClient(endpoint)) {
            RawEventWriter writer = new RawEventWriter(client, "down", Pseudonymiser.identity());
            assertThrows(StorageUnavailableException.class, () -> writer.write(EVENTS, RECEIVED, "req-2"));
        } finally {
            try (var walk = Files.walk(dir)) {
                walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }
}
