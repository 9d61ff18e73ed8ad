package dev.propel.functions.ingest;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import dev.propel.core.log.JsonLog;
import dev.propel.functions.http.ApiException;
import dev.propel.functions.http.ApiPipeline;
import dev.propel.functions.http.ApiReply;
import dev.propel.functions.http.ApiRequest;
import dev.propel.functions.http.ApiResponses;
import dev.propel.functions.http.CorsPolicy;
import dev.propel.functions.http.ErrorMapping;
import dev.propel.functions.http.RequestHeaders;
import dev.propel.functions.logging.LambdaLogging;
import dev.propel.functions.metrics.EmfMetricsPublisher;
import dev.propel.functions.metrics.FunctionMetrics;
import dev.propel.functions.metrics.MetricUnit;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code POST /events} (API Gateway proxy integration): translates the request to {@link IngestService} through
 * the shared {@link ApiPipeline} (request id, 4xx/503/500 mapping, one log line with counts and bytes, metrics),
 * and answers browsers' CORS preflights.
 */
public final class IngestHandler
        implements RequestHandler<APIGatewayProxyRequestEvent, APIGatewayProxyResponseEvent> {
    /** Seconds a client should wait before resending after a 503 (the shared {@link ErrorMapping}'s). */
    static final String RETRY_AFTER_SECONDS = ErrorMapping.STORAGE_RETRY_AFTER_SECONDS;

    private final IngestService service;
    private final CorsPolicy cors;
    private final ApiPipeline pipeline;

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
        this(IngestService.fromEnvironment(env, clock), LambdaLogging.forFunction("IngestFunction"),
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
        this.cors = cors;
        this.pipeline = new ApiPipeline(log, metrics);
    }

    @Override
    public APIGatewayProxyResponseEvent handleRequest(APIGatewayProxyRequestEvent request, Context context) {
        APIGatewayProxyResponseEvent response = pipeline.run(request, context, this::route);
        String origin = request == null ? null
                : new RequestHeaders(request.getHeaders(), request.getMultiValueHeaders()).get("Origin");
        Map<String, String> withCors = new LinkedHashMap<>(response.getHeaders());
        withCors.putAll(cors.headers(origin));
        response.setHeaders(withCors);
        return response;
    }

    private ApiReply route(ApiRequest request, FunctionMetrics recorded) {
        String method = request.method();
        if (method != null && method.equalsIgnoreCase("OPTIONS")) {
            return new ApiReply(cors.preflight(request.headers().get("Origin")), Map.of("preflight", true));
        }
        if (method != null && !method.equalsIgnoreCase("POST")) {
            throw new ApiException(405, "use POST", null, Map.of("Allow", "POST"));
        }
        IngestResult result = service.ingest(request.body(), request.requestId());
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("events_received", result.batch().received());
        fields.put("accepted", result.batch().accepted());
        fields.put("rejected_events", result.batch().received() - result.batch().accepted());
        fields.put("duplicates", result.batch().duplicates());
        fields.put("bytes_in", result.bytesIn());
        recorded.add("EventsAccepted", MetricUnit.COUNT, result.batch().accepted());
        recorded.add("EventsRejected", MetricUnit.COUNT, result.batch().received() - result.batch().accepted());
        recorded.add("EventsDuplicate", MetricUnit.COUNT, result.batch().duplicates());
        recorded.add("BytesStored", MetricUnit.BYTES, result.stored() == null ? 0 : result.stored().bytes());
        if (result.stored() != null) {
            fields.put("stored_events", result.stored().events());
            fields.put("bytes_stored", result.stored().bytes());
            fields.put("key", result.stored().key());
        }
        return new ApiReply(ApiResponses.json(result.status(), result.responseBody()), fields);
    }
}
