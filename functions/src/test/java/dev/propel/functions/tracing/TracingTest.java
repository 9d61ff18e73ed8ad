package dev.propel.functions.tracing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.propel.core.log.JsonLog;
import dev.propel.functions.serving.PredictHandler;
import dev.propel.functions.serving.ServingConfig;
import dev.propel.functions.serving.ServingContext;
import dev.propel.functions.testing.ApiEvents;
import dev.propel.s3.embedded.EmbeddedS3;
import dev.propel.s3.embedded.EmbeddedS3Extension;
import dev.propel.testkit.TestModels;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3Configuration;

/**
 * The tracing seam: off outside Lambda (tests, the local stack), and inside a traced invocation, as Lambda runs it
 * (the runtime's trace header per invocation, the daemon address from the environment), a subsegment per traced
 * step and per AWS SDK call, recorded by the real X-Ray SDK and received as the UDP datagrams it sends to a socket
 * standing where Lambda's X-Ray daemon listens.
 */
@ExtendWith(EmbeddedS3Extension.class)
class TracingTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String ROOT = "1-6765f2a0-0123456789abcdef01234567";
    private static final String PARENT = "53995c3f42cd8ad8";

    private DatagramSocket daemon;
    private Tracing tracing;

    @BeforeEach
    void listenWhereTheDaemonWould() throws IOException {
        daemon = new DatagramSocket(0, InetAddress.getLoopbackAddress());
        // a missing datagram fails the test instead of hanging it
        daemon.setSoTimeout(10_000);
        tracing = Tracing.fromEnvironment(Map.of(Tracing.TASK_ROOT_ENV, "/var/task",
                Tracing.DAEMON_ENV, "127.0.0.1:" + daemon.getLocalPort()));
    }

    @AfterEach
    void endInvocation() {
        System.clearProperty(Tracing.TRACE_HEADER_PROPERTY);
        daemon.close();
    }

    @Test
    void offUnlessLambdaRunsTheFunctionWithTracingOn() {
        assertFalse(Tracing.lambda().active(), "the test JVM is no Lambda function");
        assertFalse(Tracing.fromEnvironment(Map.of(Tracing.TASK_ROOT_ENV, "/var/task")).active());
        assertFalse(Tracing.fromEnvironment(Map.of(Tracing.DAEMON_ENV, "127.0.0.1:2000")).active());
        assertTrue(tracing.active());
        // off, a span needs no trace header at all (the X-Ray SDK would complain about the missing context)
        try (TraceSpan span = Tracing.off().begin("model inference")) {
            assertTrue(span != null);
        }
    }

    @Test
    void aSampledInvocationSendsInferenceAndS3CallsAsSubsegmentsOfLambdasSegment(EmbeddedS3 server)
            throws IOException {
        try (S3Client s3 = tracedClient(server)) {
            invocation(ROOT, true);
            try (TraceSpan span = tracing.begin("model inference")) {
                s3.headBucket(b -> b.bucket(EmbeddedS3Extension.BUCKET));
            }
            s3.listObjectsV2(b -> b.bucket(EmbeddedS3Extension.BUCKET));

            // each of the segment's subsegments goes out when it ends, with what was nested in it
            JsonNode inference = receive();
            JsonNode list = receive();
            assertEquals("model inference", inference.get("name").asText());
            assertEquals("subsegment", inference.get("type").asText());
            assertEquals(ROOT, inference.get("trace_id").asText());
            assertEquals(PARENT, inference.get("parent_id").asText(), "a child of Lambda's function segment");
            assertTrue(inference.get("end_time").asDouble() >= inference.get("start_time").asDouble());
            JsonNode head = inference.get("subsegments").get(0);
            assertEquals("S3", head.get("name").asText());
            assertEquals("aws", head.get("namespace").asText());
            assertEquals("HeadBucket", head.get("aws").get("operation").asText());
            assertEquals("S3", list.get("name").asText());
            assertEquals("ListObjectsV2", list.get("aws").get("operation").asText());
            assertEquals(ROOT, list.get("trace_id").asText());
            assertEquals(PARENT, list.get("parent_id").asText(), "the span ended: back at the segment");
            assertTrue(list.get("end_time").asDouble() >= list.get("start_time").asDouble());

            // Lambda did not sample the next invocation: nothing is sent, so the one after is the next datagram
            invocation("1-6765f2a1-89abcdef0123456789abcdef", false);
            try (TraceSpan span = tracing.begin("model inference")) {
                s3.listObjectsV2(b -> b.bucket(EmbeddedS3Extension.BUCKET));
            }
            String sampled = "1-6765f2a2-fedcba9876543210fedcba98";
            invocation(sampled, true);
            tracing.begin("model inference").close();
            assertEquals(sampled, receive().get("trace_id").asText());
        }
    }

    @Test
    void onlyAHeaderSayingSampledOneBeginsSubsegmentsAsTheSdksLambdaContextDecides() {
        assertTrue(XRaySpans.sampled("Root=" + ROOT + ";Parent=" + PARENT + ";Sampled=1"));
        assertTrue(XRaySpans.sampled("Root=" + ROOT + "; Parent=" + PARENT + "; Sampled=1; Lineage=a87bd80c:0"));
        assertFalse(XRaySpans.sampled("Root=" + ROOT + ";Parent=" + PARENT + ";Sampled=0"));
        // "?" asks a downstream service to decide: the SDK's Lambda facade segment then records nothing
        assertFalse(XRaySpans.sampled("Root=" + ROOT + ";Parent=" + PARENT + ";Sampled=?"));
        assertFalse(XRaySpans.sampled("Root=" + ROOT + ";Parent=" + PARENT));
        assertFalse(XRaySpans.sampled(null));
    }

    @Test
    void anUnsampledInvocationLeavesTheSdkContextUsableForTheNextSampledOne(EmbeddedS3 server) throws IOException {
        try (S3Client s3 = tracedClient(server)) {
            // unsampled: our span begins nothing, the S3 call's own no-op subsegment ends within the call
            invocation("1-6765f2c0-000000000000000000000001", false);
            try (TraceSpan span = tracing.begin("model inference")) {
                s3.listObjectsV2(b -> b.bucket(EmbeddedS3Extension.BUCKET));
            }
            s3.headBucket(b -> b.bucket(EmbeddedS3Extension.BUCKET));
            String sampled = "1-6765f2c1-000000000000000000000002";
            invocation(sampled, true);
            try (TraceSpan span = tracing.begin("model inference")) {
                s3.headBucket(b -> b.bucket(EmbeddedS3Extension.BUCKET));
            }
            // the first datagram is the sampled invocation's, its S3 call nested in the span, under Lambda's segment
            JsonNode inference = receive();
            assertEquals("model inference", inference.get("name").asText());
            assertEquals(sampled, inference.get("trace_id").asText());
            assertEquals(PARENT, inference.get("parent_id").asText());
            assertEquals("HeadBucket", inference.get("subsegments").get(0).get("aws").get("operation").asText());
        }
    }

    @Test
    void theServingCodeRecordsEachInferenceThroughTheTracingItIsGiven(EmbeddedS3 server) throws IOException {
        S3Client s3 = server.client();
        TestModels.publish(s3, EmbeddedS3Extension.BUCKET, TestModels.conversion(), "20261128T090000Z");
        ServingContext serving = new ServingContext(new ServingConfig(EmbeddedS3Extension.BUCKET,
                Duration.ofSeconds(60), 1), s3, (event, at, requestId) -> {
                }, tracing);
        PredictHandler predict = new PredictHandler(serving.predictor(),
                new JsonLog("PredictFunction", new PrintStream(OutputStream.nullOutputStream())));
        List<String> roots = List.of("1-6765f2b0-000000000000000000000001", "1-6765f2b1-000000000000000000000002");
        for (String root : roots) {
            invocation(root, true);
            APIGatewayProxyResponseEvent response = predict.handleRequest(ApiEvents.sample("predict.json"), null);
            assertEquals(200, response.getStatusCode(), response.getBody());
        }
        List<JsonNode> spans = new ArrayList<>();
        for (int i = 0; i < roots.size(); i++) {
            spans.add(receive());
        }
        // the model's GET at the first request is an untraced client's (a test S3 client): only inferences here
        assertEquals(List.of("model inference", "model inference"),
                spans.stream().map(s -> s.get("name").asText()).toList());
        assertEquals(roots, spans.stream().map(s -> s.get("trace_id").asText()).toList());
        assertTrue(spans.stream().allMatch(s -> s.get("parent_id").asText().equals(PARENT)));
    }

    /** A client of the embedded S3 whose calls X-Ray's interceptor records through this test's tracing. */
    private S3Client tracedClient(EmbeddedS3 server) {
        return S3Client.builder()
                .httpClientBuilder(UrlConnectionHttpClient.builder())
                .endpointOverride(server.endpoint())
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(
                        AwsBasicCredentials.create("propel-local", "propel-local-secret")))
                .serviceConfiguration(S3Configuration.builder().pathStyleAccessEnabled(true).build())
                .overrideConfiguration(c -> c.addExecutionInterceptor(new AwsCallTracingInterceptor(tracing)))
                .build();
    }

    /** What the Java runtime does before each invocation of a function with tracing on. */
    private static void invocation(String root, boolean sampled) {
        System.setProperty(Tracing.TRACE_HEADER_PROPERTY,
                "Root=" + root + ";Parent=" + PARENT + ";Sampled=" + (sampled ? "1" : "0"));
    }

    /** One datagram as the daemon reads it: a protocol header line, then the subsegment's JSON. */
    private JsonNode receive() throws IOException {
        DatagramPacket packet = new DatagramPacket(new byte[64 * 1024], 64 * 1024);
        daemon.receive(packet);
        String text = new String(packet.getData(), 0, packet.getLength(), StandardCharsets.UTF_8);
        int newline = text.indexOf('\n');
        assertEquals("json", JSON.readTree(text.substring(0, newline)).get("format").asText(), text);
        return JSON.readTree(text.substring(newline + 1));
    }
}
