package dev.propel.functions.serving;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.propel.core.layout.S3Layout;
import dev.propel.core.model.ModelTask;
import dev.propel.core.recall.ItemAction;
import dev.propel.core.recall.RecallIndex;
import dev.propel.core.recall.RecallManifest;
import dev.propel.core.recall.RecallSettings;
import dev.propel.core.recall.SessionSequence;
import dev.propel.functions.model.ModelLoader;
import dev.propel.functions.recommend.RecallStore;
import dev.propel.functions.testing.ApiEvents;
import dev.propel.modelbuilder.ModelBuilder;
import dev.propel.modelbuilder.TrainingResult;
import dev.propel.modelbuilder.data.Table;
import dev.propel.modelbuilder.publish.ModelPublisher;
import dev.propel.modelbuilder.rerank.RerankTrainer;
import dev.propel.modelbuilder.train.MlpTrainer;
import dev.propel.modelbuilder.train.TrainingConfig;
import dev.propel.s3.embedded.EmbeddedS3;
import dev.propel.s3.embedded.EmbeddedS3Extension;
import dev.propel.testkit.TestModels;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * {@code POST /rank} over the whole catalogue, through the handler with API Gateway event JSON as the runtime
 * deserialises it: a recall artefact and a reranker trained here by the model-builder's {@link RerankTrainer} on
 * synthetic sessions where every item has one clear successor, published to the embedded S3 as production does
 * ({@link RecallStore#publish}, {@code models/rerank/}), then loaded, checked and refreshed by the serving context.
 */
@ExtendWith(EmbeddedS3Extension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RankCatalogueTest {
    private static final String BUCKET = EmbeddedS3Extension.BUCKET;
    private static final int ITEMS = TestModels.ITEMS;
    private static final Instant BUILT = Instant.parse("2026-11-28T08:00:00Z");
    private static final String RERANKER_VERSION = "20261128T090000Z";
    private static final DecisionSink NO_DECISIONS = (event, at, requestId) -> {
        throw new AssertionError("rank records nothing");
    };

    private EmbeddedS3 server;
    private RerankTrainer.Result trained;
    private RecallManifest recall;
    private RankHandler handler;

    /** The item most shoppers view right after item {@code i}: a permutation, so each item has one successor. */
    private static int successor(int i) {
        return (7 * i + 3) % ITEMS;
    }

    private static String next(String sku) {
        return TestModels.sku(successor(Integer.parseInt(sku.substring(4))));
    }

    /** Short sessions that mostly follow {@link #successor}, with a random jump now and then. */
    private static List<SessionSequence> sessions(int count, long seed) {
        Random rnd = new Random(seed);
        List<SessionSequence> out = new ArrayList<>(count);
        for (int s = 0; s < count; s++) {
            int length = 2 + rnd.nextInt(5);
            int item = rnd.nextInt(ITEMS);
            List<String> items = new ArrayList<>(length);
            List<ItemAction> actions = new ArrayList<>(length);
            for (int i = 0; i < length; i++) {
                items.add(TestModels.sku(item));
                actions.add(rnd.nextDouble() < 0.1 ? ItemAction.CART : ItemAction.VIEW);
                item = rnd.nextDouble() < 0.85 ? successor(item) : rnd.nextInt(ITEMS);
            }
            out.add(new SessionSequence(items, actions));
        }
        return out;
    }

    @BeforeAll
    void trainAndPublish(EmbeddedS3 server) {
        this.server = server;
        trained = RerankTrainer.train(sessions(3000, 11), RecallSettings.defaults(),
                RerankTrainer.defaultConfig().withHidden(16, 16).withMaxEpochs(8).withSeed(3), "synthetic", "test",
                MlpTrainer.Progress.silent());
        S3Client s3 = server.client();
        publishReranker(s3, BUCKET, trained.reranker(), RERANKER_VERSION);
        recall = new RecallStore(s3, BUCKET).publish(trained.recall(), null, null, BUILT, 3000);
        handler = new RankHandler(context(s3, BUCKET, Duration.ofSeconds(60)));
    }

    private static void publishReranker(S3Client s3, String bucket, TrainingResult r, String version) {
        new ModelPublisher(s3, bucket).publish(ModelTask.RERANK.id(), version, r.onnx(), r.reportJson(), r.reportHtml(), 0);
    }

    private static ServingContext context(S3Client s3, String bucket, Duration refresh) {
        return new ServingContext(new ServingConfig(bucket, refresh, 1), s3, NO_DECISIONS);
    }

    private static JsonNode ok(RankHandler h, ObjectNode body) {
        APIGatewayProxyResponseEvent r = h.handleRequest(ApiEvents.withBody("rank-catalogue.json", body), null);
        assertEquals(200, r.getStatusCode(), r.getBody());
        return ApiEvents.parse(r.getBody());
    }

    private JsonNode ok(ObjectNode body) {
        return ok(handler, body);
    }

    private static List<String> ids(JsonNode answer) {
        List<String> ids = new ArrayList<>();
        answer.get("items").forEach(i -> ids.add(i.get("item_id").asText()));
        assertEquals(ids.size(), new HashSet<>(ids).size(), "duplicates in " + answer);
        return ids;
    }

    private static ObjectNode views(String... items) {
        ObjectNode body = ApiEvents.sampleBody("rank-catalogue.json");
        body.remove("exclude");
        body.remove("k");
        ArrayNode events = body.putArray("session_events");
        for (int i = 0; i < items.length; i++) {
            events.addObject().put("type", "view").put("item_id", items[i])
                    .put("timestamp", BUILT.plusSeconds(3600 + 20L * i).toString());
        }
        return body;
    }

    @Test
    void sampleSessionGetsWhatFollowsItsLastItemFromTheReranker() {
        APIGatewayProxyResponseEvent r = handler.handleRequest(ApiEvents.sample("rank-catalogue.json"), null);
        assertEquals(200, r.getStatusCode(), r.getBody());
        JsonNode j = ApiEvents.parse(r.getBody());
        assertEquals("reranker", j.get("source").asText(), r.getBody());
        assertEquals("rerank", j.get("model").asText());
        assertEquals(RERANKER_VERSION, j.get("version").asText());
        assertEquals(RERANKER_VERSION, j.get("reranker_version").asText());
        assertEquals(recall.version(), j.get("recall_version").asText());
        List<String> ids = ids(j);
        assertEquals(10, ids.size());
        // The session ends by carting sku-0087; shoppers nearly always view its successor next.
        assertEquals(next("sku-0087"), ids.get(0), r.getBody());
        assertFalse(ids.contains("sku-0007"), "excluded item returned: " + ids);
        double previous = Double.MAX_VALUE;
        for (JsonNode item : j.get("items")) {
            String source = item.get("source").asText();
            assertTrue(source.equals("reranker") || source.equals("popular"), r.getBody());
            if (source.equals("reranker")) {
                double s = item.get("score").asDouble();
                assertTrue(s <= previous && s >= 0 && s <= 1, r.getBody());
                previous = s;
            }
        }
    }

    @Test
    void contextItemSampleIsMoreLikeThisWithoutTheItemItself() {
        APIGatewayProxyResponseEvent r = handler.handleRequest(ApiEvents.sample("rank-context-item.json"), null);
        assertEquals(200, r.getStatusCode(), r.getBody());
        JsonNode j = ApiEvents.parse(r.getBody());
        assertEquals("reranker", j.get("source").asText(), r.getBody());
        List<String> ids = ids(j);
        assertEquals(8, ids.size());
        assertEquals(next("sku-0142"), ids.get(0), r.getBody());
        assertFalse(ids.contains("sku-0142"), "the page's own item was recommended: " + ids);
    }

    @Test
    void contextItemCombinesWithTheSessionAsItsMostRecentView() {
        ObjectNode body = views("sku-0010", "sku-0011");
        body.put("context_item", "sku-0200");
        JsonNode j = ok(body);
        assertEquals("reranker", j.get("source").asText());
        List<String> ids = ids(j);
        assertEquals(RankRequestReader.DEFAULT_RECOMMENDATIONS, ids.size());
        assertTrue(ids.subList(0, 3).contains(next("sku-0200")), ids.toString());
        assertFalse(ids.contains("sku-0200"));
    }

    @Test
    void candidatesAreRankedAsBeforeNotRecommendedFromTheCatalogue() {
        // No item model or stats in this bucket: the caller's candidates come back in their order, by popularity
        // (RankHandlerTest ranks them with the item model, with and without recall).
        ObjectNode body = ApiEvents.sampleBody("rank.json");
        body.remove("session_events");
        body.put("k", 10);
        JsonNode j = ok(body);
        assertEquals("candidates", j.get("source").asText(), j.toString());
        assertEquals("popularity", j.get("model").asText());
        assertTrue(j.get("recall_version").isNull() && j.get("reranker_version").isNull(), j.toString());
        assertEquals(List.of("sku-3301", "sku-1187", "sku-2044", "sku-8810"), ids(j));
    }

    @Test
    void emptySessionsAndUnknownItemsFallBackToTrending() {
        ObjectNode empty = ApiEvents.sampleBody("rank-catalogue.json");
        empty.removeAll();
        JsonNode j = ok(empty);
        assertEquals("trending", j.get("source").asText(), j.toString());
        assertEquals("recall", j.get("model").asText());
        assertEquals(recall.version(), j.get("version").asText());
        assertEquals(RankRequestReader.DEFAULT_RECOMMENDATIONS, ids(j).size());
        j.get("items").forEach(i -> assertTrue(List.of("trending", "popular").contains(i.get("source").asText()),
                i.toString()));

        ObjectNode unknown = views("never-seen-1", "never-seen-2");
        unknown.put("context_item", "never-seen-3");
        JsonNode u = ok(unknown);
        assertEquals("trending", u.get("source").asText());
        assertEquals(ids(j), ids(u));
    }

    @Test
    void purchasedExcludedAndHiddenItemsAreFilteredOut() {
        String a = "sku-0020";
        String b = next(a);
        String c = next(b);
        ObjectNode body = views(a);
        ((ArrayNode) body.get("session_events")).addObject().put("type", "purchase").put("item_id", b)
                .put("timestamp", BUILT.plusSeconds(4000).toString());
        body.putArray("exclude").add(c).add(c);
        body.putObject("filters").putArray("hidden_items").add(next(c));
        body.put("k", 50);
        List<String> ids = ids(ok(body));
        assertEquals(50, ids.size());
        for (String dropped : List.of(b, c, next(c))) {
            assertFalse(ids.contains(dropped), dropped + " in " + ids);
        }
    }

    @Test
    void repeatedOneAndThousandEventSessionsAreServedFromTheirRecentItems() {
        assertEquals(next("sku-0033"), ids(ok(views("sku-0033"))).get(0));

        String[] repeated = new String[SessionEventsReader.MAX_EVENTS];
        Arrays.fill(repeated, "sku-0150");
        repeated[repeated.length - 1] = "sku-0044";
        JsonNode j = ok(views(repeated));
        assertEquals("reranker", j.get("source").asText());
        assertTrue(ids(j).subList(0, 3).contains(next("sku-0044")), j.toString());
    }

    @Test
    void callerMistakesAreA400NamingTheField() {
        String[] tenThousand = new String[10_000];
        Arrays.fill(tenThousand, "sku-0001");
        String[][] cases = {
            {"{\"k\": 0}", "k"},
            {"{\"k\": 101}", "k"},
            {"{\"k\": -5}", "k"},
            {"{\"k\": \"20\"}", "k"},
            {"{\"k\": 1.5}", "k"},
            {"{\"context_item\": 42}", "context_item"},
            {"{\"context_item\": \"\"}", "context_item"},
            {"{\"context_item\": \"sku-0001\", \"candidates\": [\"sku-0002\"]}", "context_item"},
            {"{\"exclude\": \"sku-0001\"}", "exclude"},
            {"{\"exclude\": [\"sku-0001\", 7]}", "exclude[1]"},
            {views(tenThousand).toString(), "session_events"},
        };
        for (String[] c : cases) {
            APIGatewayProxyResponseEvent r = handler.handleRequest(ApiEvents.withBody("rank-catalogue.json", c[0]),
                    null);
            String shown = c[0].length() > 80 ? c[0].substring(0, 80) + "..." : c[0];
            assertEquals(400, r.getStatusCode(), shown + " -> " + r.getBody());
            assertEquals(c[1], ApiEvents.parse(r.getBody()).path("field").asText(), shown + " -> " + r.getBody());
        }
        // With candidates, k keeps its old range.
        ObjectNode many = ApiEvents.sampleBody("rank.json");
        many.remove("session_events");
        many.put("k", 300);
        assertEquals(200, handler.handleRequest(ApiEvents.withBody("rank.json", many), null).getStatusCode());
    }

    @Test
    void brokenArtefactsAreRefusedKeepingTheLastGoodOneAndNewOnesArePickedUp() {
        String bucket = "recall-refresh";
        server.createBucket(bucket);
        S3Client s3 = server.client();
        RecallStore store = new RecallStore(s3, bucket);
        byte[] good = trained.recall().toBytes();

        // Cold start on a corrupt artefact: refused, and /rank answers from the pre-recall path, marked (here
        // empty: this bucket has no item stats to take popular items from).
        byte[] flipped = good.clone();
        flipped[flipped.length / 2] ^= 0x5a;
        publishRaw(s3, bucket, "20261128T010000Z", flipped, ModelLoader.sha256(good), RecallIndex.FORMAT_VERSION,
                trained.recall().itemCount());
        RankHandler h = new RankHandler(context(s3, bucket, Duration.ZERO));
        ObjectNode anonymous = ApiEvents.sampleBody("rank-context-item.json");
        anonymous.remove("context_item");
        JsonNode none = ok(h, anonymous);
        assertEquals("no_recall", none.get("source").asText(), none.toString());
        assertTrue(none.get("recall_version").isNull());

        // A good artefact without a reranker: recall's own order.
        RecallManifest v1 = store.publish(trained.recall(), null, null, BUILT.plusSeconds(3600), 3000);
        JsonNode byRecall = ok(h, views("sku-0010"));
        assertEquals("recall", byRecall.get("source").asText(), byRecall.toString());
        assertEquals(v1.version(), byRecall.get("recall_version").asText());
        assertTrue(byRecall.get("reranker_version").isNull());
        assertEquals(next("sku-0010"), ids(byRecall).get(0));

        // A "reranker" that does not take recall's features is refused: still recall's order, no 500.
        publishReranker(s3, bucket, unrelatedModel(), "20261128T020000Z");
        assertEquals("recall", ok(h, views("sku-0010")).get("source").asText());
        publishReranker(s3, bucket, trained.reranker(), RERANKER_VERSION);
        assertEquals("reranker", ok(h, views("sku-0010")).get("source").asText());

        // Every kind of broken new artefact is refused; the last good one keeps serving.
        byte[] truncated = Arrays.copyOf(good, good.length - 7);
        List<Runnable> broken = List.of(
            () -> publishRaw(s3, bucket, "20261128T030000Z", flipped, ModelLoader.sha256(good),
                    RecallIndex.FORMAT_VERSION, trained.recall().itemCount()),
            () -> publishRaw(s3, bucket, "20261128T040000Z", truncated, ModelLoader.sha256(truncated),
                    RecallIndex.FORMAT_VERSION, trained.recall().itemCount()),
            () -> publishRaw(s3, bucket, "20261128T050000Z", good, ModelLoader.sha256(good),
                    RecallIndex.FORMAT_VERSION + 1, trained.recall().itemCount()),
            () -> publishRaw(s3, bucket, "20261128T060000Z", good, ModelLoader.sha256(good),
                    RecallIndex.FORMAT_VERSION, trained.recall().itemCount() + 1),
            () -> s3.putObject(b -> b.bucket(bucket).key(S3Layout.recallManifestKey()),
                    RequestBody.fromString("{\"version\": ", StandardCharsets.UTF_8)),
            () -> s3.putObject(b -> b.bucket(bucket).key(S3Layout.recallManifestKey()),
                    RequestBody.fromBytes(new RecallManifest("20261128T070000Z", S3Layout.recallKey("gone"),
                            ModelLoader.sha256(good), good.length, RecallIndex.FORMAT_VERSION,
                            trained.recall().itemCount(), 3000, null, null, BUILT.toString()).toJson())),
            () -> s3.deleteObject(b -> b.bucket(bucket).key(S3Layout.recallManifestKey())));
        for (Runnable publish : broken) {
            publish.run();
            JsonNode j = ok(h, views("sku-0010"));
            assertEquals(v1.version(), j.get("recall_version").asText(), j.toString());
            assertEquals("reranker", j.get("source").asText());
        }

        // The next good artefact is picked up by the next refresh.
        RecallIndex smaller = RerankTrainer.build(sessions(1500, 12), RecallSettings.defaults());
        RecallManifest v2 = store.publish(smaller, null, null, BUILT.plusSeconds(7200), 1500);
        JsonNode fresh = ok(h, views("sku-0010"));
        assertEquals(v2.version(), fresh.get("recall_version").asText(), fresh.toString());
        assertEquals(next("sku-0010"), ids(fresh).get(0));
    }

    @Test
    void recallLoadsAtColdStartIsPrimedByTheWarmUpAndRecheckedAfterARestore() {
        String bucket = "recall-restore";
        server.createBucket(bucket);
        S3Client s3 = server.client();
        publishReranker(s3, bucket, trained.reranker(), RERANKER_VERSION);
        RecallStore store = new RecallStore(s3, bucket);
        RecallManifest v1 = store.publish(trained.recall(), null, null, BUILT, 3000);
        ServingContext context = context(s3, bucket, Duration.ofHours(1));
        RankHandler h = new RankHandler(context);
        // With an hour's refresh interval nothing re-reads the manifest now: what serves was loaded by the
        // constructor (the cold start).
        s3.deleteObject(b -> b.bucket(bucket).key(S3Layout.recallManifestKey()));
        assertEquals(v1.version(), context.recall().current().orElseThrow().manifest().version());

        // What SnapStart's beforeCheckpoint runs: real catalogue, item-page and candidates requests, none failing.
        assertEquals(0, context.warm());

        // Published while the snapshot sat on the shelf: served right after the restore, not an hour later.
        RecallManifest v2 = store.publish(trained.recall(), null, null, BUILT.plusSeconds(60), 3000);
        assertEquals(v1.version(), ok(h, views("sku-0010")).get("recall_version").asText());
        context.afterRestore(null);
        JsonNode restored = ok(h, views("sku-0010"));
        assertEquals(v2.version(), restored.get("recall_version").asText());
        assertEquals("reranker", restored.get("source").asText());
    }

    /** A real ONNX model of two made-up features: loadable, but not a reranker of recall's features. */
    private static TrainingResult unrelatedModel() {
        Random rnd = new Random(5);
        double[] a = new double[400];
        double[] b = new double[400];
        int[] y = new int[400];
        for (int i = 0; i < a.length; i++) {
            a[i] = rnd.nextGaussian();
            b[i] = rnd.nextGaussian();
            y[i] = a[i] + b[i] > 0 ? 1 : 0;
        }
        return ModelBuilder.train(Table.builder().numeric("a", a).numeric("b", b).labels(y).build(),
                TrainingConfig.defaults().withHidden(4).withMaxEpochs(2).withSeed(1));
    }

    /** Writes an artefact's bytes and a manifest describing it as the caller says, pointer last. */
    private static void publishRaw(S3Client s3, String bucket, String version, byte[] bytes, String sha256,
            int formatVersion, int items) {
        String key = S3Layout.recallKey(version);
        s3.putObject(b -> b.bucket(bucket).key(key), RequestBody.fromBytes(bytes));
        RecallManifest m = new RecallManifest(version, key, sha256, bytes.length, formatVersion, items, 3000, null,
                null, BUILT.toString());
        s3.putObject(b -> b.bucket(bucket).key(S3Layout.recallManifestKey()), RequestBody.fromBytes(m.toJson()));
    }
}
