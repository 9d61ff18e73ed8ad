package dev.propel.functions.http;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import dev.propel.core.log.JsonLog;
import dev.propel.functions.logging.LambdaLogging;
import dev.propel.functions.metrics.EmfMetricsPublisher;
import dev.propel.functions.metrics.InvocationMetrics;
import dev.propel.functions.metrics.MetricUnit;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The request pipeline every API function runs (ingest, predict, rank, decide): the request id, the timing, the
 * route, the {@link ErrorMapping} of whatever it threw, the {@code X-Request-Id} header, one structured log line
 * and the invocation's metrics (with {@code Errors} by status). Handlers only translate their route.
 *
 * <p>The log line: {@code msg "request"}, {@code request_id}, {@code api_request_id}, {@code cold_start},
 * {@code function_version}, {@code status}, {@code latency_ms} (fractional), the route's own fields, and for an
 * error {@code error_field} / {@code cause}; level ERROR for a 5xx, INFO otherwise.
 */
public final class ApiPipeline {
    private final JsonLog log;
    private final EmfMetricsPublisher metrics;
    // the container's first request is its cold start (one pipeline per handler instance, one handler per container)
    private final AtomicBoolean coldStart = new AtomicBoolean(true);

    public ApiPipeline(JsonLog log, EmfMetricsPublisher metrics) {
        this.log = Objects.requireNonNull(log, "log");
        this.metrics = Objects.requireNonNull(metrics, "metrics");
    }

    /** Runs {@code route} for one API Gateway event; never throws, every outcome is an answer. */
    public APIGatewayProxyResponseEvent run(APIGatewayProxyRequestEvent event, Context context, ApiRoute route) {
        String apiRequestId = event == null || event.getRequestContext() == null ? null
                : event.getRequestContext().getRequestId();
        return LambdaLogging.aroundApi(log, context, apiRequestId,
                () -> runLogged(event, context, route, apiRequestId));
    }

    private APIGatewayProxyResponseEvent runLogged(APIGatewayProxyRequestEvent event, Context context, ApiRoute route,
            String apiRequestId) {
        long started = System.nanoTime();
        boolean cold = coldStart.getAndSet(false);
        String requestId = requestId(context, apiRequestId);
        InvocationMetrics recorded = new InvocationMetrics();
        APIGatewayProxyResponseEvent response;
        Map<String, Object> fields = new LinkedHashMap<>();
        try {
            ApiReply reply = route.handle(request(event, requestId, apiRequestId), recorded);
            response = reply.response();
            fields.putAll(reply.logFields());
        } catch (RuntimeException e) {
            ErrorMapping.Mapped mapped = ErrorMapping.map(e);
            response = mapped.response();
            putIfSet(fields, "error_field", mapped.field());
            putIfSet(fields, "cause", mapped.cause());
        }
        // the error paths' header maps may be immutable: copy before adding
        Map<String, String> headers = response.getHeaders() == null ? new LinkedHashMap<>()
                : new LinkedHashMap<>(response.getHeaders());
        headers.put("X-Request-Id", requestId);
        response.setHeaders(headers);
        int status = response.getStatusCode();
        JsonLog.Line line = status >= 500 ? log.error("request") : log.info("request");
        line.with("request_id", requestId).with("api_request_id", apiRequestId).with("cold_start", cold)
                .with("function_version", context == null ? null : context.getFunctionVersion())
                .with("status", status);
        fields.forEach(line::with);
        line.with("latency_ms", (System.nanoTime() - started) / 1_000_000.0).log();
        if (status >= 400) {
            recorded.addBy("Errors", MetricUnit.COUNT, 1, "status", String.valueOf(status));
        }
        metrics.publish(recorded);
        return response;
    }

    private static ApiRequest request(APIGatewayProxyRequestEvent event, String requestId, String apiRequestId) {
        if (event == null) {
            throw ApiException.badRequest("request body is empty", null);
        }
        RequestHeaders headers = new RequestHeaders(event.getHeaders(), event.getMultiValueHeaders());
        HttpBody body = new HttpBody(event.getBody(), Boolean.TRUE.equals(event.getIsBase64Encoded()),
                headers.get("Content-Type"), headers.get("Content-Encoding"));
        return new ApiRequest(requestId, apiRequestId, event.getHttpMethod(), headers, body);
    }

    /**
     * Lambda's invocation id (unique per invocation, the id of Lambda's own log lines and of X-Ray), else API
     * Gateway's (a caller of the local stack without a context), else a random one.
     */
    static String requestId(Context context, String apiRequestId) {
        if (context != null && context.getAwsRequestId() != null && !context.getAwsRequestId().isBlank()) {
            return context.getAwsRequestId();
        }
        if (apiRequestId != null && !apiRequestId.isBlank()) {
            return apiRequestId;
        }
        return UUID.randomUUID().toString();
    }

    private static void putIfSet(Map<String, Object> fields, String key, Object value) {
        if (value != null) {
            fields.put(key, value);
        }
    }
}
