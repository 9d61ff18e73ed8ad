package dev.propel.functions.logging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.propel.core.event.IngestLimits;
import dev.propel.core.log.JsonLog;
import dev.propel.core.privacy.Pseudonymiser;
import dev.propel.functions.events.SampleEvents;
import dev.propel.functions.ingest.IngestHandler;
import dev.propel.functions.ingest.IngestService;
import dev.propel.functions.metrics.EmfLines;
import dev.propel.functions.storage.RawEventWriter;
import dev.propel.s3.embedded.EmbeddedS3;
import dev.propel.s3.embedded.EmbeddedS3Extension;
import dev.propel.testkit.LambdaTestContext;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The ingest function logging through Powertools Logging as it does in Lambda (log4j2, the layout in
 * {@code log4j2.xml}): the sample {@code POST /events} twice, and the printed lines parsed back as CloudWatch Logs
 * Insights would read them.
 */
@ExtendWith(EmbeddedS3Extension.class)
class PowertoolsLoggingTest {
    // a key written twice in one object would make Logs Insights keep one of them silently
    private static final ObjectMapper STRICT = new ObjectMapper()
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
    private static final Instant NOW = Instant.parse("2026-11-28T13:45:10.250Z");

    @Test
    void eachRequestIsOnePowertoolsJsonLineWithLambdaContextCorrelationIdAndOurFields(EmbeddedS3 s3)
            throws IOException {
        APIGatewayProxyRequestEvent event = SampleEvents.load("ingest-events.json", APIGatewayProxyRequestEvent.class);
        String apiRequestId = event.getRequestContext().getRequestId();
        try (S3Client client = s3.client()) {
            RawEventWriter writer = new RawEventWriter(client, EmbeddedS3Extension.BUCKET, Pseudonymiser.identity());
            IngestService service = new IngestService(IngestLimits.DEFAULT, writer, Clock.fixed(NOW, ZoneOffset.UTC));
            IngestHandler handler = new IngestHandler(service, LambdaLogging.powertools("IngestFunction"));

            List<JsonNode> lines = new ArrayList<>();
            for (String requestId : List.of("lambda-req-log-1", "lambda-req-log-2")) {
                EmfLines.Printed<APIGatewayProxyResponseEvent> printed = EmfLines.capture(() -> handler.handleRequest(
                        event, new LambdaTestContext(requestId, "propel-IngestFunction")));
                assertEquals(202, printed.result().getStatusCode(), printed.result().getBody());
                assertEquals(1, printed.lines().size(), String.join("\n", printed.lines()));
                String line = printed.lines().get(0);
                for (String userId : userIds(event)) {
                    assertFalse(line.contains(userId), "a user id in the log: " + line);
                }
                lines.add(STRICT.readTree(line));
            }

            JsonNode cold = lines.get(0);
            JsonNode warm = lines.get(1);
            // Powertools' fields, from the Lambda context and the event
            assertEquals("INFO", cold.get("level").asText());
            assertEquals("request", cold.get("message").asText());
            assertTrue(cold.get("timestamp").asText().matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z"),
                    cold.toString());
            assertEquals("propel-IngestFunction", cold.get("function_name").asText());
            assertEquals("$LATEST", cold.get("function_version").asText());
            assertEquals("lambda-req-log-1", cold.get("function_request_id").asText());
            assertEquals("lambda-req-log-2", warm.get("function_request_id").asText());
            assertEquals(apiRequestId, cold.get("correlation_id").asText());
            assertEquals(apiRequestId, warm.get("correlation_id").asText());
            // POWERTOOLS_LOGGER_SAMPLE_RATE is unset here: Powertools then writes no sampling_rate
            assertFalse(cold.has("sampling_rate"), cold.toString());
            assertTrue(cold.has("service"), cold.toString());
            // Powertools' cold start (on-demand inits only: false in a SnapStart restore, unset outside Lambda)
            assertTrue(cold.get("cold_start").isBoolean(), cold.toString());
            assertFalse(warm.get("cold_start").asBoolean(), warm.toString());
            // ours, as log4j map entries beside them; the container's first request whatever its init
            assertTrue(cold.get("first_request").asBoolean(), cold.toString());
            assertFalse(warm.get("first_request").asBoolean(), warm.toString());
            assertEquals("IngestFunction", cold.get("function").asText());
            // the pipeline's request ids are Powertools' function_request_id and correlation_id: not written twice
            assertFalse(cold.has("request_id"), cold.toString());
            assertFalse(cold.has("api_request_id"), cold.toString());
            assertEquals(202, cold.get("status").asInt());
            assertTrue(cold.get("accepted").asInt() > 0, cold.toString());
            assertTrue(cold.get("latency_ms").isNumber() && cold.get("latency_ms").asDouble() > 0, cold.toString());
            assertFalse(cold.has("msg"), "the message is Powertools' message, not a second field");
        }
    }

    @Test
    void levelsFollowOurLevelsAndTheScopeIsClearedAfterTheInvocation() throws IOException {
        JsonLog log = LambdaLogging.powertools("ReconcileFunction");
        EmfLines.Printed<Object> printed = EmfLines.capture(() -> {
            LambdaLogging.around(log, new LambdaTestContext("lambda-req-scope", "propel-ReconcileFunction"), () -> {
                log.error("reconcile failed").with("request_id", "lambda-req-scope").with("cause", "S3Exception")
                        .log();
                log.info("repair queued").with("request_id", "repair-7").log();
                return null;
            });
            log.warn("outside an invocation").log();
            return null;
        });
        assertEquals(3, printed.lines().size(), String.join("\n", printed.lines()));
        JsonNode inside = STRICT.readTree(printed.lines().get(0));
        assertEquals("ERROR", inside.get("level").asText());
        assertEquals("reconcile failed", inside.get("message").asText());
        assertEquals("lambda-req-scope", inside.get("function_request_id").asText());
        assertEquals("S3Exception", inside.get("cause").asText());
        assertFalse(inside.has("correlation_id"), "no API Gateway event, no correlation id: " + inside);
        assertFalse(inside.has("request_id"), "the scope's own id, written once: " + inside);
        JsonNode other = STRICT.readTree(printed.lines().get(1));
        assertEquals("repair-7", other.get("request_id").asText(), "an id other than the scope's is kept");
        JsonNode outside = STRICT.readTree(printed.lines().get(2));
        assertEquals("WARN", outside.get("level").asText());
        assertFalse(outside.hasNonNull("function_request_id"), "the invocation's fields were cleared: " + outside);
        assertFalse(outside.hasNonNull("function_name"), outside.toString());
    }

    @Test
    void outsideLambdaFunctionsKeepTheirJsonLinesOnStandardOutput() {
        assertFalse(LambdaLogging.forFunction("IngestFunction", Map.of()).sink() instanceof PowertoolsLogSink);
        assertTrue(LambdaLogging.forFunction("IngestFunction", Map.of("LAMBDA_TASK_ROOT", "/var/task")).sink()
                instanceof PowertoolsLogSink);
    }

    private static List<String> userIds(APIGatewayProxyRequestEvent event) throws IOException {
        String body = new String(Base64.getDecoder().decode(event.getBody()), StandardCharsets.UTF_8);
        List<String> ids = new ArrayList<>();
        STRICT.readTree(body).get("events").forEach(e -> {
            if (e.hasNonNull("user_id")) {
                ids.add(e.get("user_id").asText());
            }
        });
        assertFalse(ids.isEmpty());
        return ids;
    }
}
