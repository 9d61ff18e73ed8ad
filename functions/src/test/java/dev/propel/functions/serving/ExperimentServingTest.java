package dev.propel.functions.serving;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.propel.core.event.BehaviourEvent;
import dev.propel.core.event.EventJson;
import dev.propel.core.layout.S3Layout;
import dev.propel.core.privacy.Pseudonymiser;
import dev.propel.functions.datasets.DecisionOutcomes;
import dev.propel.functions.policy.LoggedDecision;
import dev.propel.functions.storage.RawEventWriter;
import dev.propel.functions.testing.ApiEvents;
import dev.propel.s3.embedded.EmbeddedS3;
import dev.propel.s3.embedded.EmbeddedS3Extension;
import dev.propel.testkit.TestModels;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * {@code config/experiments.json} against the embedded S3 with real event JSON: each visitor is served its
 * variant's model or policy, answers and decision events carry the variant, and a bad document leaves serving
 * working without experiments.
 */
@ExtendWith(EmbeddedS3Extension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ExperimentServingTest {
    private static final String BUCKET = EmbeddedS3Extension.BUCKET;
    private static final String OLD = "20261127T090000Z";
    private static final String LATEST = "20261128T090000Z";
    private static final Instant NOW = Instant.parse("2026-11-28T09:20:00Z");
    private static final int VISITORS = 16;

    private S3Client s3;

    @BeforeAll
    void publish(EmbeddedS3 server) {
        s3 = server.client();
        TestModels.publish(s3, BUCKET, TestModels.conversion(), OLD);
        TestModels.publish(s3, BUCKET, TestModels.conversion(), LATEST);
        TestModels.publish(s3, BUCKET, TestModels.item(), OLD);
        TestModels.publish(s3, BUCKET, TestModels.item(), LATEST);
        TestModels.publishStats(s3, BUCKET);
    }

    @AfterEach
    void removeExperiments() {
        s3.deleteObject(b -> b.bucket(BUCKET).key(Experiments.KEY));
        for (var o : s3.listObjectsV2(b -> b.bucket(BUCKET).prefix(S3Layout.RAW)).contents()) {
            s3.deleteObject(b -> b.bucket(BUCKET).key(o.key()));
        }
    }

    /** A fresh container: its own context, as after a cold start. */
    private ServingContext coldStart() {
        RawEventWriter writer = new RawEventWriter(s3, BUCKET, Pseudonymiser.identity());
        return new ServingContext(new ServingConfig(BUCKET, Duration.ZERO, 1), s3, writer::writeDecision);
    }

    private void putExperiments(String json) {
        s3.putObject(b -> b.bucket(BUCKET).key(Experiments.KEY), RequestBody.fromString(json));
    }

    private static JsonNode ok(APIGatewayProxyResponseEvent r) {
        assertEquals(200, r.getStatusCode(), r.getBody());
        return ApiEvents.parse(r.getBody());
    }

    private static APIGatewayProxyRequestEvent as(String sample, String userId) {
        ObjectNode body = ApiEvents.sampleBody(sample);
        body.put("user_id", userId);
        return ApiEvents.withBody(sample, body);
    }

    private static String expected(String document, String userId) {
        return Experiments.fromJson(document.getBytes(StandardCharsets.UTF_8)).experiments().get(0)
                .assign("u:" + userId).name();
    }

    private static String modelExperiment(String task) {
        return "{\"experiments\": [{\"id\": \"" + task + "-old\", \"task\": \"" + task + "\", \"variants\": ["
                + "{\"name\": \"control\", \"weight\": 50}, {\"name\": \"old\", \"weight\": 50, \"model_version\": \""
                + OLD + "\"}]}]}";
    }

    @Test
    void predictServesEachVisitorItsVariantsModelVersion() {
        String doc = modelExperiment("conversion");
        putExperiments(doc);
        PredictHandler handler = new PredictHandler(coldStart());
        PredictHandler afterColdStart = new PredictHandler(coldStart());
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < VISITORS; i++) {
            String user = "u-" + i;
            JsonNode j = ok(handler.handleRequest(as("predict.json", user), null));
            String variant = expected(doc, user);
            seen.add(variant);
            assertEquals("conversion-old", j.path("experiment").path("id").asText(), j.toString());
            assertEquals(variant, j.path("experiment").path("variant").asText(), user);
            assertEquals(variant.equals("old") ? OLD : LATEST, j.get("version").asText(), user);
            JsonNode again = ok(afterColdStart.handleRequest(as("predict.json", user), null));
            assertEquals(variant, again.path("experiment").path("variant").asText(), "cold start moved " + user);
        }
        assertEquals(Set.of("control", "old"), seen, "16 visitors should reach both variants");
    }

    @Test
    void rankServesTheVariantsItemModel() {
        String doc = modelExperiment("item");
        putExperiments(doc);
        RankHandler handler = new RankHandler(coldStart());
        for (int i = 0; i < VISITORS; i++) {
            String user = "u-" + i;
            JsonNode j = ok(handler.handleRequest(as("rank.json", user), null));
            String variant = expected(doc, user);
            assertEquals(variant, j.path("experiment").path("variant").asText(), user);
            assertEquals("item", j.get("model").asText());
            assertEquals(variant.equals("old") ? OLD : LATEST, j.get("version").asText(), user);
        }
    }

    @Test
    void decideFollowsTheVariantsPolicyAndRecordsTheVariant() throws IOException {
        String doc = "{\"experiments\": [{\"id\": \"free-shipping\", \"variants\": ["
                + "{\"name\": \"control\", \"weight\": 1},"
                + "{\"name\": \"all-in\", \"weight\": 1, \"policy\": {\"version\": \"all-in-1\", \"epsilon\": 0,"
                + " \"bands\": [{\"name\": \"everyone\", \"min\": 0, \"max\": 1, \"action\": \"free_shipping\"}]}}]}]}";
        putExperiments(doc);
        DecideHandler handler = new DecideHandler(coldStart(), Clock.fixed(NOW, ZoneOffset.UTC));
        List<String> variants = new ArrayList<>();
        for (int i = 0; i < VISITORS; i++) {
            String user = "u-" + i;
            ObjectNode body = ApiEvents.sampleBody("decide.json");
            body.put("user_id", user);
            body.put("session_id", "s-" + i);
            APIGatewayProxyRequestEvent event = ApiEvents.withBody("decide.json", body);
            // one raw/ object per request id: the sample's fixed id would make each decision overwrite the last
            event.getRequestContext().setRequestId("decide-" + i);
            JsonNode j = ok(handler.handleRequest(event, null));
            String variant = expected(doc, user);
            variants.add(variant);
            assertEquals(variant, j.path("experiment").path("variant").asText(), user);
            assertEquals("free-shipping", j.path("experiment").path("id").asText());
            if (variant.equals("all-in")) {
                assertEquals("free_shipping", j.get("action").asText());
                assertEquals("all-in-1", j.get("policy_version").asText());
            } else {
                assertEquals("default", j.get("policy_version").asText());
            }
        }
        assertTrue(variants.contains("control") && variants.contains("all-in"), variants.toString());

        List<BehaviourEvent> raw = rawEvents();
        assertEquals(VISITORS, raw.size());
        List<LoggedDecision> joined = new DecisionOutcomes(DecisionOutcomes.DEFAULT_HORIZON, Duration.ofMinutes(30))
                .join(LocalDate.of(2026, 11, 28), raw);
        assertEquals(VISITORS, joined.size());
        for (LoggedDecision d : joined) {
            BehaviourEvent e = raw.stream().filter(r -> r.eventId().equals(d.decisionId())).findFirst().orElseThrow();
            assertEquals("free-shipping", e.properties().get("experiment_id"));
            assertEquals(expected(doc, e.userId()), e.properties().get("variant"));
            assertEquals("free-shipping", d.experimentId(), "datasets/decisions/ keeps the experiment");
            assertEquals(e.properties().get("variant"), d.variant());
        }
    }

    @Test
    void decideUnderAConversionModelExperimentBandsWithTheVariantsModel() {
        String doc = modelExperiment("conversion");
        putExperiments(doc);
        DecideHandler handler = new DecideHandler(coldStart(), Clock.fixed(NOW, ZoneOffset.UTC));
        for (int i = 0; i < 6; i++) {
            String user = "u-" + i;
            JsonNode j = ok(handler.handleRequest(as("decide.json", user), null));
            String variant = expected(doc, user);
            assertEquals(variant, j.path("experiment").path("variant").asText(), user);
            assertEquals(variant.equals("old") ? OLD : LATEST, j.get("version").asText(), user);
        }
    }

    @Test
    void aBadExperimentsDocumentLeavesServingWorkingWithoutExperiments() {
        ServingContext context = coldStart();
        PredictHandler predict = new PredictHandler(context);
        DecideHandler decide = new DecideHandler(context, Clock.fixed(NOW, ZoneOffset.UTC));
        for (String bad : List.of("{not json", "{\"experiments\": [{\"id\": \"x\", \"task\": \"conversion\","
                + " \"variants\": [{\"name\": \"a\", \"weight\": -1}, {\"name\": \"b\", \"weight\": 1}]}]}",
                modelExperiment("conversion").replace(OLD, "19990101T000000Z"))) {
            putExperiments(bad);
            JsonNode p = ok(predict.handleRequest(ApiEvents.sample("predict.json"), null));
            assertFalse(p.has("experiment"), bad + " -> " + p);
            assertEquals(LATEST, p.get("version").asText());
            JsonNode d = ok(decide.handleRequest(ApiEvents.sample("decide.json"), null));
            assertFalse(d.has("experiment"), bad + " -> " + d);
        }
        // a good document after a bad one takes effect
        putExperiments(modelExperiment("conversion"));
        assertTrue(ok(predict.handleRequest(ApiEvents.sample("predict.json"), null)).has("experiment"));
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
}
