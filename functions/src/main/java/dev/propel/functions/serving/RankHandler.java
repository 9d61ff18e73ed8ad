package dev.propel.functions.serving;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import com.fasterxml.jackson.databind.JsonNode;
import dev.propel.core.log.JsonLog;
import dev.propel.core.model.ModelTask;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code POST /rank}: {@code {"user_id"?, "session_events", "candidates"?, "k", "filters": {"exclude_purchased",
 * "hidden_items"}}} → {@code {"model", "version", "items": [{"item_id", "score", "source"}, ...]}}.
 */
public final class RankHandler implements RequestHandler<APIGatewayProxyRequestEvent, APIGatewayProxyResponseEvent> {
    static final String FUNCTION = "RankFunction";
    /** Most candidates one request may send. */
    public static final int MAX_CANDIDATES = 1000;
    /** Most items one request may ask for. */
    public static final int MAX_K = 500;
    /** Most hidden items one request may send. */
    public static final int MAX_HIDDEN = 10_000;

    private final Ranker ranker;
    private final JsonLog log;

    /** Lambda's constructor: settings from the process environment. */
    public RankHandler() {
        this(System.getenv());
    }

    /** A handler for an explicit environment (the local stack). */
    public RankHandler(Map<String, String> env) {
        this(ServingContext.shared(env));
    }

    /** A handler over a context: loads the item model and item stats now (cold start), registers its warm-up. */
    public RankHandler(ServingContext context) {
        this(context.ranker(), JsonLog.stdout(FUNCTION));
        context.stats().current();
        context.models().find(ModelTask.ITEM.id());
        context.addWarmup(this::warm);
    }

    /** A handler over explicit domain objects (tests, benchmarks). */
    public RankHandler(Ranker ranker, JsonLog log) {
        this.ranker = ranker;
        this.log = log;
    }

    @Override
    public APIGatewayProxyResponseEvent handleRequest(APIGatewayProxyRequestEvent event, Context context) {
        return RouteRunner.run(event, context, log, (body, requestId) -> {
            Ranking r = ranker.rank(request(body));
            return new RouteRunner.Answer(g -> {
                g.writeStartObject();
                g.writeStringField("model", r.model());
                g.writeStringField("version", r.version());
                g.writeArrayFieldStart("items");
                for (Ranking.RankedItem item : r.items()) {
                    g.writeStartObject();
                    g.writeStringField("item_id", item.itemId());
                    g.writeNumberField("score", (float) item.score());
                    g.writeStringField("source", item.source());
                    g.writeEndObject();
                }
                g.writeEndArray();
                g.writeEndObject();
            }, r.version());
        });
    }

    static RankRequest request(JsonNode body) {
        String userId = JsonRequests.optionalText(body, "user_id", "user_id", SessionEventsReader.MAX_ID_LENGTH);
        var events = SessionEventsReader.read(body, "session_events");
        List<String> candidates = JsonRequests.optionalStrings(body, "candidates", "candidates", MAX_CANDIDATES,
                SessionEventsReader.MAX_ID_LENGTH);
        int k = JsonRequests.optionalInt(body, "k", "k", 1, MAX_K, 10);
        JsonNode filters = JsonRequests.optionalObject(body, "filters", "filters");
        boolean excludePurchased = true;
        List<String> hidden = null;
        if (filters != null) {
            excludePurchased = JsonRequests.optionalBoolean(filters, "exclude_purchased", "filters.exclude_purchased",
                    true);
            hidden = JsonRequests.optionalStrings(filters, "hidden_items", "filters.hidden_items", MAX_HIDDEN,
                    SessionEventsReader.MAX_ID_LENGTH);
        }
        return new RankRequest(userId, events, candidates, k, excludePurchased,
                hidden == null ? Set.of() : Set.copyOf(hidden), JsonRequests.optionalUserHistory(body));
    }

    /** Real rankings through the whole request path, for the SnapStart snapshot. */
    private void warm() {
        RankHandler quiet = new RankHandler(ranker, WarmupRequests.quietLog(FUNCTION));
        APIGatewayProxyRequestEvent event = WarmupRequests.rank();
        for (int i = 0; i < WarmupRequests.ITERATIONS; i++) {
            quiet.handleRequest(event, null);
        }
    }
}
