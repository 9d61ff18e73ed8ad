package dev.propel.functions.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.propel.core.event.BehaviourEvent;
import dev.propel.core.event.EventJson;
import dev.propel.core.event.IngestLimits;
import dev.propel.core.log.JsonLog;
import dev.propel.core.privacy.Pseudonymiser;
import dev.propel.functions.BucketContents;
import dev.propel.functions.storage.RawEventWriter;
import dev.propel.s3.embedded.EmbeddedS3;
import dev.propel.s3.embedded.EmbeddedS3Extension;
import dev.propel.testkit.LambdaTestContext;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.s3.S3Client;

/** The handler end to end: runtime-deserialised API Gateway events in, JSON responses out, objects in real S3. */
@ExtendWith(EmbeddedS3Extension.class)
class IngestHandlerTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Instant NOW = Instant.parse("2026-11-28T13:45:10.250Z");
    private static final String KEY = "test-hmac-key-0123456789abcdef";

    private S3Client client;
    private BucketContents bucket;
    private final ByteArrayOutputStream logBytes = new ByteArrayOutputStream();
    private String prefix;

    @BeforeEach
    void setUp(EmbeddedS3 s3) {
        client = s3.client();
        bucket = new BucketContents(client, EmbeddedS3Extension.BUCKET);
        prefix = "raw/dt=2026-11-28/hour=13/";
        for (String key : bucket.keys("raw/")) {
            client.deleteObject(b -> b.bucket(EmbeddedS3Extension.BUCKET).key(key));
        }
    }

    @AfterEach
    void tearDown() {
        client.close();
    }

    private IngestHandler handler(S3Client s3, String bucketName, Pseudonymiser pseudonymiser) {
        RawEventWriter writer = new RawEventWriter(s3, bucketName, pseudonymiser);
        IngestService service = new IngestService(IngestLimits.DEFAULT, writer, Clock.fixed(NOW, ZoneOffset.UTC));
        return new IngestHandler(service, new JsonLog("IngestFunction", new PrintStream(logBytes, true,
                StandardCharsets.UTF_8)));
    }

    private IngestHandler handler() {
        return handler(client, EmbeddedS3Extension.BUCKET, Pseudonymiser.identity());
    }

    private static JsonNode body(APIGatewayProxyResponseEvent r) throws IOException {
        assertEquals("application/json", r.getHeaders().get("Content-Type"));
        return JSON.readTree(r.getBody());
    }

    private List<JsonNode> logLines() throws IOException {
        List<JsonNode> lines = new java.util.ArrayList<>();
        for (String l : logBytes.toString(StandardCharsets.UTF_8).split("\n")) {
            if (!l.isBlank()) {
                lines.add(JSON.readTree(l));
            }
        }
        return lines;
    }

    private static String gzipBase64(String text) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream g = new GZIPOutputStream(out)) {
            g.write(text.getBytes(StandardCharsets.UTF_8));
        }
        return Base64.getEncoder().encodeToString(out.toByteArray());
    }

    @Test
    void theSampleSingleEventIsStored() throws IOException {
        String sample = ApiGatewayEvents.resource("ingest/apigw-post-events.json");
        APIGatewayProxyResponseEvent r = handler().handleRequest(ApiGatewayEvents.fromJson(sample), null);
        assertEquals(202, r.getStatusCode(), r.getBody());
        JsonNode b = body(r);
        assertEquals(1, b.get("accepted").asInt());
        assertEquals(0, b.get("rejected").size());
        // without a Lambda context the object is named after API Gateway's request id
        assertEquals(List.of(prefix + NOW.toEpochMilli() + "-c6af9ac6-7b61-11e6-9a41-93e8deadbeef.jsonl.gz"),
                bucket.keys("raw/"));
        BehaviourEvent e = EventJson.parse(bucket.gzipLines(bucket.keys("raw/").get(0)).get(0));
        assertEquals("3f2c9a1e-0b7d-4c1a-9a43-5d6e7f8a9b0c", e.eventId());
        assertEquals(NOW, e.receivedAt());
        assertEquals(Map.of("page", "/p/sku-1042", "referrer", "search"), e.properties());
    }

    @Test
    void aMixedBatchStoresTheValidEventsOnceAndReportsTheRest() throws IOException {
        APIGatewayProxyResponseEvent r = handler().handleRequest(
                ApiGatewayEvents.post(ApiGatewayEvents.resource("ingest/batch-mixed.json")), new LambdaTestContext("lambda-req-1", "IngestFunction"));
        assertEquals(202, r.getStatusCode(), r.getBody());
        JsonNode b = body(r);
        assertEquals(5, b.get("accepted").asInt());
        assertEquals(1, b.get("duplicates").asInt());
        assertEquals(4, b.get("rejected").size());
        JsonNode first = b.get("rejected").get(0);
        assertEquals(2, first.get("index").asInt());
        assertEquals("item_id", first.get("field").asText());
        assertTrue(b.get("rejected").get(3).get("field").isNull());
        assertEquals("lambda-req-1", r.getHeaders().get("X-Request-Id"));

        List<String> keys = bucket.keys("raw/");
        assertEquals(List.of(prefix + NOW.toEpochMilli() + "-lambda-req-1.jsonl.gz"), keys);
        List<BehaviourEvent> stored = bucket.gzipLines(keys.get(0)).stream().map(EventJson::parse).toList();
        assertEquals(List.of("evt-0001", "evt-0002", "evt-0004", "evt-0006"),
                stored.stream().map(BehaviourEvent::eventId).toList());
        assertEquals(Instant.parse("2026-11-28T09:01:00Z"), stored.get(1).timestamp());
        assertEquals(Instant.ofEpochMilli(1795856700000L), stored.get(2).timestamp());

        JsonNode log = logLines().get(0);
        assertEquals("lambda-req-1", log.get("request_id").asText());
        assertEquals(8, log.get("events_received").asInt());
        assertEquals(4, log.get("stored_events").asInt());
        assertEquals(202, log.get("status").asInt());
        assertTrue(log.get("latency_ms").asDouble() >= 0);
        assertTrue(log.get("bytes_in").asInt() > 0 && log.get("bytes_stored").asInt() > 0);
    }

    @Test
    void base64AndGzipBodiesAreDecoded() throws IOException {
        String batch = ApiGatewayEvents.resource("ingest/batch-mixed.json");
        APIGatewayProxyResponseEvent plainB64 = handler().handleRequest(ApiGatewayEvents.post(
                Base64.getEncoder().encodeToString(batch.getBytes(StandardCharsets.UTF_8)), true, Map.of()),
                new LambdaTestContext("b64", "IngestFunction"));
        assertEquals(202, plainB64.getStatusCode(), plainB64.getBody());
        APIGatewayProxyResponseEvent gzipped = handler().handleRequest(ApiGatewayEvents.post(gzipBase64(batch), true,
                Map.of("content-encoding", "gzip")), new LambdaTestContext("gz", "IngestFunction"));
        assertEquals(202, gzipped.getStatusCode(), gzipped.getBody());
        assertEquals(body(plainB64).get("accepted"), body(gzipped).get("accepted"));
        assertEquals(bucket.gzipLines(prefix + NOW.toEpochMilli() + "-b64.jsonl.gz"),
                bucket.gzipLines(prefix + NOW.toEpochMilli() + "-gz.jsonl.gz"));
    }

    @Test
    void everyCallerMistakeIsA4xxWithAJsonError() throws IOException {
        String valid = IngestRequestParserTest.event(1);
        Map<String, Object[]> cases = new HashMap<>();
        cases.put("unparseable", new Object[] {ApiGatewayEvents.post("{\"event_id\": oops"), 400, null});
        cases.put("all invalid", new Object[] {ApiGatewayEvents.post("{\"event_id\":\"e1\",\"type\":\"view\","
                + "\"user_id\":\"u\",\"item_id\":\"i\",\"timestamp\":\"soon\"}"), 400, "timestamp"});
        cases.put("too many", new Object[] {ApiGatewayEvents.post(IngestRequestParserTest.batch(501)), 413, "events"});
        cases.put("too big", new Object[] {ApiGatewayEvents.post("{\"events\":[" + (valid + ",").repeat(4000)
                + valid + "]}"), 413, null});
        cases.put("form post", new Object[] {ApiGatewayEvents.post(valid, false,
                Map.of("Content-Type", "application/x-www-form-urlencoded")), 415, "Content-Type"});
        cases.put("brotli", new Object[] {ApiGatewayEvents.post(valid, false, Map.of("Content-Encoding", "br")), 415,
                "Content-Encoding"});
        cases.put("bad base64", new Object[] {ApiGatewayEvents.post("*&^%", true, Map.of()), 400, null});
        cases.put("bad gzip", new Object[] {ApiGatewayEvents.post(Base64.getEncoder().encodeToString(
                valid.getBytes(StandardCharsets.UTF_8)), true, Map.of("Content-Encoding", "gzip")), 400, null});
        cases.put("UTF-32 byte-order mark", new Object[] {ApiGatewayEvents.post(Base64.getEncoder().encodeToString(
                new byte[] {(byte) 0xFF, (byte) 0xFE, 0, 0, '{', 0, 0, 0, '}', 0, 0, 0}), true, Map.of()), 400, null});
        cases.put("UTF-32LE guessed from NUL bytes", new Object[] {ApiGatewayEvents.post(Base64.getEncoder()
                .encodeToString(new byte[] {'{', 0, 0, 0, '}', 0, 0, 0}), true, Map.of()), 400, null});
        cases.put("empty", new Object[] {ApiGatewayEvents.post(""), 400, null});
        cases.put("empty batch", new Object[] {ApiGatewayEvents.post("{\"events\":[]}"), 400, "events"});
        var get = ApiGatewayEvents.post(valid);
        get.setHttpMethod("GET");
        cases.put("GET", new Object[] {get, 405, null});
        for (Map.Entry<String, Object[]> c : cases.entrySet()) {
            APIGatewayProxyResponseEvent r = handler().handleRequest(
                    (com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent) c.getValue()[0], null);
            assertEquals(c.getValue()[1], r.getStatusCode(), c.getKey() + ": " + r.getBody());
            JsonNode b = body(r);
            assertFalse(b.get("error").asText().isBlank(), c.getKey());
            if (c.getValue()[2] != null) {
                assertEquals(c.getValue()[2], b.get("field").asText(), c.getKey());
            }
            assertFalse(r.getBody().contains("Exception"), c.getKey() + ": " + r.getBody());
            assertNotNull(r.getHeaders().get("X-Request-Id"), c.getKey());
        }
        assertEquals(List.of(), bucket.keys("raw/"), "nothing stored for refused requests");
    }

    @Test
    void limitsAreExactlyTheDocumentedOnes() throws IOException {
        APIGatewayProxyResponseEvent r = handler().handleRequest(
                ApiGatewayEvents.post(IngestRequestParserTest.batch(500)), new LambdaTestContext("five-hundred", "IngestFunction"));
        assertEquals(202, r.getStatusCode());
        assertEquals(500, body(r).get("accepted").asInt());
        assertEquals(500, bucket.gzipLines(bucket.keys("raw/").get(0)).size());
    }

    @Test
    void withAKeyIdsArePseudonymisedAndNeverLogged() throws IOException {
        Pseudonymiser hmac = Pseudonymiser.fromEnvironment(Map.of(Pseudonymiser.KEY_ENV, KEY), n -> null);
        APIGatewayProxyResponseEvent r = handler(client, EmbeddedS3Extension.BUCKET, hmac).handleRequest(
                ApiGatewayEvents.post(ApiGatewayEvents.resource("ingest/batch-mixed.json")), new LambdaTestContext("hmac", "IngestFunction"));
        assertEquals(202, r.getStatusCode());
        String key = bucket.keys("raw/").get(0);
        String stored = String.join("\n", bucket.gzipLines(key));
        assertFalse(stored.contains("alice@example.com"), stored);
        assertFalse(stored.contains("anon-9"), stored);
        List<BehaviourEvent> events = bucket.gzipLines(key).stream().map(EventJson::parse).toList();
        assertEquals(hmac.apply("alice@example.com"), events.get(0).userId());
        assertEquals(hmac.apply("anon-9"), events.get(2).anonymousId());
        String log = logBytes.toString(StandardCharsets.UTF_8);
        for (String secret : List.of("alice", "anon-9", "bob", "sku-1", "red shoes", "evt-000")) {
            assertFalse(log.contains(secret), "log leaks " + secret + ": " + log);
        }
    }

    @Test
    void theEnvironmentNamesBucketEndpointAndKey(EmbeddedS3 s3) throws IOException {
        Map<String, String> env = Map.of("PROPEL_BUCKET", EmbeddedS3Extension.BUCKET,
                "PROPEL_S3_ENDPOINT", s3.endpoint().toString(), Pseudonymiser.KEY_ENV, KEY);
        IngestHandler fromEnv = new IngestHandler(IngestService.fromEnvironment(env),
                new JsonLog("IngestFunction", new PrintStream(logBytes, true, StandardCharsets.UTF_8)));
        assertEquals(202, fromEnv.handleRequest(ApiGatewayEvents.post(IngestRequestParserTest.event(1)),
                new LambdaTestContext("env", "IngestFunction")).getStatusCode());
        String key = bucket.keys("raw/").get(0);
        assertTrue(key.endsWith("-env.jsonl.gz"), key);
        BehaviourEvent e = EventJson.parse(bucket.gzipLines(key).get(0));
        assertEquals(Pseudonymiser.fromEnvironment(env, n -> null).apply("u"), e.userId());
        org.junit.jupiter.api.Assertions.assertThrows(IllegalStateException.class,
                () -> IngestService.fromEnvironment(Map.of()));
    }

    @Test
    void whenS3IsDownTheAnswerIs503WithRetryAfterAndNothingIsAcknowledged() throws IOException {
        Path dir = Files.createTempDirectory("propel-s3-down-");
        EmbeddedS3 own = EmbeddedS3.start(dir, 0);
        own.createBucket("down");
        URI endpoint = own.endpoint();
        own.close();
        try (S3Client dead = BucketContents.failFastClient(endpoint)) {
            APIGatewayProxyResponseEvent r = handler(dead, "down", Pseudonymiser.identity()).handleRequest(
                    ApiGatewayEvents.post(ApiGatewayEvents.resource("ingest/batch-mixed.json")), new LambdaTestContext("down", "IngestFunction"));
            assertEquals(503, r.getStatusCode(), r.getBody());
            assertEquals(IngestHandler.RETRY_AFTER_SECONDS, r.getHeaders().get("Retry-After"));
            assertFalse(body(r).has("accepted"));
            JsonNode log = logLines().get(0);
            assertEquals("ERROR", log.get("level").asText());
            assertEquals(503, log.get("status").asInt());
        } finally {
            Files.walk(dir).sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    @Test
    void aBugIsAJson500WithoutDetails() throws IOException {
        IngestService broken = new IngestService(IngestLimits.DEFAULT,
                new RawEventWriter(client, EmbeddedS3Extension.BUCKET, Pseudonymiser.identity()), null);
        APIGatewayProxyResponseEvent r = new IngestHandler(broken, new JsonLog("IngestFunction",
                new PrintStream(logBytes, true, StandardCharsets.UTF_8)))
                .handleRequest(ApiGatewayEvents.post(IngestRequestParserTest.event(1)), new LambdaTestContext("bug", "IngestFunction"));
        assertEquals(500, r.getStatusCode());
        assertEquals("internal error", body(r).get("error").asText());
        assertEquals("java.lang.NullPointerException", logLines().get(0).get("cause").asText());
    }

    @Test
    void whenS3AnswersErrorsTheAnswerIs503(EmbeddedS3 s3) throws IOException {
        // a live server that refuses the write (no such bucket): still the store's fault, never the caller's
        APIGatewayProxyResponseEvent r = handler(client, "no-such-bucket", Pseudonymiser.identity()).handleRequest(
                ApiGatewayEvents.post(IngestRequestParserTest.event(1)), new LambdaTestContext("nobucket", "IngestFunction"));
        assertEquals(503, r.getStatusCode(), r.getBody());
        assertNotNull(r.getHeaders().get("Retry-After"));
    }

    @Test
    void retryingTheSameBatchWritesASecondObjectWithTheSameEvents() throws IOException {
        String batch = ApiGatewayEvents.resource("ingest/batch-mixed.json");
        handler().handleRequest(ApiGatewayEvents.post(batch), new LambdaTestContext("try-1", "IngestFunction"));
        handler().handleRequest(ApiGatewayEvents.post(batch), new LambdaTestContext("try-2", "IngestFunction"));
        List<String> keys = bucket.keys("raw/");
        assertEquals(2, keys.size());
        assertEquals(bucket.gzipLines(keys.get(0)), bucket.gzipLines(keys.get(1)),
                "same event_ids, so stage 1 and later deduplicate the retry");
    }
}
