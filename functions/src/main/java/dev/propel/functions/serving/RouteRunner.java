package dev.propel.functions.serving;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import com.fasterxml.jackson.databind.JsonNode;
import dev.propel.core.log.JsonLog;
import dev.propel.functions.model.ModelUnavailableException;
import java.util.UUID;

/**
 * The part every serving handler shares: body in, domain call, JSON out, caller mistakes as 4xx, a missing model as
 * 503 with {@code Retry-After}, our own faults as a 500 without internals, and one structured log line per request
 * (request id, status, latency, model version; never payloads or user ids).
 */
final class RouteRunner {
    private RouteRunner() {
    }

    /** What a route answered: the body and the model version that produced it (for the log). */
    record Answer(ApiResponses.JsonBody body, String modelVersion) {
    }

    /** The domain call of a route. */
    @FunctionalInterface
    interface Route {
        Answer answer(JsonNode body, String requestId);
    }

    static APIGatewayProxyResponseEvent run(APIGatewayProxyRequestEvent event, Context context, JsonLog log,
                                            Route route) {
        long started = System.nanoTime();
        String requestId = requestId(event, context);
        APIGatewayProxyResponseEvent response;
        String modelVersion = null;
        String field = null;
        String reason = null;
        try {
            Answer answer = route.answer(JsonRequests.body(event), requestId);
            modelVersion = answer.modelVersion();
            response = ApiResponses.ok(answer.body());
        } catch (ApiException e) {
            field = e.field();
            response = ApiResponses.error(e);
        } catch (ModelUnavailableException e) {
            reason = e.getMessage();
            response = ApiResponses.unavailable(e.getMessage(), "model");
        } catch (RuntimeException e) {
            reason = e.toString();
            response = ApiResponses.internal(requestId);
        }
        JsonLog.Line line = response.getStatusCode() >= 500 ? log.error("request failed") : log.info("request");
        line.with("request_id", requestId).with("status", response.getStatusCode())
                .with("latency_us", (System.nanoTime() - started) / 1000).with("model_version", modelVersion)
                .with("field", field).with("reason", reason).log();
        return response;
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
