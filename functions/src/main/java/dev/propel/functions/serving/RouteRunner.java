package dev.propel.functions.serving;

import dev.propel.functions.http.ApiException;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import dev.propel.core.log.JsonLog;
import dev.propel.functions.http.ApiException;
import dev.propel.functions.http.ApiResponses;
import dev.propel.functions.ingest.StorageUnavailableException;
import dev.propel.functions.metrics.EmfMetricsPublisher;
import dev.propel.functions.metrics.FunctionMetrics;
import dev.propel.functions.metrics.InvocationMetrics;
import dev.propel.functions.metrics.MetricUnit;
import dev.propel.functions.model.ModelUnavailableException;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.UUID;

/**
 * The part every serving handler shares: body in, domain call, JSON out, caller mistakes as 4xx, a missing model as
 * 503 with {@code Retry-After}, our own faults as a 500 without internals, and one structured log line per request
 * (request id, status, latency, model version; never payloads or user ids).
 */
final class RouteRunner {
    private RouteRunner() {
    }

    /** Seconds a client should wait before retrying when no model is available. */
    static final String RETRY_AFTER_SECONDS = "30";
    private static final JsonFactory JSON = new JsonFactory();
    private static final Map<String, String> JSON_HEADERS = Map.of("Content-Type", "application/json");

    /** Writes a success body; streamed, because reflection-based mapping would cost more than the model run. */
    @FunctionalInterface
    interface JsonBody {
        void write(JsonGenerator g) throws IOException;
    }

    /**
     * What a route answered: the body, the model version that produced it and, where a route has fallbacks,
     * what produced the answer (both for the log, so fallback rates can be watched).
     */
    record Answer(JsonBody body, String modelVersion, String source) {
        Answer(JsonBody body, String modelVersion) {
            this(body, modelVersion, null);
        }
    }

    /** The domain call of a route. */
    @FunctionalInterface
    interface Route {
        Answer answer(JsonNode body, String requestId);
    }

    /** The domain call of a route that also counts what it did (predictions, decisions by action). */
    @FunctionalInterface
    interface MeasuredRoute {
        Answer answer(JsonNode body, String requestId, FunctionMetrics metrics);
    }

    static APIGatewayProxyResponseEvent run(APIGatewayProxyRequestEvent event, Context context, JsonLog log,
                                            Route route) {
        return run(event, context, log, EmfMetricsPublisher.disabled(),
                (body, requestId, metrics) -> route.answer(body, requestId));
    }

    /** As {@link #run(APIGatewayProxyRequestEvent, Context, JsonLog, Route)}, publishing the request's metrics. */
    static APIGatewayProxyResponseEvent run(APIGatewayProxyRequestEvent event, Context context, JsonLog log,
                                            EmfMetricsPublisher publisher, MeasuredRoute route) {
        InvocationMetrics recorded = new InvocationMetrics();
        long started = System.nanoTime();
        String requestId = requestId(event, context);
        APIGatewayProxyResponseEvent response;
        String modelVersion = null;
        String source = null;
        String field = null;
        String reason = null;
        try {
            Answer answer = route.answer(JsonRequests.body(event), requestId, recorded);
            modelVersion = answer.modelVersion();
            source = answer.source();
            response = ok(answer.body());
        } catch (ApiException e) {
            field = e.field();
            response = ApiResponses.error(e);
        } catch (ModelUnavailableException e) {
            reason = e.getMessage();
            response = ApiResponses.error(503, e.getMessage(), "model", Map.of("Retry-After", RETRY_AFTER_SECONDS));
        } catch (StorageUnavailableException e) {
            reason = e.getMessage();
            response = ApiResponses.error(503, "the decision could not be recorded; retry later", null,
                    Map.of("Retry-After", RETRY_AFTER_SECONDS));
        } catch (RuntimeException e) {
            reason = e.toString();
            response = ApiResponses.error(500, "internal error (request " + requestId + ")", null, Map.of());
        }
        JsonLog.Line line = response.getStatusCode() >= 500 ? log.error("request failed") : log.info("request");
        line.with("request_id", requestId).with("status", response.getStatusCode())
                .with("latency_us", (System.nanoTime() - started) / 1000).with("model_version", modelVersion)
                .with("source", source).with("field", field).with("reason", reason).log();
        if (response.getStatusCode() >= 400) {
            recorded.addBy("Errors", MetricUnit.COUNT, 1, "status", String.valueOf(response.getStatusCode()));
        }
        recorded.property("model_version", modelVersion);
        publisher.publish(recorded);
        return response;
    }

    /**
     * Loads a handler's model at cold start and publishes how long it took ({@code ModelLoadTime}) with the loaded
     * version as a property (a dimension per version would mint a metric series per deployment).
     */
    static void loadModelAtColdStart(EmfMetricsPublisher publisher, ServingContext context, String task) {
        long started = System.nanoTime();
        java.util.Optional<dev.propel.functions.model.ServingModel> model = context.models().find(task);
        InvocationMetrics recorded = new InvocationMetrics();
        recorded.add("ModelLoadTime", MetricUnit.MILLISECONDS, (System.nanoTime() - started) / 1_000_000.0);
        recorded.property("model_task", task);
        recorded.property("model_version", model.map(dev.propel.functions.model.ServingModel::version)
                .orElse("none"));
        publisher.publish(recorded);
    }

    private static APIGatewayProxyResponseEvent ok(JsonBody body) {
        StringWriter w = new StringWriter(128);
        try (JsonGenerator g = JSON.createGenerator(w)) {
            body.write(g);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new APIGatewayProxyResponseEvent().withStatusCode(200).withHeaders(JSON_HEADERS)
                .withBody(w.toString());
    }

    private static String requestId(APIGatewayProxyRequestEvent event, Context context) {
        if (event != null && event.getRequestContext() != null && event.getRequestContext().getRequestId() != null) {
            return event.getRequestContext().getRequestId();
        }
        if (context != null && context.getAwsRequestId() != null) {
            return context.getAwsRequestId();
        }
        return UUID.randomUUID().toString();
    }
}
