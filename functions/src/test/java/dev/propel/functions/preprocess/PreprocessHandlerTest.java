package dev.propel.functions.preprocess;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.events.S3Event;
import com.amazonaws.services.lambda.runtime.serialization.events.LambdaEventSerializers;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.propel.core.event.BehaviourEvent;
import dev.propel.core.event.EventJson;
import dev.propel.core.event.IngestLimits;
import dev.propel.core.layout.S3Layout;
import dev.propel.core.log.JsonLog;
import dev.propel.core.privacy.Pseudonymiser;
import dev.propel.functions.AthenaDdl;
import dev.propel.functions.AthenaLayoutCheck;
import dev.propel.functions.BucketContents;
import dev.propel.functions.storage.RawEventWriter;
import dev.propel.functions.metrics.EmfLines;
import dev.propel.functions.metrics.EmfMetricsPublisher;
import dev.propel.s3.embedded.EmbeddedS3;
import dev.propel.s3.embedded.EmbeddedS3Extension;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

/** Stage 1 end to end: runtime-deserialised S3 events, objects in and out of real (embedded) S3. */
@ExtendWith(EmbeddedS3Extension.class)
class PreprocessHandlerTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String BUCKET = EmbeddedS3Extension.BUCKET;
    private static final String KEY_A = "raw/dt=2026-11-28/hour=09/1795856400000-req-a.jsonl.gz";
    private static final String KEY_B = "raw/dt=2026-11-28/hour=09/1795856400001-from partner feed.jsonl.gz";

    private S3Client client;
    private BucketContents bucket;
    private final ByteArrayOutputStream logBytes = new ByteArrayOutputStream();

    @BeforeEach
    void setUp(EmbeddedS3 s3) {
        client = s3.client();
        bucket = new BucketContents(client, BUCKET);
        for (String key : bucket.keys("")) {
            client.deleteObject(b -> b.bucket(BUCKET).key(key));
        }
    }

    @AfterEach
    void tearDown() {
        client.close();
    }

    private PreprocessHandler handler(S3Client s3) {
        return new PreprocessHandler(new PreprocessService(s3, IngestLimits.DEFAULT),
                new JsonLog("PreprocessFunction", new PrintStream(logBytes, true, StandardCharsets.UTF_8)));
    }

    private static S3Event sampleEvent() throws IOException {
        try (InputStream in = PreprocessHandlerTest.class.getResourceAsStream("/preprocess/s3-object-created.json")) {
            String json = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            return LambdaEventSerializers.serializerFor(S3Event.class, PreprocessHandlerTest.class.getClassLoader())
                    .fromJson(json);
        }
    }

    private void put(String key, byte[] body) {
        client.putObject(b -> b.bucket(BUCKET).key(key), RequestBody.fromBytes(body));
    }

    /** Object A as ingest writes it (through the real writer); object B from another producer, with flaws. */
    private void putSampleObjects() throws IOException {
        Instant received = Instant.parse("2026-11-28T09:00:00Z");
        List<BehaviourEvent> events = List.of(
                new BehaviourEvent("e1", "view", "u1", null, "s1", "i1", Instant.parse("2026-11-28T08:59:00Z"), null,
                        null, Map.of("page", "/p/i1"), null),
                new BehaviourEvent(" e2", "Add To Cart", " u1 ", null, "s1", "i1",
                        Instant.parse("2026-11-28T08:59:30Z"), 12.5, 1, Map.of(), null));
        put(KEY_A, new RawEventWriter(null, BUCKET, Pseudonymiser.identity()).encode(events, received));
        String b = String.join("\n",
                RawObjectCleanerTest.line("p1", "purchase", ",\"price\":20,\"quantity\":1"),
                RawObjectCleanerTest.line("p1", "purchase", ",\"price\":20,\"quantity\":1"),
                "{\"event_id\":\"p2\",\"type\":\"purchase\"}",
                "this is not json",
                RawObjectCleanerTest.line("p3", "search", ",\"properties\":{\"query\":\"shoes\"}")) + "\n";
        put(KEY_B, RawObjectCleanerTest.gzip(b));
    }

    @Test
    void printsOneEmfLineWithTheLinesBadLinesAndObjectsOfTheEvent() throws IOException {
        putSampleObjects();
        PreprocessHandler handler = new PreprocessHandler(new PreprocessService(client, IngestLimits.DEFAULT),
                new JsonLog("PreprocessFunction", new PrintStream(logBytes, true, StandardCharsets.UTF_8)),
                EmfMetricsPublisher.forFunction("PreprocessFunction"));
        S3Event event = sampleEvent();
        EmfLines.Printed<String> printed = EmfLines.capture(() -> handler.handleRequest(event, null));

        assertEquals(1, printed.emf().size(), printed.lines().toString());
        JsonNode emf = printed.emf().get(0);
        assertEquals(List.of("function"), EmfLines.dimensions(emf));
        assertEquals("PreprocessFunction", emf.get("function").asText());
        // the anchor: the per-object log lines of the same run
        int lines = 0;
        for (String l : logBytes.toString(StandardCharsets.UTF_8).split("\n")) {
            lines += JSON.readTree(l).path("lines").asInt();
        }
        assertEquals(Map.of("PreprocessLines", List.of("Count", String.valueOf((double) lines)),
                "PreprocessBadLines", List.of("Count", "2.0"),
                "ObjectsCleaned", List.of("Count", "2.0"),
                "ObjectsQuarantined", List.of("Count", "0.0")), EmfLines.metrics(emf));
        assertEquals(7, lines);
    }

    @Test
    void cleansEveryRecordOfTheEventUnderTheSameNames() throws IOException {
        putSampleObjects();
        String summary = handler(client).handleRequest(sampleEvent(), null);
        assertEquals(Map.of("cleaned", 2, "quarantined", 0, "skipped", 0),
                JSON.convertValue(JSON.readTree(summary), Map.class));
        assertEquals(List.of(S3Layout.cleanKeyFor(KEY_A), S3Layout.cleanKeyFor(KEY_B)), bucket.keys("clean/"));

        List<BehaviourEvent> a = bucket.gzipLines(S3Layout.cleanKeyFor(KEY_A)).stream().map(EventJson::parse).toList();
        assertEquals(List.of("e1", "e2"), a.stream().map(BehaviourEvent::eventId).toList());
        assertEquals("add_to_cart", a.get(1).type());
        assertEquals("u1", a.get(1).userId());

        List<BehaviourEvent> b = bucket.gzipLines(S3Layout.cleanKeyFor(KEY_B)).stream().map(EventJson::parse).toList();
        assertEquals(List.of("p1", "p3"), b.stream().map(BehaviourEvent::eventId).toList());

        // the bad lines of B are quarantined with their reasons, the good ones went on
        assertEquals(List.of(S3Layout.quarantineKeyFor(KEY_B), S3Layout.quarantineReasonKeyFor(KEY_B)),
                bucket.keys("quarantine/"));
        assertEquals(List.of("{\"event_id\":\"p2\",\"type\":\"purchase\"}", "this is not json"),
                bucket.gzipLines(S3Layout.quarantineKeyFor(KEY_B)));
        JsonNode reason = JSON.readTree(bucket.text(S3Layout.quarantineReasonKeyFor(KEY_B)));
        assertEquals("bad_lines", reason.get("reason").asText());
        assertEquals(KEY_B, reason.get("source").asText());
        assertEquals(2, reason.get("bad_lines").asInt());
        assertEquals(3, reason.get("errors").get(0).get("line").asInt());
        assertEquals("timestamp", reason.get("errors").get(0).get("field").asText());

        JsonNode log = JSON.readTree(logBytes.toString(StandardCharsets.UTF_8).split("\n")[1]);
        assertEquals(KEY_B, log.get("key").asText());
        assertEquals(1, log.get("duplicates").asInt());
        assertEquals(2, log.get("bad_lines").asInt());

        AthenaDdl cleanTable = AthenaDdl.table("propel_clean_events");
        AthenaLayoutCheck.check(cleanTable, S3Layout.cleanKeyFor(KEY_A), bucket.gzipLines(S3Layout.cleanKeyFor(KEY_A)));
        AthenaLayoutCheck.check(cleanTable, S3Layout.cleanKeyFor(KEY_B), bucket.gzipLines(S3Layout.cleanKeyFor(KEY_B)));
    }

    @Test
    void processingTheSameObjectsTwiceWritesTheSameBytes() throws IOException {
        putSampleObjects();
        handler(client).handleRequest(sampleEvent(), null);
        List<String> keys = bucket.keys("");
        List<byte[]> first = keys.stream().filter(k -> !k.startsWith("raw/")).map(bucket::bytes).toList();
        handler(client).handleRequest(sampleEvent(), null);
        assertEquals(keys, bucket.keys(""));
        List<byte[]> second = keys.stream().filter(k -> !k.startsWith("raw/")).map(bucket::bytes).toList();
        for (int i = 0; i < first.size(); i++) {
            assertArrayEquals(first.get(i), second.get(i));
        }
    }

    @Test
    void anUnreadableObjectIsQuarantinedAndTheInvocationSucceeds() throws IOException {
        putSampleObjects();
        byte[] notGzip = "definitely not gzip".getBytes(StandardCharsets.UTF_8);
        put(KEY_A, notGzip);
        String summary = handler(client).handleRequest(sampleEvent(), null);
        assertEquals(1, JSON.readTree(summary).get("quarantined").asInt());
        assertEquals(1, JSON.readTree(summary).get("cleaned").asInt());
        assertArrayEquals(notGzip, bucket.bytes(S3Layout.quarantineKeyFor(KEY_A)));
        JsonNode reason = JSON.readTree(bucket.text(S3Layout.quarantineReasonKeyFor(KEY_A)));
        assertEquals("unreadable", reason.get("reason").asText());
        assertTrue(reason.get("detail").asText().contains("gzip"), reason.toString());
        assertEquals(List.of(S3Layout.cleanKeyFor(KEY_B)), bucket.keys("clean/"));
    }

    @Test
    void objectsOutsideRawAndVanishedObjectsAreSkipped() throws IOException {
        PreprocessService service = new PreprocessService(client, IngestLimits.DEFAULT);
        assertEquals(PreprocessOutcome.Status.SKIPPED, service.process(BUCKET, "clean/dt=2026-11-28/hour=09/x.jsonl.gz").status());
        assertEquals(PreprocessOutcome.Status.MISSING, service.process(BUCKET, KEY_A).status());
        String summary = handler(client).handleRequest(sampleEvent(), null);
        assertEquals(2, JSON.readTree(summary).get("skipped").asInt());
        assertEquals(List.of(), bucket.keys(""));
    }

    @Test
    void storageFailureFailsTheInvocationSoLambdaRetries() throws IOException {
        Path dir = Files.createTempDirectory("propel-s3-down-");
        EmbeddedS3 own = EmbeddedS3.start(dir, 0);
        URI endpoint = own.endpoint();
        own.close();
        try (S3Client dead = BucketContents.failFastClient(endpoint)) {
            assertThrows(RuntimeException.class, () -> handler(dead).handleRequest(sampleEvent(), null));
            assertTrue(logBytes.toString(StandardCharsets.UTF_8).contains("\"level\":\"ERROR\""));
        } finally {
            Files.walk(dir).sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
