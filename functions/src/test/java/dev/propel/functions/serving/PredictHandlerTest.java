package dev.propel.functions.serving;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.propel.core.event.BehaviourEvent;
import dev.propel.core.features.SessionFeatures;
import dev.propel.functions.testing.ApiEvents;
import dev.propel.s3.embedded.EmbeddedS3;
import dev.propel.s3.embedded.EmbeddedS3Extension;
import dev.propel.testkit.TestModels;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.s3.S3Client;

/** {@code POST /predict} end to end: sample event JSON in, real models from the embedded S3, JSON out. */
@ExtendWith(EmbeddedS3Extension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PredictHandlerTest {
    private static final String BUCKET = EmbeddedS3Extension.BUCKET;
    private PredictHandler handler;
    private S3Client s3;

    @BeforeAll
    void publishModels(EmbeddedS3 server) {
        s3 = server.client();
        TestModels.publish(s3, BUCKET, TestModels.conversion(), "20261128T090000Z");
        TestModels.publish(s3, BUCKET, TestModels.generic(), "20261128T091500Z");
        ServingContext context = new ServingContext(new ServingConfig(BUCKET, Duration.ofSeconds(60), 1), s3,
                (event, at, requestId) -> {
                    throw new AssertionError("predict records nothing");
                });
        handler = new PredictHandler(context);
    }

    private APIGatewayProxyResponseEvent call(String body) {
        return handler.handleRequest(ApiEvents.withBody("predict.json", body), null);
    }

    private static JsonNode json(APIGatewayProxyResponseEvent r) {
        return ApiEvents.parse(r.getBody());
    }

    private void assertBadRequest(String body, String field) {
        APIGatewayProxyResponseEvent r = call(body);
        assertEquals(400, r.getStatusCode(), r.getBody());
        JsonNode j = json(r);
        assertTrue(j.path("error").asText().length() > 5, r.getBody());
        if (field == null) {
            assertTrue(j.path("field").isMissingNode(), r.getBody());
        } else {
            assertEquals(field, j.path("field").asText(), r.getBody());
        }
    }

    @Test
    void sampleSessionEventIsScoredByTheConversionModel() {
        APIGatewayProxyResponseEvent r = handler.handleRequest(ApiEvents.sample("predict.json"), null);
        assertEquals(200, r.getStatusCode(), r.getBody());
        assertEquals("application/json", r.getHeaders().get("Content-Type"));
        JsonNode j = json(r);
        assertEquals("conversion", j.get("model").asText());
        assertEquals("20261128T090000Z", j.get("version").asText());
        assertEquals(1, j.get("predictions").size());
        double p = j.get("predictions").get(0).asDouble();
        assertTrue(p > 0 && p < 1, "probability " + p);
    }

    /** A feature row as the named-row JSON of {@code /predict} (NaN = null, the missing value). */
    private static ObjectNode rowJson(dev.propel.core.features.FeatureRow row, ObjectNode factory) {
        ObjectNode json = factory.objectNode();
        row.asMap().forEach((k, v) -> {
            if (v instanceof Float f) {
                if (f.isNaN()) {
                    json.putNull(k);
                } else {
                    json.put(k, f);
                }
            } else {
                json.put(k, (String) v);
            }
        });
        return json;
    }

    @Test
    void userHistoryReachesTheModelThroughTheSharedFeatureCode() {
        // With a caller-supplied history the session path equals the rows path on core's features with it.
        ObjectNode body = ApiEvents.sampleBody("predict.json");
        body.putObject("user_history").put("prior_sessions", 4).put("prior_orders", 2);
        var events = sessionEvents(body);
        var row = SessionFeatures.compute(events, SessionScorer.cutOf(events),
                new dev.propel.core.features.UserHistory(4, 2));
        assertEquals(4f, row.numeric("user_prior_sessions"));
        ObjectNode rowsBody = body.objectNode().put("model", "conversion");
        rowsBody.putArray("rows").add(rowJson(row, body));
        double viaRows = json(call(rowsBody.toString())).get("predictions").get(0).asDouble();
        double viaEvents = json(call(body.toString())).get("predictions").get(0).asDouble();
        assertEquals(viaRows, viaEvents, 1e-6);
    }

    @Test
    void badUserHistoryNamesTheField() {
        ObjectNode body = ApiEvents.sampleBody("predict.json");
        body.putObject("user_history").put("prior_sessions", -1).put("prior_orders", 0);
        APIGatewayProxyResponseEvent r = call(body.toString());
        assertEquals(400, r.getStatusCode(), r.getBody());
        assertEquals("user_history.prior_sessions", json(r).get("field").asText());
        body.putObject("user_history").put("prior_sessions", 1);
        r = call(body.toString());
        assertEquals(400, r.getStatusCode(), r.getBody());
        assertEquals("user_history.prior_orders", json(r).get("field").asText());
        body.putObject("user_history").put("prior_sessions", 1).put("prior_orders", 2);
        assertEquals("user_history.prior_orders", json(call(body.toString())).get("field").asText());
    }

    @Test
    void sessionPredictionEqualsTheModelOnCoreFeatures() {
        // The same events scored through the rows path with core's feature values: serving cannot drift.
        ObjectNode body = ApiEvents.sampleBody("predict.json");
        body.remove("user_history");
        var events = sessionEvents(body);
        var row = SessionFeatures.compute(events, SessionScorer.cutOf(events));
        ObjectNode rowsBody = body.objectNode().put("model", "conversion");
        rowsBody.putArray("rows").add(rowJson(row, body));
        double viaRows = json(call(rowsBody.toString())).get("predictions").get(0).asDouble();
        double viaEvents = json(call(body.toString())).get("predictions").get(0).asDouble();
        assertEquals(viaRows, viaEvents, 1e-6);
    }

    @Test
    void genericModelScoresNamedRowsInAnyKeyOrder() {
        APIGatewayProxyResponseEvent r = call("{\"model\":\"shoppers\",\"rows\":["
                + "{\"device\":\"desktop\",\"pages\":25,\"age\":30},"
                + "{\"age\":30,\"pages\":0,\"device\":\"mobile\"},"
                + "{\"age\":30,\"pages\":null,\"device\":null}]}");
        assertEquals(200, r.getStatusCode(), r.getBody());
        JsonNode j = json(r);
        assertEquals("shoppers", j.get("model").asText());
        assertEquals("20261128T091500Z", j.get("version").asText());
        assertEquals(3, j.get("predictions").size());
        double engaged = j.get("predictions").get(0).asDouble();
        double idle = j.get("predictions").get(1).asDouble();
        assertTrue(engaged > idle, "more pages on desktop should score higher: " + engaged + " vs " + idle);
        double missing = j.get("predictions").get(2).asDouble();
        assertTrue(missing >= 0 && missing <= 1, "missing values are imputed by the model: " + missing);
    }

    @Test
    void base64BodyIsDecoded() {
        String body = "{\"model\":\"shoppers\",\"rows\":[{\"age\":40,\"pages\":3,\"device\":\"tablet\"}]}";
        APIGatewayProxyRequestEvent e = ApiEvents.withBody("predict.json",
                Base64.getEncoder().encodeToString(body.getBytes(StandardCharsets.UTF_8)));
        e.setIsBase64Encoded(true);
        assertEquals(200, handler.handleRequest(e, null).getStatusCode());
    }

    @Test
    void everyCallerMistakeIsA400NamingTheField() {
        assertBadRequest(null, null);
        assertBadRequest("", null);
        assertBadRequest("{not json", null);
        assertBadRequest("[1,2]", null);
        assertBadRequest("{\"rows\":[{\"age\":1}]}", "model");
        assertBadRequest("{\"model\":17,\"rows\":[{\"age\":1}]}", "model");
        assertBadRequest("{\"model\":\"../etc\",\"rows\":[{\"age\":1}]}", "model");
        assertBadRequest("{\"model\":\"shoppers\"}", "rows");
        assertBadRequest("{\"model\":\"shoppers\",\"rows\":[],\"session_events\":[]}", "rows");
        assertBadRequest("{\"model\":\"shoppers\",\"rows\":{}}", "rows");
        assertBadRequest("{\"model\":\"shoppers\",\"rows\":[]}", "rows");
        assertBadRequest("{\"model\":\"shoppers\",\"rows\":[5]}", "rows[0]");
        assertBadRequest("{\"model\":\"shoppers\",\"rows\":[{\"age\":1,\"device\":\"mobile\"}]}", "rows[0].pages");
        assertBadRequest("{\"model\":\"shoppers\",\"rows\":[{\"age\":\"old\",\"pages\":1,\"device\":\"mobile\"}]}",
                "rows[0].age");
        assertBadRequest("{\"model\":\"shoppers\",\"rows\":[{\"age\":1,\"pages\":1,\"device\":[1]}]}",
                "rows[0].device");
        assertBadRequest("{\"model\":\"shoppers\",\"session_events\":[]}", "session_events");
        assertBadRequest("{\"model\":\"conversion\",\"session_events\":{}}", "session_events");
        assertBadRequest("{\"model\":\"conversion\",\"session_events\":[{\"type\":\"view\",\"item_id\":\"a\","
                + "\"timestamp\":\"yesterday\"}]}", "session_events[0].timestamp");
        assertBadRequest("{\"model\":\"conversion\",\"session_events\":[{\"type\":\"view\","
                + "\"timestamp\":\"2026-11-28T09:00:00Z\"}]}", "session_events[0].item_id");
        assertBadRequest("{\"model\":\"conversion\",\"session_events\":[{\"item_id\":\"a\","
                + "\"timestamp\":\"2026-11-28T09:00:00Z\"}]}", "session_events[0].type");
        assertBadRequest("{\"model\":\"conversion\",\"session_events\":[{\"type\":\"view\",\"item_id\":\"a\","
                + "\"timestamp\":\"2026-11-28T09:00:00Z\",\"price\":-3}]}", "session_events[0].price");
        StringBuilder many = new StringBuilder("{\"model\":\"shoppers\",\"rows\":[");
        for (int i = 0; i <= Predictor.MAX_ROWS; i++) {
            many.append(i == 0 ? "" : ",").append("{\"age\":1,\"pages\":1,\"device\":\"x\"}");
        }
        assertBadRequest(many.append("]}").toString(), "rows");
    }

    @Test
    void oversizedBodyIs413() {
        String body = "{\"model\":\"shoppers\",\"pad\":\"" + "x".repeat(JsonRequests.MAX_BODY_BYTES) + "\"}";
        APIGatewayProxyResponseEvent r = call(body);
        assertEquals(413, r.getStatusCode());
        assertTrue(json(r).get("error").asText().contains("larger than"));
    }

    @Test
    void unpublishedModelIs503WithRetryAfter() {
        APIGatewayProxyResponseEvent r = call("{\"model\":\"nobody-published-this\",\"rows\":[{\"a\":1}]}");
        assertEquals(503, r.getStatusCode(), r.getBody());
        assertEquals(dev.propel.functions.http.ErrorMapping.MODEL_RETRY_AFTER_SECONDS, r.getHeaders().get("Retry-After"));
        assertTrue(json(r).get("error").asText().contains("no model published"), r.getBody());
        assertEquals("model", json(r).get("field").asText());
    }

    private static List<BehaviourEvent> sessionEvents(ObjectNode body) {
        return JsonRequests.body(body.toString().getBytes(StandardCharsets.UTF_8)).events().list();
    }
}
