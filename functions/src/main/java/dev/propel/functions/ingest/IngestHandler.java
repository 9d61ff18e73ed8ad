package dev.propel.functions.ingest;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import dev.propel.core.log.JsonLog;
import dev.propel.functions.http.ApiException;
import dev.propel.functions.http.ApiResponses;
import dev.propel.functions.http.CorsPolicy;
import dev.propel.functions.http.HttpBody;
import dev.propel.functions.http.RequestHeaders;
import dev.propel.functions.metrics.EmfMetricsPublisher;
import dev.propel.functions.metrics.InvocationMetrics;
import dev.propel.functions.metrics.MetricUnit;
import java.time.Clock;
import java.util.Map;
import java.util.UUID;

/**
 * {@code POST /events} (API Gateway proxy integration): translates the request to {@link IngestService} and
 * the outcome to 202/4xx/503 JSON, and logs one structured line per request (counts, bytes, latency; never ids
 * or payloads).
 */
public final class IngestHandler
        implements RequestHandler<APIGatewayProxyRequestEvent, APIGatewayProxyResponseEvent> {
    /** Seconds a client should wait before resending after a 503. */
    static final String RETRY_AFTER_SECONDS = "2";

    private final IngestService service;
    private final JsonLog log;
    private final CorsPolicy cors;
    private final EmfMetricsPublisher metrics;

    /** Lambda's constructor: everything from the environment, once per container. */
    public IngestHandler() {
        this(System.getenv());
    }

    /** The local stack's constructor: the function's environment as the template and stack define it. */
    public IngestHandler(Map<String, String> env) {
        this(env, Clock.systemUTC());
    }

    /** The local stack's constructor with the stack's clock (the receive time of every event). */
    public IngestHandler(Map<String, String> env, Clock clock) {
        this(IngestService.fromEnvironment(env, clock), JsonLog.stdout("IngestFunction"),
                CorsPolicy.fromEnvironment(env), EmfMetricsPublisher.forFunction("IngestFunction"));
    }

    public IngestHandler(IngestService service, JsonLog log) {
        this(service, log, CorsPolicy.none());
    }

    /** With the browser origins allowed to call ({@code OPTIONS} preflights are answered here). */
    public IngestHandler(IngestService service, JsonLog log, CorsPolicy cors) {
        this(service, log, cors, EmfMetricsPublisher.disabled());
    }

    /** With where the invocation's metrics go. */
    public IngestHandler(IngestService service, JsonLog log, CorsPolicy cors, EmfMetricsPublisher metrics) {
        this.service = service;
        this.log = log;
        this.cors = cors;
        this.metrics = metrics;
    }

    @Override
    public APIGatewayProxyResponseEvent handleRequest(APIGatewayProxyRequestEvent request, Context context) {
        long start = System.nanoTime();
        String apiRequestId = request.getRequestContext() == null ? null : request.getRequestContext().getRequestId();
        String requestId = requestId(context, apiRequestId);
        JsonLog.Line line = log.info("ingest").with("request_id", requestId).with("api_request_id", apiRequestId);
        APIGatewayProxyResponseEvent response;
        InvocationMetrics recorded = new InvocationMetrics();
        RequestHeaders headers = new RequestHeaders(request.getHeaders(), request.getMultiValueHeaders());
        String origin = headers.get("Origin");
        try {
            String method = request.getHttpMethod();
            if (method != null && method.equalsIgnoreCase("OPTIONS")) {
                response = cors.preflight(origin);
                line.with("status", response.getStatusCode()).with("preflight", true)
                        .with("latency_ms", (System.nanoTime() - start) / 1_000_000.0).log();
                return response;
            }
            if (method != null && !method.equalsIgnoreCase("POST")) {
                throw new ApiException(405, "use POST", null, Map.of("Allow", "POST"));
            }
            HttpBody body = new HttpBody(request.getBody(), Boolean.TRUE.equals(request.getIsBase64Encoded()),
                    headers.get("Content-Type"), headers.get("Content-Encoding"));
            IngestResult result = service.ingest(body, requestId);
            response = ApiResponses.json(result.status(), result.responseBody(), Map.of("X-Request-Id", requestId));
            line.with("events_received", result.batch().received())
                    .with("accepted", result.batch().accepted())
                    .with("rejected_events", result.batch().received() - result.batch().accepted())
                    .with("duplicates", result.batch().duplicates())
                    .with("bytes_in", result.bytesIn());
            recorded.add("EventsAccepted", MetricUnit.COUNT, result.batch().accepted());
            recorded.add("EventsRejected", MetricUnit.COUNT, result.batch().received() - result.batch().accepted());
            recorded.add("EventsDuplicate", MetricUnit.COUNT, result.batch().duplicates());
            recorded.add("BytesStored", MetricUnit.BYTES, result.stored() == null ? 0 : result.stored().bytes());
            if (result.stored() != null) {
                line.with("stored_events", result.stored().events())
                        .with("bytes_stored", result.stored().bytes())
                        .with("key", result.stored().key());
            }
        } catch (ApiException e) {
            response = ApiResponses.error(e);
            response.getHeaders().put("X-Request-Id", requestId);
            line.with("error_field", e.field());
        } catch (StorageUnavailableException e) {
            response = ApiResponses.error(503, "event store unavailable, nothing was stored; retry later", null,
                    Map.of("Retry-After", RETRY_AFTER_SECONDS, "X-Request-Id", requestId));
            line = log.error("ingest").with("request_id", requestId).with("api_request_id", apiRequestId)
                    .with("cause", e.getMessage());
        } catch (RuntimeException e) {
            // a bug, never a caller mistake: a JSON 500 without the stack trace, the class name in the log only
            response = ApiResponses.error(500, "internal error", null, Map.of("X-Request-Id", requestId));
            line = log.error("ingest").with("request_id", requestId).with("api_request_id", apiRequestId)
                    .with("cause", e.getClass().getName());
        }
        if (response.getHeaders() != null) {
            // the error paths' header maps may be immutable: copy before adding the CORS headers
            Map<String, String> withCors = new java.util.LinkedHashMap<>(response.getHeaders());
            withCors.putAll(cors.headers(origin));
            response.setHeaders(withCors);
        }
        line.with("status", response.getStatusCode())
                .with("latency_ms", (System.nanoTime() - start) / 1_000_000.0)
                .log();
        if (response.getStatusCode() >= 400) {
            recorded.addBy("Errors", MetricUnit.COUNT, 1, "status", String.valueOf(response.getStatusCode()));
        }
        metrics.publish(recorded);
        return response;
    }

    /** Names the raw object: Lambda's invocation id (unique per invocation), else API Gateway's, else random. */
    private static String requestId(Context context, String apiRequestId) {
        if (context != null && context.getAwsRequestId() != null && !context.getAwsRequestId().isBlank()) {
            return context.getAwsRequestId();
        }
        if (apiRequestId != null && !apiRequestId.isBlank()) {
            return apiRequestId;
        }
        return UUID.randomUUID().toString();
    }
}
