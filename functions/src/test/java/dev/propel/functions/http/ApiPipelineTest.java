package dev.propel.functions.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import com.fasterxml.jackson.databind.JsonNode;
import dev.propel.core.event.IngestLimits;
import dev.propel.core.log.JsonLog;
import dev.propel.core.privacy.Pseudonymiser;
import dev.propel.core.storage.S3ClientFactory;
import dev.propel.functions.ingest.IngestHandler;
import dev.propel.functions.ingest.IngestService;
import dev.propel.functions.serving.PredictHandler;
import dev.propel.functions.serving.ServingConfig;
import dev.propel.functions.serving.ServingContext;
import dev.propel.functions.storage.RawEventWriter;
import dev.propel.functions.testing.ApiEvents;
import dev.propel.s3.embedded.EmbeddedS3;
import dev.propel.s3.embedded.EmbeddedS3Extension;
import dev.propel.testkit.LambdaTestContext;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Ingest and serving answer and log through the one {@link ApiPipeline}: the same request id (Lambda's invocation
 * id, else API Gateway's), the same {@code X-Request-Id} header, the same log line (cold start, fractional
 * {@code latency_ms}) and the same {@link ErrorMapping} for storage and model outages, on the real sample events
 * against the embedded S3.
 */
@ExtendWith(EmbeddedS3Extension.class)
class ApiPipelineTest {
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-28T10:00:00Z"), ZoneOffset.UTC);

    private final ByteArrayOutputStream ingestLog = new ByteArrayOutputStream();
    private final ByteArrayOutputStream predictLog = new ByteArrayOutputStream();

    @Test
    void ingestAndPredictShareTheRequestIdHeaderAndLogLine(EmbeddedS3 server) {
        server.createBucket("no-models");
        IngestHandler ingest = ingest(server.client(), EmbeddedS3Extension.BUCKET);
        PredictHandler predict = predict(server, "no-models");
        APIGatewayProxyRequestEvent ingestEvent = ApiEvents.sample("ingest-events.json");
        APIGatewayProxyRequestEvent predictEvent = ApiEvents.sample("predict.json");

        APIGatewayProxyResponseEvent stored = ingest.handleRequest(ingestEvent,
                new LambdaTestContext("lambda-1", "IngestFunction"));
        APIGatewayProxyResponseEvent noModel = predict.handleRequest(predictEvent,
                new LambdaTestContext("lambda-2", "PredictFunction"));

        assertEquals(202, stored.getStatusCode(), stored.getBody());
        assertEquals(503, noModel.getStatusCode(), noModel.getBody());
        assertEquals("model", ApiEvents.parse(noModel.getBody()).get("field").asText());
        assertEquals(ErrorMapping.MODEL_RETRY_AFTER_SECONDS, noModel.getHeaders().get("Retry-After"));
        // Lambda's invocation id wins over API Gateway's, on both sides
        assertEquals("lambda-1", stored.getHeaders().get("X-Request-Id"));
        assertEquals("lambda-2", noModel.getHeaders().get("X-Request-Id"));

        JsonNode in = lines(ingestLog).get(0);
        JsonNode out = lines(predictLog).get(0);
        for (JsonNode line : List.of(in, out)) {
            assertEquals("request", line.get("msg").asText());
            assertTrue(line.get("cold_start").asBoolean(), line.toString());
            assertEquals("$LATEST", line.get("function_version").asText());
            assertTrue(line.get("latency_ms").isDouble() && line.get("latency_ms").asDouble() >= 0, line.toString());
            assertFalse(line.has("latency_us"), line.toString());
        }
        assertEquals("lambda-1", in.get("request_id").asText());
        assertEquals(ingestEvent.getRequestContext().getRequestId(), in.get("api_request_id").asText());
        assertEquals("INFO", in.get("level").asText());
        assertEquals(202, in.get("status").asInt());
        assertEquals("lambda-2", out.get("request_id").asText());
        assertEquals(predictEvent.getRequestContext().getRequestId(), out.get("api_request_id").asText());
        assertEquals("ERROR", out.get("level").asText());
        assertEquals(503, out.get("status").asInt());
        assertEquals("model", out.get("error_field").asText());
        assertTrue(out.get("cause").asText().contains("unavailable"), out.toString());

        // a second request of the same container is warm; without a Lambda context API Gateway's id is used
        APIGatewayProxyResponseEvent again = ingest.handleRequest(ingestEvent, null);
        assertEquals(ingestEvent.getRequestContext().getRequestId(), again.getHeaders().get("X-Request-Id"));
        JsonNode warm = lines(ingestLog).get(1);
        assertFalse(warm.get("cold_start").asBoolean());
        assertEquals(ingestEvent.getRequestContext().getRequestId(), warm.get("request_id").asText());
    }

    @Test
    void aStoreThatRefusesTheWriteIsThe503OfErrorMapping(EmbeddedS3 server) {
        IngestHandler ingest = ingest(server.client(), "no-such-bucket");
        APIGatewayProxyResponseEvent r = ingest.handleRequest(ApiEvents.sample("ingest-events.json"),
                new LambdaTestContext("lambda-3", "IngestFunction"));
        assertEquals(503, r.getStatusCode(), r.getBody());
        assertEquals(ErrorMapping.STORAGE_RETRY_AFTER_SECONDS, r.getHeaders().get("Retry-After"));
        assertEquals("lambda-3", r.getHeaders().get("X-Request-Id"));
        JsonNode body = ApiEvents.parse(r.getBody());
        assertEquals("storage unavailable, nothing was stored; retry later", body.get("error").asText());
        assertFalse(body.has("accepted"));
        JsonNode line = lines(ingestLog).get(0);
        assertEquals("ERROR", line.get("level").asText());
        assertEquals(503, line.get("status").asInt());
        assertTrue(line.get("cause").asText().startsWith("raw object not stored"), line.toString());
    }

    private IngestHandler ingest(S3Client client, String bucket) {
        return new IngestHandler(new IngestService(IngestLimits.DEFAULT,
                new RawEventWriter(client, bucket, Pseudonymiser.identity()), CLOCK),
                new JsonLog("IngestFunction", new PrintStream(ingestLog, true, StandardCharsets.UTF_8)));
    }

    private PredictHandler predict(EmbeddedS3 server, String bucket) {
        ServingContext context = ServingContext.shared(Map.of(S3ClientFactory.BUCKET_ENV, bucket,
                S3ClientFactory.ENDPOINT_ENV, server.endpoint().toString(), ServingConfig.REFRESH_ENV, "0"));
        return new PredictHandler(context.predictor(),
                new JsonLog("PredictFunction", new PrintStream(predictLog, true, StandardCharsets.UTF_8)));
    }

    private static List<JsonNode> lines(ByteArrayOutputStream log) {
        List<JsonNode> out = new ArrayList<>();
        for (String l : log.toString(StandardCharsets.UTF_8).split("\n")) {
            if (!l.isBlank()) {
                out.add(ApiEvents.parse(l));
            }
        }
        return out;
    }
}
