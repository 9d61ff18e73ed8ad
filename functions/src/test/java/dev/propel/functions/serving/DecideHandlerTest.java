package dev.propel.functions.serving;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.propel.core.event.BehaviourEvent;
import dev.propel.core.event.EventJson;
import dev.propel.core.layout.S3Layout;
import dev.propel.core.privacy.Pseudonymiser;
import dev.propel.core.storage.S3ClientFactory;
import dev.propel.functions.testing.ApiEvents;
import dev.propel.s3.embedded.EmbeddedS3;
import dev.propel.s3.embedded.EmbeddedS3Extension;
import dev.propel.testkit.TestModels;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * {@code POST /decide} end to end through the environment constructor (as the local stack calls it): the real
 * conversion model, the policy from {@code config/policy.json}, decisions written under {@code raw/} by the ingest
 * writer with the user id pseudonymised.
 */
@ExtendWith(EmbeddedS3Extension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DecideHandlerTest {
    private static final String BUCKET = EmbeddedS3Extension.BUCKET;
    private static final String HMAC_KEY = "decide-test-key-0123456789";
    private DecideHandler handler;
    private S3Client s3;

    @BeforeAll
    void publish(EmbeddedS3 server) {
        s3 = server.client();
        TestModels.publish(s3, BUCKET, TestModels.conversion(), "20261128T090000Z");
        handler = new DecideHandler(Map.of(
                S3ClientFactory.BUCKET_ENV, BUCKET,
                S3ClientFactory.ENDPOINT_ENV, server.endpoint().toString(),
                ServingConfig.REFRESH_ENV, "0",
                Pseudonymiser.KEY_ENV, HMAC_KEY));
    }

    @AfterEach
    void removePolicy() {
        s3.deleteObject(b -> b.bucket(BUCKET).key(S3Layout.policyKey()));
    }

    private APIGatewayProxyResponseEvent call(String body) {
        return handler.handleRequest(ApiEvents.withBody("decide.json", body), null);
    }

    private JsonNode decide(ObjectNode body) {
        APIGatewayProxyResponseEvent r = call(body.toString());
        assertEquals(200, r.getStatusCode(), r.getBody());
        return ApiEvents.parse(r.getBody());
    }

    private List<BehaviourEvent> rawEvents() throws IOException {
        List<BehaviourEvent> events = new ArrayList<>();
        for (var o : s3.listObjectsV2(b -> b.bucket(BUCKET).prefix(S3Layout.RAW)).contents()) {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(new GZIPInputStream(
                    s3.getObject(b -> b.bucket(BUCKET).key(o.key()))), StandardCharsets.UTF_8))) {
                for (String line = r.readLine(); line != null; line = r.readLine()) {
                    events.add(EventJson.parse(line));
                }
            }
        }
        return events;
    }

    @Test
    void sampleDecisionIsAnsweredAndRecordedAsAPseudonymisedDecisionEvent() throws IOException {
        APIGatewayProxyResponseEvent r = handler.handleRequest(ApiEvents.sample("decide.json"), null);
        assertEquals(200, r.getStatusCode(), r.getBody());
        JsonNode j = ApiEvents.parse(r.getBody());
        assertTrue(DecisionPolicy.DEFAULT.actions().contains(j.get("action").asText()), r.getBody());
        double propensity = j.get("propensity").asDouble();
        assertTrue(propensity > 0 && propensity < 1, r.getBody());
        assertEquals(DecisionPolicy.DEFAULT.bandOf(propensity).name(), j.get("band").asText());
        assertEquals("conversion", j.get("model").asText());
        assertEquals("20261128T090000Z", j.get("version").asText());
        assertEquals("default", j.get("policy_version").asText());
        String decisionId = j.get("decision_id").asText();

        BehaviourEvent recorded = rawEvents().stream().filter(e -> e.eventId().equals(decisionId)).findFirst()
                .orElseThrow(() -> new AssertionError("no decision event under raw/"));
        assertEquals("decision", recorded.type());
        assertEquals("s-99120", recorded.sessionId());
        assertNotEquals("u-1842", recorded.userId(), "user id must be pseudonymised");
        assertEquals(Pseudonymiser.hmacSha256(HMAC_KEY.getBytes(StandardCharsets.UTF_8),
                Pseudonymiser.Encoding.HEX).apply("u-1842"), recorded.userId());
        assertEquals(j.get("action").asText(), recorded.properties().get("action"));
        assertEquals(j.get("band").asText(), recorded.properties().get("band"));
        assertEquals("20261128T090000Z", recorded.properties().get("model_version"));
        assertTrue(recorded.receivedAt() != null);
    }

    @Test
    void policyIsReadFromConfigPolicyJson() {
        String policy = "{\"version\": \"all-in\", \"epsilon\": 0, \"bands\": ["
                + "{\"name\": \"everyone\", \"min\": 0, \"max\": 1, \"action\": \"free_shipping\"}]}";
        s3.putObject(b -> b.bucket(BUCKET).key(S3Layout.policyKey()), RequestBody.fromString(policy));
        JsonNode j = decide(ApiEvents.sampleBody("decide.json"));
        assertEquals("free_shipping", j.get("action").asText());
        assertEquals("everyone", j.get("band").asText());
        assertEquals("all-in", j.get("policy_version").asText());
        assertFalse(j.get("explored").asBoolean());
        assertEquals(1.0, j.get("action_probability").asDouble());
    }

    @Test
    void invalidPolicyDocumentKeepsThePreviousPolicy() {
        s3.putObject(b -> b.bucket(BUCKET).key(S3Layout.policyKey()), RequestBody.fromString(
                "{\"version\": \"v2\", \"epsilon\": 0, \"bands\": [{\"name\": \"a\", \"min\": 0, \"max\": 1,"
                        + " \"action\": \"nudge\"}]}"));
        assertEquals("v2", decide(ApiEvents.sampleBody("decide.json")).get("policy_version").asText());
        s3.putObject(b -> b.bucket(BUCKET).key(S3Layout.policyKey()), RequestBody.fromString(
                "{\"version\": \"v3\", \"bands\": [{\"name\": \"gap\", \"min\": 0.5, \"max\": 1, \"action\": \"x\"}]}"));
        assertEquals("v2", decide(ApiEvents.sampleBody("decide.json")).get("policy_version").asText());
    }

    @Test
    void explorationIsDeterministicPerSession() {
        s3.putObject(b -> b.bucket(BUCKET).key(S3Layout.policyKey()), RequestBody.fromString(
                "{\"version\": \"explore-all\", \"epsilon\": 1, \"bands\": ["
                        + "{\"name\": \"all\", \"min\": 0, \"max\": 1, \"action\": \"none\"}],"
                        + " \"actions\": [\"a\", \"b\", \"c\", \"d\"]}"));
        ObjectNode body = ApiEvents.sampleBody("decide.json");
        JsonNode first = decide(body);
        JsonNode again = decide(body);
        assertTrue(first.get("explored").asBoolean());
        assertEquals(first.get("action"), again.get("action"));
        assertEquals(first.get("decision_id"), again.get("decision_id"), "a retried request is the same decision");
        assertEquals(0.25, first.get("action_probability").asDouble(), 1e-9);
    }

    @Test
    void explorationRateMatchesEpsilonAcrossSessions() {
        DecisionPolicy policy = new DecisionPolicy("p", 0.2, DecisionPolicy.DEFAULT.bands(),
                DecisionPolicy.DEFAULT.actions());
        int explored = 0;
        int n = 2000;
        for (int i = 0; i < n; i++) {
            Decision d = Decider.choose(policy, new Decider.Request(null, "session-" + i, List.of()), 0.5, "m", "v");
            Decision replay = Decider.choose(policy, new Decider.Request(null, "session-" + i, List.of()), 0.5, "m",
                    "v");
            assertEquals(d, replay);
            if (d.explored()) {
                explored++;
            } else {
                assertEquals("offer_discount", d.action());
            }
        }
        assertEquals(0.2, explored / (double) n, 0.03);
    }

    @Test
    void callerMistakesAre400() {
        String[][] cases = {
            {"{\"session_events\": []}", "session_id"},
            {"{\"session_id\": 5}", "session_id"},
            {"{\"session_id\": \"\"}", "session_id"},
            {"{\"session_id\": \"s\", \"session_events\": [{\"type\": \"view\", \"item_id\": \"a\","
                    + " \"timestamp\": \"2026-11-28T09:00:00Z\", \"quantity\": 1.5}]}", "session_events[0].quantity"},
            {"{\"session_id\": \"s\", \"user_id\": []}", "user_id"},
        };
        for (String[] c : cases) {
            APIGatewayProxyResponseEvent r = call(c[0]);
            assertEquals(400, r.getStatusCode(), c[0] + " -> " + r.getBody());
            assertEquals(c[1], ApiEvents.parse(r.getBody()).path("field").asText(), c[0] + " -> " + r.getBody());
        }
    }

    @Test
    void missingModelIs503AndNothingIsRecorded(EmbeddedS3 server) throws IOException {
        server.createBucket("no-models");
        DecideHandler empty = new DecideHandler(Map.of(S3ClientFactory.BUCKET_ENV, "no-models",
                S3ClientFactory.ENDPOINT_ENV, server.endpoint().toString()));
        APIGatewayProxyResponseEvent r = empty.handleRequest(ApiEvents.sample("decide.json"), null);
        assertEquals(503, r.getStatusCode(), r.getBody());
        assertEquals(dev.propel.functions.http.ErrorMapping.MODEL_RETRY_AFTER_SECONDS, r.getHeaders().get("Retry-After"));
        assertTrue(s3.listObjectsV2(b -> b.bucket("no-models")).contents().isEmpty());
    }
}
