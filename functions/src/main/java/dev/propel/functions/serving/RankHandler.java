package dev.propel.functions.serving;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import dev.propel.core.log.JsonLog;
import dev.propel.core.model.ModelTask;
import dev.propel.functions.http.ApiPipeline;
import dev.propel.functions.logging.LambdaLogging;
import dev.propel.functions.metrics.EmfMetricsPublisher;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@code POST /rank}: {@code {"user_id"?, "session_events"?, "candidates"?, "context_item"?, "k"?, "exclude"?,
 * "filters"?: {"exclude_purchased", "hidden_items"}}} → {@code {"model", "version", "source", "recall_version",
 * "reranker_version", "items": [{"item_id", "score", "source"}, ...], "experiment"?: {"id", "variant"}}}.
 * Parsing is {@link RankRequestReader}'s, ranking {@link Ranker}'s.
 */
public final class RankHandler implements RequestHandler<APIGatewayProxyRequestEvent, APIGatewayProxyResponseEvent> {
    static final String FUNCTION = "RankFunction";
    /** Catalogue items the warm-up sessions are made of. */
    private static final int WARMUP_ITEMS = 3;

    private final Ranker ranker;
    private final JsonLog log;
    private final EmfMetricsPublisher metrics;
    private final ApiPipeline pipeline;

    /** Lambda's constructor: settings from the process environment. */
    public RankHandler() {
        this(System.getenv());
    }

    /** A handler for an explicit environment (the local stack). */
    public RankHandler(Map<String, String> env) {
        this(ServingContext.shared(env));
    }

    /**
     * A handler over a context: loads the item model, item stats, the recall artefact and the reranker now (cold
     * start), registers its warm-up.
     */
    public RankHandler(ServingContext context) {
        this(context.ranker(), LambdaLogging.forFunction(FUNCTION), EmfMetricsPublisher.forFunction(FUNCTION));
        context.stats().current();
        RouteRunner.loadModelAtColdStart(metrics, context, ModelTask.ITEM.id());
        context.recommender().current();
        context.addWarmup(this::warm);
    }

    /** A handler over explicit domain objects (tests, benchmarks). */
    public RankHandler(Ranker ranker, JsonLog log) {
        this(ranker, log, EmfMetricsPublisher.disabled());
    }

    /** A handler over explicit domain objects publishing its metrics (the Lambda and local-stack path). */
    public RankHandler(Ranker ranker, JsonLog log, EmfMetricsPublisher metrics) {
        this.ranker = ranker;
        this.log = log;
        this.metrics = metrics;
        this.pipeline = new ApiPipeline(log, metrics);
    }

    @Override
    public APIGatewayProxyResponseEvent handleRequest(APIGatewayProxyRequestEvent event, Context context) {
        return pipeline.run(event, context, RouteRunner.route((body, requestId, recorded) -> {
            Ranking r = ranker.rank(RankRequestReader.read(body));
            return new RouteRunner.Answer(g -> {
                g.writeStartObject();
                g.writeStringField("model", r.model());
                g.writeStringField("version", r.version());
                g.writeStringField("source", r.source());
                g.writeStringField("recall_version", r.recallVersion());
                g.writeStringField("reranker_version", r.rerankerVersion());
                g.writeArrayFieldStart("items");
                for (Ranking.RankedItem item : r.items()) {
                    g.writeStartObject();
                    g.writeStringField("item_id", item.itemId());
                    g.writeNumberField("score", (float) item.score());
                    g.writeStringField("source", item.source());
                    g.writeEndObject();
                }
                g.writeEndArray();
                Assignment.write(g, r.experiment());
                g.writeEndObject();
            }, r.version(), r.source());
        }));
    }

    /**
     * Real rankings through the whole request path, for the SnapStart snapshot: candidates, the pre-recall path,
     * and, when recall is loaded, a catalogue session and an item page of items it knows.
     */
    private void warm() {
        RankHandler quiet = new RankHandler(ranker, WarmupRequests.quietLog(FUNCTION));
        List<APIGatewayProxyRequestEvent> events = new ArrayList<>(List.of(WarmupRequests.rank(),
                WarmupRequests.rankCandidates()));
        List<String> known = ranker.warmupItems(WARMUP_ITEMS);
        if (!known.isEmpty()) {
            events.add(WarmupRequests.rankCatalogue(known));
            events.add(WarmupRequests.rankContextItem(known.get(0)));
        }
        int faults = 0;
        for (APIGatewayProxyRequestEvent event : events) {
            for (int i = 0; i < WarmupRequests.ITERATIONS; i++) {
                // 503 (no model published yet) is a state of the bucket; a 500 is a bug worth a log line.
                faults += quiet.handleRequest(event, null).getStatusCode() == 500 ? 1 : 0;
            }
        }
        if (faults > 0) {
            throw new IllegalStateException(faults + " rank warm-up requests answered 500");
        }
    }
}
