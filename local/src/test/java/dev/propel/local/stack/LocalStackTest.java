package dev.propel.local.stack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.events.S3Event;
import com.amazonaws.services.lambda.runtime.events.ScheduledEvent;
import com.amazonaws.services.lambda.runtime.events.models.s3.S3EventNotification.S3EventNotificationRecord;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.propel.local.runtime.Invocation;
import dev.propel.local.testhandlers.EchoApiHandler;
import dev.propel.local.testhandlers.S3RecorderHandler;
import dev.propel.local.testhandlers.TickHandler;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.Comparator;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

/** The local stack over real HTTP: API Gateway emulation, S3 notifications from a plain client, schedules. */
class LocalStackTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static Path state;
    private static LocalStack stack;
    private static final ByteArrayOutputStream LOG = new ByteArrayOutputStream();

    @BeforeAll
    static void start() throws IOException {
        state = Files.createTempDirectory("propel-local-");
        stack = LocalStack.start(LocalStackConfig.defaults(Path.of("src/test/resources/test-template.yaml"), state)
                .withPorts(0, 0)
                .withSchedules(true, Duration.ofMillis(300))
                .withEnv(Map.of("EXTRA", "from-cli"))
                .withOut(new PrintStream(LOG, true, StandardCharsets.UTF_8)));
    }

    @AfterAll
    static void stop() throws IOException {
        stack.close();
        assertFalse(Files.exists(state.resolve(Endpoints.FILE)), "endpoints.json goes when the stack stops");
        try (Stream<Path> walk = Files.walk(state)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    private static HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static URI api(String pathAndQuery) {
        return URI.create(stack.apiEndpoint() + pathAndQuery);
    }

    @Test
    void endpointsFileNamesTheRunningStack() throws IOException {
        JsonNode e = JSON.readTree(state.resolve(Endpoints.FILE).toFile());
        assertEquals(stack.apiEndpoint().toString(), e.get("api").asText());
        assertEquals(stack.s3Endpoint().toString(), e.get("s3").asText());
        assertEquals("propel-000000000000-events", e.get("bucket").asText());
    }

    @Test
    void httpRequestBecomesAProxyEventAndTheResponseComesBack() throws Exception {
        int before = EchoApiHandler.INSTANCES.get();
        HttpResponse<String> r = send(HttpRequest.newBuilder(api("/echo?a=1&a=2&b=x%20y"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"hello\":\"wörld\"}")));
        assertEquals(201, r.statusCode());
        assertEquals("yes", r.headers().firstValue("X-Echo").orElseThrow());
        JsonNode e = JSON.readTree(r.body());
        assertEquals("/echo", e.get("resource").asText());
        assertEquals("/echo", e.get("path").asText());
        assertEquals("POST", e.get("method").asText());
        assertEquals("{\"hello\":\"wörld\"}", e.get("body").asText());
        assertFalse(e.get("isBase64Encoded").asBoolean());
        assertEquals("2", e.get("query").get("a").asText());
        assertEquals("x y", e.get("query").get("b").asText());
        assertEquals("[\"1\",\"2\"]", e.get("multiQuery").get("a").toString());
        assertTrue(e.get("pathParameters").isNull());
        assertEquals("application/json", e.get("contentType").asText());
        assertEquals("Prod", e.get("stage").asText());
        assertEquals("127.0.0.1", e.get("sourceIp").asText());
        assertFalse(e.get("requestId").asText().isEmpty());
        assertTrue(Math.abs(System.currentTimeMillis() - e.get("requestTimeEpoch").asLong()) < 60_000);
        assertEquals("EchoFunction", e.get("functionName").asText());
        assertTrue(e.get("remainingMs").asInt() > 25_000, "30 s timeout from Globals");
        JsonNode env = e.get("env");
        assertEquals("propel-000000000000-events", env.get("PROPEL_BUCKET").asText());
        assertEquals(stack.s3Endpoint().toString(), env.get("PROPEL_S3_ENDPOINT").asText());
        assertEquals("hello", env.get("GREETING").asText());
        assertEquals("from-cli", env.get("EXTRA").asText());
        assertEquals("EchoFunction", env.get("AWS_LAMBDA_FUNCTION_NAME").asText());

        HttpResponse<String> item = send(HttpRequest.newBuilder(api("/items/sku%2042")).GET());
        assertEquals(200, item.statusCode());
        JsonNode i = JSON.readTree(item.body());
        assertEquals("/items/{id}", i.get("resource").asText());
        assertEquals("sku 42", i.get("pathParameters").get("id").asText());
        assertTrue(i.get("body").isNull());
        assertEquals(e.get("calls").asInt() + 1, i.get("calls").asInt(), "same warm instance");
        assertTrue(EchoApiHandler.INSTANCES.get() - before <= 1, "one cold start per function");
        assertTrue(stack.function("EchoFunction").warm());
    }

    @Test
    void gzipBodiesArriveBase64Encoded() throws Exception {
        ByteArrayOutputStream gz = new ByteArrayOutputStream();
        try (GZIPOutputStream out = new GZIPOutputStream(gz)) {
            out.write("{\"events\":[]}".getBytes(StandardCharsets.UTF_8));
        }
        HttpResponse<String> r = send(HttpRequest.newBuilder(api("/echo"))
                .header("Content-Type", "application/json").header("Content-Encoding", "gzip")
                .POST(HttpRequest.BodyPublishers.ofByteArray(gz.toByteArray())));
        JsonNode e = JSON.readTree(r.body());
        assertTrue(e.get("isBase64Encoded").asBoolean());
        assertEquals(Base64.getEncoder().encodeToString(gz.toByteArray()), e.get("body").asText());
    }

    @Test
    void unknownRoutesAre404AndWrongMethods405AsJson() throws Exception {
        HttpResponse<String> missing = send(HttpRequest.newBuilder(api("/nothing-here")).GET());
        assertEquals(404, missing.statusCode());
        assertEquals("path", JSON.readTree(missing.body()).get("field").asText());
        HttpResponse<String> wrong = send(HttpRequest.newBuilder(api("/echo")).GET());
        assertEquals(405, wrong.statusCode());
        assertEquals("POST", wrong.headers().firstValue("Allow").orElseThrow());
        assertTrue(JSON.readTree(wrong.body()).get("error").asText().contains("not allowed"));
    }

    @Test
    void aPutByAPlainS3ClientDeliversAnS3EventToTheSubscribedFunction() throws Exception {
        String key = "raw/dt=2026-11-28/hour=09/1764320000000-a b+c.jsonl.gz";
        byte[] body = "{\"event_id\":\"e1\"}\n".getBytes(StandardCharsets.UTF_8);
        try (S3Client s3 = S3Client.builder()
                .endpointOverride(stack.s3Endpoint())
                .region(software.amazon.awssdk.regions.Region.US_EAST_1)
                .forcePathStyle(true)
                .credentialsProvider(software.amazon.awssdk.auth.credentials.StaticCredentialsProvider.create(
                        software.amazon.awssdk.auth.credentials.AwsBasicCredentials.create("any", "thing")))
                .httpClientBuilder(software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient.builder())
                .build()) {
            S3RecorderHandler.RECEIVED.clear();
            s3.putObject(b -> b.bucket(stack.bucket()).key("raw/dt=2026-11-28/hour=09/ignored.json"),
                    RequestBody.fromBytes(body));
            s3.putObject(b -> b.bucket(stack.bucket()).key("clean/dt=2026-11-28/hour=09/ignored.jsonl.gz"),
                    RequestBody.fromBytes(body));
            s3.putObject(b -> b.bucket(stack.bucket()).key(key), RequestBody.fromBytes(body));

            S3Event event = S3RecorderHandler.RECEIVED.poll(10, TimeUnit.SECONDS);
            assertNotNull(event, "the PUT reached the subscribed function");
            S3EventNotificationRecord r = event.getRecords().get(0);
            assertEquals("2.1", r.getEventVersion());
            assertEquals("aws:s3", r.getEventSource());
            assertEquals("us-east-1", r.getAwsRegion());
            assertEquals("ObjectCreated:Put", r.getEventName());
            assertNotNull(r.getEventTime());
            assertEquals(stack.bucket(), r.getS3().getBucket().getName());
            assertEquals("arn:aws:s3:::" + stack.bucket(), r.getS3().getBucket().getArn());
            assertEquals("raw/dt%3D2026-11-28/hour%3D09/1764320000000-a+b%2Bc.jsonl.gz", r.getS3().getObject().getKey());
            assertEquals(key, r.getS3().getObject().getUrlDecodedKey());
            assertEquals(body.length, r.getS3().getObject().getSizeAsLong());
            assertFalse(r.getS3().getObject().geteTag().contains("\""));
            assertNotNull(r.getS3().getObject().getSequencer());

            s3.copyObject(b -> b.sourceBucket(stack.bucket()).sourceKey(key).destinationBucket(stack.bucket())
                    .destinationKey("raw/copied.jsonl.gz"));
            // the stack is shared with this class's other tests, whose own notifications may still be arriving:
            // wait for the one about this copy
            S3Event copied = null;
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (copied == null && System.nanoTime() < deadline) {
                S3Event next = S3RecorderHandler.RECEIVED.poll(100, TimeUnit.MILLISECONDS);
                if (next != null && next.getRecords().get(0).getS3().getObject().getUrlDecodedKey()
                        .equals("raw/copied.jsonl.gz")) {
                    copied = next;
                }
            }
            assertNotNull(copied, "the copy reached the subscribed function");
            assertEquals("ObjectCreated:Copy", copied.getRecords().get(0).getEventName());
            assertEquals(body.length, copied.getRecords().get(0).getS3().getObject().getSizeAsLong(),
                    "size looked up when the server does not announce it");

            assertTrue(stack.awaitIdle(Duration.ofSeconds(10)));
            // S3 notifies at least once, so a repeat of the events above may still come; the filtered keys never
            for (S3Event late = S3RecorderHandler.RECEIVED.poll(); late != null;
                    late = S3RecorderHandler.RECEIVED.poll()) {
                String lateKey = late.getRecords().get(0).getS3().getObject().getUrlDecodedKey();
                assertTrue(lateKey.equals(key) || lateKey.equals("raw/copied.jsonl.gz"),
                        "filtered keys (wrong prefix or suffix) never arrive: " + lateKey);
            }
        }
        Map<String, String> env = S3RecorderHandler.ENVIRONMENTS.peek();
        assertNotNull(env);
        assertEquals(stack.bucket(), env.get("PROPEL_BUCKET"));
        assertEquals(stack.s3Endpoint().toString(), env.get("PROPEL_S3_ENDPOINT"));
    }

    @Test
    void schedulesRunScheduledFunctionsWithAScheduledEvent() throws Exception {
        ScheduledEvent e = TickHandler.RECEIVED.poll(10, TimeUnit.SECONDS);
        assertNotNull(e, "--schedule-every runs rate(1 hour) fast");
        assertEquals("aws.events", e.getSource());
        assertEquals("Scheduled Event", e.getDetailType());
        assertEquals("000000000000", e.getAccount());
        assertTrue(e.getResources().get(0).startsWith("arn:aws:events:us-east-1:000000000000:rule/TickFunction"));
    }

    @Test
    void streamHandlersAndFailuresFollowTheLambdaContract() {
        Invocation ok = stack.invoke("StreamFunction", "\"abc\"".getBytes(StandardCharsets.UTF_8));
        assertFalse(ok.failed());
        assertEquals("\"ABC\"", ok.payloadText());
        Invocation failed = stack.invoke("StreamFunction", "\"fail\"".getBytes(StandardCharsets.UTF_8));
        assertTrue(failed.failed());
        assertTrue(failed.payloadText().contains("\"errorType\":\"java.lang.IllegalArgumentException\""));
        assertTrue(failed.payloadText().contains("\"errorMessage\":\"asked to fail\""));
    }

    @Test
    void everyInvocationLogsOneJsonLineWithTheFunctionName() throws Exception {
        stack.invoke("StreamFunction", "\"x\"".getBytes(StandardCharsets.UTF_8));
        JsonNode last = null;
        for (String line : LOG.toString(StandardCharsets.UTF_8).split("\n")) {
            if (line.startsWith("{") && line.contains("\"function\":\"StreamFunction\"")
                    && line.contains("\"msg\":\"invoke\"")) {
                last = JSON.readTree(line);
            }
        }
        assertNotNull(last);
        assertEquals("ok", last.get("status").asText());
        assertTrue(last.has("request_id"));
        assertTrue(last.has("duration_ms"));
        assertTrue(last.has("cold_start"));
    }
}
