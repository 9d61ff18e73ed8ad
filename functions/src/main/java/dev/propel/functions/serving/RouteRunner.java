package dev.propel.functions.serving;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.propel.functions.http.ApiReply;
import dev.propel.functions.http.ApiRoute;
import dev.propel.functions.metrics.EmfMetricsPublisher;
import dev.propel.functions.metrics.FunctionMetrics;
import dev.propel.functions.metrics.InvocationMetrics;
import dev.propel.functions.metrics.MetricUnit;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What the serving routes share on top of the {@link dev.propel.functions.http.ApiPipeline}: the body read as a
 * JSON object, the answer streamed as JSON, the model version in the log line and metrics, and the model load at
 * cold start.
 */
final class RouteRunner {
    private RouteRunner() {
    }

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

    /** The domain call of a route that also counts what it did (predictions, decisions by action). */
    @FunctionalInterface
    interface MeasuredRoute {
        Answer answer(ServingBody body, String requestId, FunctionMetrics metrics);
    }

    /**
     * The {@link ApiRoute} of a serving route for the shared {@link dev.propel.functions.http.ApiPipeline}: the body
     * as a JSON object, the domain call, a streamed 200, and the model version as a log field and metric property.
     */
    static ApiRoute route(MeasuredRoute route) {
        return (request, metrics) -> {
            Answer answer = route.answer(JsonRequests.body(request.body()), request.requestId(), metrics);
            metrics.property("model_version", answer.modelVersion());
            Map<String, Object> fields = new LinkedHashMap<>();
            fields.put("model_version", answer.modelVersion());
            fields.put("source", answer.source());
            return new ApiReply(ok(answer.body()), fields);
        };
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
}
