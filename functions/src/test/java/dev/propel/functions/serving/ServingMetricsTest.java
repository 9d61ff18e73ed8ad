package dev.propel.functions.serving;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import com.fasterxml.jackson.databind.JsonNode;
import dev.propel.core.privacy.Pseudonymiser;
import dev.propel.core.storage.S3ClientFactory;
import dev.propel.functions.metrics.EmfLines;
import dev.propel.functions.testing.ApiEvents;
import dev.propel.s3.embedded.EmbeddedS3;
import dev.propel.s3.embedded.EmbeddedS3Extension;
import dev.propel.testkit.TestModels;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The serving functions' EMF metrics through the local stack's environment constructors, on the real conversion
 * model in the embedded S3: model load time at cold start, predictions, decisions by action, errors by status.
 */
@ExtendWith(EmbeddedS3Extension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ServingMetricsTest {
    private static final String BUCKET = EmbeddedS3Extension.BUCKET;
    private Map<String, String> env;

    @BeforeAll
    void publishModel(EmbeddedS3 server) {
        try (S3Client s3 = server.client()) {
            TestModels.publish(s3, BUCKET, TestModels.conversion(), "20261128T090000Z");
        }
        env = Map.of(S3ClientFactory.BUCKET_ENV, BUCKET,
                S3ClientFactory.ENDPOINT_ENV, server.endpoint().toString(),
                ServingConfig.REFRESH_ENV, "0",
                Pseudonymiser.KEY_ENV, "metrics-test-key-0123456789");
    }

    @Test
    void predictReportsItsModelLoadAtColdStartThenOnePredictionPerAnswerAndErrorsByStatus() {
        EmfLines.Printed<PredictHandler> coldStart = EmfLines.capture(() -> new PredictHandler(env));
        JsonNode load = EmfLines.lineWith(coldStart.emf(), "ModelLoadTime");
        assertEquals(List.of("function"), EmfLines.dimensions(load));
        assertEquals("PredictFunction", load.get("function").asText());
        assertEquals("Milliseconds", EmfLines.metrics(load).get("ModelLoadTime").get(0));
        assertTrue(load.get("ModelLoadTime").asDouble() >= 0);
        assertEquals("conversion", load.get("model_task").asText());
        PredictHandler handler = coldStart.result();

        EmfLines.Printed<APIGatewayProxyResponseEvent> ok = EmfLines.capture(
                () -> handler.handleRequest(ApiEvents.sample("predict.json"), null));
        assertEquals(200, ok.result().getStatusCode(), ok.result().getBody());
        JsonNode answer = ApiEvents.parse(ok.result().getBody());
        assertEquals(1, ok.emf().size(), ok.lines().toString());
        JsonNode predicted = ok.emf().get(0);
        assertEquals(List.of("function"), EmfLines.dimensions(predicted));
        assertEquals(Map.of("Predictions", List.of("Count", "1.0")), EmfLines.metrics(predicted));
        // the version is a property: searchable in Logs Insights, no metric series per deployment
        assertEquals(answer.get("version").asText(), predicted.get("model_version").asText());
        assertEquals(answer.get("version").asText(), load.get("model_version").asText());

        EmfLines.Printed<APIGatewayProxyResponseEvent> bad = EmfLines.capture(
                () -> handler.handleRequest(ApiEvents.withBody("predict.json", "[1, 2"), null));
        assertEquals(400, bad.result().getStatusCode(), bad.result().getBody());
        JsonNode error = EmfLines.lineWith(bad.emf(), "Errors");
        assertEquals(List.of("function", "status"), EmfLines.dimensions(error));
        assertEquals("400", error.get("status").asText());
        assertEquals(Map.of("Errors", List.of("Count", "1.0")), EmfLines.metrics(error));
        assertFalse(EmfLines.metrics(error).containsKey("Predictions"));
    }

    @Test
    void decideCountsEachDecisionUnderItsAction() {
        DecideHandler handler = new DecideHandler(env);
        EmfLines.Printed<APIGatewayProxyResponseEvent> ok = EmfLines.capture(
                () -> handler.handleRequest(ApiEvents.sample("decide.json"), null));
        assertEquals(200, ok.result().getStatusCode(), ok.result().getBody());
        String action = ApiEvents.parse(ok.result().getBody()).get("action").asText();

        assertEquals(1, ok.emf().size(), ok.lines().toString());
        JsonNode decided = ok.emf().get(0);
        assertEquals(List.of("function", "action"), EmfLines.dimensions(decided));
        assertEquals("DecideFunction", decided.get("function").asText());
        assertEquals(action, decided.get("action").asText());
        assertEquals(Map.of("Decisions", List.of("Count", "1.0")), EmfLines.metrics(decided));
        String line = ok.lines().stream().filter(l -> l.contains("_aws")).findFirst().orElseThrow();
        assertFalse(line.contains("u-1842"), "no user ids in metrics");
        assertFalse(line.contains("s-99120"), "no session ids in metrics");
    }
}
