package dev.propel.functions.serving;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.propel.core.recall.ItemAction;
import dev.propel.core.recall.RecallBuilder;
import dev.propel.core.recall.RecallSettings;
import dev.propel.functions.recommend.RecallStore;
import dev.propel.functions.testing.ApiEvents;
import dev.propel.s3.embedded.EmbeddedS3;
import dev.propel.s3.embedded.EmbeddedS3Extension;
import dev.propel.testkit.TestModels;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * {@code POST /rank} end to end with the real item model and item stats from the embedded S3, and no recall artefact:
 * candidates ranked by the item model, and without candidates the pre-recall fallback (marked {@code no_recall}).
 * The catalogue mode is {@link RankCatalogueTest}'s.
 */
@ExtendWith(EmbeddedS3Extension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RankHandlerTest {
    private static final String BUCKET = EmbeddedS3Extension.BUCKET;
    private RankHandler handler;

    @BeforeAll
    void publish(EmbeddedS3 server) {
        S3Client s3 = server.client();
        TestModels.publish(s3, BUCKET, TestModels.item(), "20261128T090000Z");
        TestModels.publishStats(s3, BUCKET);
        handler = new RankHandler(new ServingContext(new ServingConfig(BUCKET, Duration.ofSeconds(60), 1), s3,
                (event, at, requestId) -> {
                    throw new AssertionError("rank records nothing");
                }));
    }

    private JsonNode ok(ObjectNode body) {
        APIGatewayProxyResponseEvent r = handler.handleRequest(ApiEvents.withBody("rank.json", body), null);
        assertEquals(200, r.getStatusCode(), r.getBody());
        return ApiEvents.parse(r.getBody());
    }

    private static List<String> ids(JsonNode answer) {
        List<String> ids = new ArrayList<>();
        answer.get("items").forEach(i -> ids.add(i.get("item_id").asText()));
        return ids;
    }

    @Test
    void sampleRankAppliesKHiddenItemsAndScoresKnownItemsWithTheModel() {
        APIGatewayProxyResponseEvent r = handler.handleRequest(ApiEvents.sample("rank.json"), null);
        assertEquals(200, r.getStatusCode(), r.getBody());
        JsonNode j = ApiEvents.parse(r.getBody());
        assertEquals("item", j.get("model").asText());
        assertEquals("20261128T090000Z", j.get("version").asText());
        assertEquals("candidates", j.get("source").asText());
        assertTrue(j.get("recall_version").isNull(), r.getBody());
        List<String> ids = ids(j);
        assertEquals(3, ids.size());
        assertFalse(ids.contains("sku-0007"), "hidden item returned: " + ids);
        assertEquals(ids.size(), new HashSet<>(ids).size());
        // Items of the session are known to the model; their scores are probabilities in descending order.
        JsonNode first = j.get("items").get(0);
        assertEquals("model", first.get("source").asText());
        double previous = 2;
        for (JsonNode item : j.get("items")) {
            if (item.get("source").asText().equals("model")) {
                double s = item.get("score").asDouble();
                assertTrue(s <= previous && s > 0 && s < 1, r.getBody());
                previous = s;
            }
        }
    }

    @Test
    void purchasedItemsAreExcludedUnlessTheFilterIsOff() {
        ObjectNode body = ApiEvents.sampleBody("rank.json");
        ((ArrayNode) body.get("session_events")).addObject().put("type", "purchase").put("item_id", "sku-3301")
                .put("user_id", "u-1842").put("session_id", "s-99120").put("timestamp", "2026-11-28T09:14:30Z");
        body.put("k", 10);
        assertFalse(ids(ok(body)).contains("sku-3301"));
        ((ObjectNode) body.get("filters")).put("exclude_purchased", false);
        assertTrue(ids(ok(body)).contains("sku-3301"));
    }

    @Test
    void unknownItemsFallBackToPopularityAfterModelScoredItems() {
        ObjectNode body = ApiEvents.sampleBody("rank.json");
        body.putArray("candidates").add("never-seen-item").add(TestModels.sku(0)).add("sku-3301");
        body.put("k", 10);
        JsonNode j = ok(body);
        List<String> ids = ids(j);
        assertEquals(3, ids.size());
        assertEquals("never-seen-item", ids.get(2));
        JsonNode last = j.get("items").get(2);
        assertEquals("popularity", last.get("source").asText());
        assertEquals(0.0, last.get("score").asDouble());
        assertEquals("model", j.get("items").get(0).get("source").asText());
    }

    @Test
    void visitorWithoutEventsGetsPopularItems() {
        ObjectNode body = ApiEvents.sampleBody("rank.json");
        body.remove("user_id");
        body.remove("session_events");
        body.remove("candidates");
        body.remove("filters");
        body.put("k", 5);
        JsonNode j = ok(body);
        assertEquals("popularity", j.get("model").asText());
        assertEquals("no_recall", j.get("source").asText());
        List<String> expected = TestModels.stats().mostPopular(5).stream().map(s -> s.itemId()).toList();
        assertEquals(expected, ids(j));
        assertEquals(1.0, j.get("items").get(0).get("score").asDouble());
        j.get("items").forEach(i -> assertEquals("popularity", i.get("source").asText()));
    }

    @Test
    void withoutRecallGeneratedCandidatesAreSessionItemsAndPopularItems() {
        ObjectNode body = ApiEvents.sampleBody("rank.json");
        body.remove("candidates");
        body.put("k", RankRequestReader.MAX_RECOMMENDATIONS);
        JsonNode j = ok(body);
        assertEquals("no_recall", j.get("source").asText());
        List<String> ids = ids(j);
        Set<String> expected = new HashSet<>(List.of("sku-3301", "sku-1187"));
        TestModels.stats().mostPopular(Ranker.GENERATED_POPULAR).forEach(s -> expected.add(s.itemId()));
        expected.remove("sku-0007");
        assertEquals(RankRequestReader.MAX_RECOMMENDATIONS, ids.size());
        assertEquals(ids.size(), new HashSet<>(ids).size());
        assertTrue(expected.containsAll(ids), ids.toString());
    }

    @Test
    void everyCallerMistakeIsA400NamingTheField() {
        String[][] cases = {
            {"{\"k\": 0}", "k"},
            {"{\"k\": 501}", "k"},
            {"{\"k\": 101}", "k"},
            {"{\"k\": 501, \"candidates\": [\"sku-1\"]}", "k"},
            {"{\"k\": \"ten\"}", "k"},
            {"{\"k\": 2.5}", "k"},
            {"{\"candidates\": \"sku-1\"}", "candidates"},
            {"{\"candidates\": [\"sku-1\", 7]}", "candidates[1]"},
            {"{\"candidates\": [\"\"]}", "candidates[0]"},
            {"{\"filters\": []}", "filters"},
            {"{\"filters\": {\"exclude_purchased\": \"yes\"}}", "filters.exclude_purchased"},
            {"{\"filters\": {\"hidden_items\": [1]}}", "filters.hidden_items[0]"},
            {"{\"user_id\": 42}", "user_id"},
            {"{\"session_events\": [{\"type\": \"view\", \"item_id\": \"a\"}]}", "session_events[0].timestamp"},
            {"{\"session_events\": [\"view\"]}", "session_events[0]"},
        };
        for (String[] c : cases) {
            APIGatewayProxyResponseEvent r = handler.handleRequest(ApiEvents.withBody("rank.json", c[0]), null);
            assertEquals(400, r.getStatusCode(), c[0] + " -> " + r.getBody());
            assertEquals(c[1], ApiEvents.parse(r.getBody()).path("field").asText(), c[0] + " -> " + r.getBody());
        }
    }

    @Test
    void candidatesAreRankedTheSameWhenARecallArtefactIsLoaded(EmbeddedS3 server) {
        String bucket = "rank-with-recall";
        server.createBucket(bucket);
        S3Client s3 = server.client();
        TestModels.publish(s3, bucket, TestModels.item(), "20261128T090000Z");
        TestModels.publishStats(s3, bucket);
        RecallBuilder recall = new RecallBuilder(RecallSettings.defaults());
        Random rnd = new Random(3);
        for (int s = 0; s < 500; s++) {
            int first = rnd.nextInt(TestModels.ITEMS);
            recall.addSession(List.of(TestModels.sku(first), TestModels.sku((first + 1) % TestModels.ITEMS)),
                    List.of(ItemAction.VIEW, ItemAction.VIEW));
        }
        new RecallStore(s3, bucket).publish(recall.build(), null, null, Instant.parse("2026-11-28T08:00:00Z"), 500);
        RankHandler withRecall = new RankHandler(new ServingContext(new ServingConfig(bucket, Duration.ofSeconds(60),
                1), s3, (event, at, requestId) -> {
                    throw new AssertionError("rank records nothing");
                }));

        APIGatewayProxyResponseEvent before = handler.handleRequest(ApiEvents.sample("rank.json"), null);
        APIGatewayProxyResponseEvent after = withRecall.handleRequest(ApiEvents.sample("rank.json"), null);
        assertEquals(200, after.getStatusCode(), after.getBody());
        assertEquals(ApiEvents.parse(before.getBody()), ApiEvents.parse(after.getBody()));

        // Without candidates the same session is now recommended from the catalogue (no reranker: recall's order).
        ObjectNode body = ApiEvents.sampleBody("rank.json");
        body.remove("candidates");
        APIGatewayProxyResponseEvent catalogue = withRecall.handleRequest(ApiEvents.withBody("rank.json", body), null);
        assertEquals(200, catalogue.getStatusCode(), catalogue.getBody());
        assertEquals("trending", ApiEvents.parse(catalogue.getBody()).get("source").asText(), "the sample's items "
                + "are not in this catalogue: " + catalogue.getBody());
        body.withArray("session_events").addObject().put("type", "view").put("item_id", TestModels.sku(41))
                .put("timestamp", "2026-11-28T09:14:40Z");
        JsonNode known = ApiEvents.parse(withRecall.handleRequest(ApiEvents.withBody("rank.json", body), null)
                .getBody());
        assertEquals("recall", known.get("source").asText(), known.toString());
        assertEquals(TestModels.sku(42), known.get("items").get(0).get("item_id").asText(), known.toString());
    }

    @Test
    void twoHundredCandidatesAreAllRanked() {
        ObjectNode body = ApiEvents.sampleBody("rank.json");
        ArrayNode candidates = body.putArray("candidates");
        for (int i = 0; i < 200; i++) {
            candidates.add(TestModels.sku(i));
        }
        body.remove("filters");
        body.put("k", 200);
        JsonNode j = ok(body);
        assertEquals(200, j.get("items").size());
    }
}
