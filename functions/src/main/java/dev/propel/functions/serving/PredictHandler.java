package dev.propel.functions.serving;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import com.fasterxml.jackson.databind.JsonNode;
import dev.propel.core.event.BehaviourEvent;
import dev.propel.core.log.JsonLog;
import dev.propel.core.model.ModelTask;
import dev.propel.functions.http.ApiPipeline;
import dev.propel.functions.logging.LambdaLogging;
import dev.propel.functions.metrics.EmfMetricsPublisher;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * {@code POST /predict}: {@code {"model": "conversion", "session_events": [...]}} or
 * {@code {"model": "<name>", "rows": [{"<feature>": value, ...}, ...]}} →
 * {@code {"model", "version", "predictions": [p, ...], "experiment"?: {"id", "variant"}}}; optional
 * {@code user_id}, {@code anonymous_id}, {@code session_id} place the caller in an experiment's variant.
 */
public final class PredictHandler
        implements RequestHandler<APIGatewayProxyRequestEvent, APIGatewayProxyResponseEvent> {
    static final String FUNCTION = "PredictFunction";
    /** Model names are S3 key segments: keep them to a safe alphabet. */
    static final Pattern MODEL_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,63}");

    private final Predictor predictor;
    private final JsonLog log;
    private final EmfMetricsPublisher metrics;
    private final ApiPipeline pipeline;

    /** Lambda's constructor: settings from the process environment. */
    public PredictHandler() {
        this(System.getenv());
    }

    /** A handler for an explicit environment (the local stack). */
    public PredictHandler(Map<String, String> env) {
        this(ServingContext.shared(env));
    }

    /** A handler over a context: loads the conversion model now (cold start) and registers its warm-up. */
    public PredictHandler(ServingContext context) {
        this(context.predictor(), LambdaLogging.forFunction(FUNCTION), EmfMetricsPublisher.forFunction(FUNCTION));
        RouteRunner.loadModelAtColdStart(metrics, context, ModelTask.CONVERSION.id());
        context.addWarmup(this::warm);
    }

    /** A handler over explicit domain objects (tests, benchmarks). */
    public PredictHandler(Predictor predictor, JsonLog log) {
        this(predictor, log, EmfMetricsPublisher.disabled());
    }

    /** A handler over explicit domain objects publishing its metrics (the Lambda and local-stack path). */
    public PredictHandler(Predictor predictor, JsonLog log, EmfMetricsPublisher metrics) {
        this.predictor = predictor;
        this.log = log;
        this.metrics = metrics;
        this.pipeline = new ApiPipeline(log, metrics);
    }

    @Override
    public APIGatewayProxyResponseEvent handleRequest(APIGatewayProxyRequestEvent event, Context context) {
        return pipeline.run(event, context, RouteRunner.route((body, requestId, recorded) -> {
            RouteRunner.Answer answer = answer(body, requestId);
            recorded.count("Predictions");
            return answer;
        }));
    }

    private RouteRunner.Answer answer(ServingBody request, String requestId) {
        JsonNode body = request.fields();
        String model = JsonRequests.requiredText(body, "model", "model", 64);
        if (!MODEL_NAME.matcher(model).matches()) {
            throw JsonRequests.invalid("model", "model must be letters, digits, '_', '.' or '-'");
        }
        boolean hasRows = body.hasNonNull("rows");
        boolean hasEvents = request.events().present();
        if (hasRows && hasEvents) {
            throw JsonRequests.invalid("rows", "send either rows or session_events, not both");
        }
        Prediction p;
        if (hasEvents) {
            List<BehaviourEvent> events = request.events().list();
            p = predictor.predictSession(model, events, JsonRequests.optionalUserHistory(body), unit(body, events));
        } else if (hasRows) {
            p = predictor.predictRows(model, rows(body), unit(body, List.of()));
        } else {
            throw JsonRequests.invalid("rows", "rows (named feature rows) or session_events is required");
        }
        return new RouteRunner.Answer(g -> {
            g.writeStartObject();
            g.writeStringField("model", p.model());
            g.writeStringField("version", p.version());
            g.writeArrayFieldStart("predictions");
            for (float v : p.predictions()) {
                g.writeNumber(v);
            }
            g.writeEndArray();
            Assignment.write(g, p.experiment());
            g.writeEndObject();
        }, p.version());
    }

    /** Who the caller is, for experiments: optional top-level ids, else the session's events. */
    private static String unit(JsonNode body, List<BehaviourEvent> events) {
        int max = SessionEventsReader.MAX_ID_LENGTH;
        return Experiments.unitOf(JsonRequests.optionalText(body, "user_id", "user_id", max),
                JsonRequests.optionalText(body, "anonymous_id", "anonymous_id", max),
                JsonRequests.optionalText(body, "session_id", "session_id", max), events);
    }

    private static List<Map<String, Object>> rows(JsonNode body) {
        JsonNode array = JsonRequests.requiredArray(body, "rows", "rows", Predictor.MAX_ROWS);
        if (array.isEmpty()) {
            throw JsonRequests.invalid("rows", "rows must hold at least one row");
        }
        List<Map<String, Object>> rows = new ArrayList<>(array.size());
        for (int i = 0; i < array.size(); i++) {
            JsonNode row = array.get(i);
            if (!row.isObject()) {
                throw JsonRequests.invalid("rows[" + i + "]", "rows[" + i + "] must be an object of named features");
            }
            Map<String, Object> values = new HashMap<>(row.size() * 2);
            for (var f : row.properties()) {
                JsonNode v = f.getValue();
                Object value;
                if (v.isNumber()) {
                    value = v.doubleValue();
                } else if (v.isTextual()) {
                    value = v.textValue();
                } else if (v.isBoolean()) {
                    value = v.booleanValue();
                } else if (v.isNull()) {
                    value = null;
                } else {
                    String path = "rows[" + i + "]." + f.getKey();
                    throw JsonRequests.invalid(path, path + " must be a number, string, boolean or null");
                }
                values.put(f.getKey(), value);
            }
            rows.add(values);
        }
        return rows;
    }

    /** Real inferences through the whole request path, for the SnapStart snapshot. */
    private void warm() {
        PredictHandler quiet = new PredictHandler(predictor, WarmupRequests.quietLog(FUNCTION));
        APIGatewayProxyRequestEvent event = WarmupRequests.predict();
        for (int i = 0; i < WarmupRequests.ITERATIONS; i++) {
            quiet.handleRequest(event, null);
        }
    }
}
