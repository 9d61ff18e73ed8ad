package dev.propel.functions.serving;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.propel.functions.testing.ApiEvents;
import dev.propel.s3.embedded.EmbeddedS3;
import dev.propel.s3.embedded.EmbeddedS3Extension;
import dev.propel.testkit.TestModels;
import java.time.Duration;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Serving applies ingest's bounds to session events: years outside 2000..2100, prices above ingest's maximum,
 * quantities above 10 000 and over-long property values are a 400 naming the field, on /predict, /rank and
 * /decide alike (a year like {@code +999999999} used to parse, then fail the session arithmetic with a 500).
 */
@ExtendWith(EmbeddedS3Extension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ServingInputBoundsTest {
    private static final String BUCKET = EmbeddedS3Extension.BUCKET;
    private PredictHandler predict;
    private RankHandler rank;
    private DecideHandler decide;

    @BeforeAll
    void handlers(EmbeddedS3 server) {
        var s3 = server.client();
        TestModels.publish(s3, BUCKET, TestModels.conversion(), "20261128T090000Z");
        TestModels.publish(s3, BUCKET, TestModels.generic(), "20261128T091500Z");
        ServingContext context = new ServingContext(new ServingConfig(BUCKET, Duration.ofSeconds(60), 1), s3,
                (event, at, requestId) -> {
                    throw new AssertionError("a refused request records no decision");
                });
        predict = new PredictHandler(context);
        rank = new RankHandler(context);
        decide = new DecideHandler(context, java.time.Clock.fixed(java.time.Instant.parse("2026-11-28T10:00:00Z"), java.time.ZoneOffset.UTC));
    }

    private APIGatewayProxyResponseEvent call(String route, ObjectNode body) {
        var event = ApiEvents.withBody(route + ".json", body);
        return switch (route) {
            case "predict" -> predict.handleRequest(event, null);
            case "rank" -> rank.handleRequest(event, null);
            default -> decide.handleRequest(event, null);
        };
    }

    @ParameterizedTest(name = "{0}: {1} = {2}")
    @CsvSource(delimiter = '|', value = {
        "predict | timestamp  | \"+999999999-01-01T00:00:00Z\"",
        "rank    | timestamp  | \"+999999999-01-01T00:00:00Z\"",
        "decide  | timestamp  | \"-999999999-01-01T00:00:00Z\"",
        "predict | timestamp  | \"1970-01-01T00:00:00Z\"",
        "predict | price      | 1e300",
        "rank    | price      | 1000000000.5",
        "decide  | quantity   | 10001",
        "predict | quantity   | 2147483647",
    })
    void outOfBoundsValueIsA400NamingTheField(String route, String field, String value) throws Exception {
        ObjectNode body = ApiEvents.sampleBody(route + ".json");
        ObjectNode first = (ObjectNode) body.withArray("session_events").get(0);
        first.set(field, new com.fasterxml.jackson.databind.ObjectMapper().readTree(value));
        APIGatewayProxyResponseEvent r = call(route, body);
        assertEquals(400, r.getStatusCode(), r.getBody());
        JsonNode j = ApiEvents.parse(r.getBody());
        assertEquals("session_events[0]." + field, j.path("field").asText(), r.getBody());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"predict", "rank", "decide"})
    void overLongPropertyValueIsA400NamingProperties(String route) {
        ObjectNode body = ApiEvents.sampleBody(route + ".json");
        ObjectNode first = (ObjectNode) body.withArray("session_events").get(0);
        first.putObject("properties").put("source", "x".repeat(1025));
        APIGatewayProxyResponseEvent r = call(route, body);
        assertEquals(400, r.getStatusCode(), r.getBody());
        assertEquals("session_events[0].properties", ApiEvents.parse(r.getBody()).path("field").asText());
    }
}
