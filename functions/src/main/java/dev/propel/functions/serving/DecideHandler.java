package dev.propel.functions.serving;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import com.fasterxml.jackson.databind.JsonNode;
import dev.propel.core.log.JsonLog;
import dev.propel.core.model.ModelTask;
import dev.propel.functions.http.ApiPipeline;
import dev.propel.functions.logging.LambdaLogging;
import dev.propel.functions.metrics.EmfMetricsPublisher;
import dev.propel.functions.metrics.MetricUnit;
import java.time.Clock;
import java.util.Map;

/**
 * {@code POST /decide}: {@code {"user_id"?, "session_id", "session_events"}} →
 * {@code {"action", "propensity", "band", "explored", "model", "version", "decision_id", "experiment"?, ...}};
 * each decision is recorded as a {@code decision} event under {@code raw/}, with its experiment variant.
 */
public final class DecideHandler
        implements RequestHandler<APIGatewayProxyRequestEvent, APIGatewayProxyResponseEvent> {
    static final String FUNCTION = "DecideFunction";

    private final Decider decider;
    private final JsonLog log;
    private final EmfMetricsPublisher metrics;
    private final ApiPipeline pipeline;

    /** Lambda's constructor: settings from the process environment. */
    public DecideHandler() {
        this(System.getenv());
    }

    /** A handler for an explicit environment (the local stack). */
    public DecideHandler(Map<String, String> env) {
        this(env, Clock.systemUTC());
    }

    /** The local stack's constructor with the stack's clock (the time of each logged decision). */
    public DecideHandler(Map<String, String> env, Clock clock) {
        this(ServingContext.shared(env), clock);
    }

    /** A handler over a context: loads the conversion model and the policy now (cold start). */
    public DecideHandler(ServingContext context) {
        this(context, Clock.systemUTC());
    }

    /** A handler over a context deciding at {@code clock}'s time. */
    public DecideHandler(ServingContext context, Clock clock) {
        this(context.decider(clock), LambdaLogging.forFunction(FUNCTION), EmfMetricsPublisher.forFunction(FUNCTION));
        RouteRunner.loadModelAtColdStart(metrics, context, ModelTask.CONVERSION.id());
        context.policies().current();
        // Warm-up without recording decisions: scoring and policy only.
        context.addWarmup(() -> {
            Decider.Request r = new Decider.Request(null, "warm-session", WarmupRequests.session());
            for (int i = 0; i < WarmupRequests.ITERATIONS; i++) {
                decider.preview(r);
            }
        });
    }

    /** A handler over explicit domain objects (tests, benchmarks). */
    public DecideHandler(Decider decider, JsonLog log) {
        this(decider, log, EmfMetricsPublisher.disabled());
    }

    /** A handler over explicit domain objects publishing its metrics (the Lambda and local-stack path). */
    public DecideHandler(Decider decider, JsonLog log, EmfMetricsPublisher metrics) {
        this.decider = decider;
        this.log = log;
        this.metrics = metrics;
        this.pipeline = new ApiPipeline(log, metrics);
    }

    @Override
    public APIGatewayProxyResponseEvent handleRequest(APIGatewayProxyRequestEvent event, Context context) {
        return pipeline.run(event, context, RouteRunner.route((body, requestId, recorded) -> {
            Decision d = decider.decide(request(body), requestId);
            // actions are the policy's small fixed set, so a dimension stays cheap
            recorded.addBy("Decisions", MetricUnit.COUNT, 1, "action", d.action());
            return new RouteRunner.Answer(g -> {
                g.writeStartObject();
                g.writeStringField("action", d.action());
                g.writeNumberField("propensity", (float) d.propensity());
                g.writeStringField("band", d.band());
                g.writeBooleanField("explored", d.explored());
                g.writeNumberField("action_probability", d.actionProbability());
                g.writeStringField("model", d.model());
                g.writeStringField("version", d.version());
                g.writeStringField("policy_version", d.policyVersion());
                g.writeStringField("decision_id", d.decisionId());
                Assignment.write(g, d.experiment());
                g.writeEndObject();
            }, d.version());
        }));
    }

    static Decider.Request request(ServingBody request) {
        JsonNode body = request.fields();
        String userId = JsonRequests.optionalText(body, "user_id", "user_id", SessionEventsReader.MAX_ID_LENGTH);
        String sessionId = JsonRequests.requiredText(body, "session_id", "session_id",
                SessionEventsReader.MAX_ID_LENGTH);
        return new Decider.Request(userId, sessionId, request.events().list(),
                JsonRequests.optionalUserHistory(body));
    }
}
