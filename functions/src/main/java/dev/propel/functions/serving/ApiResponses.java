package dev.propel.functions.serving;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.Map;

/** Builds API Gateway proxy responses: JSON bodies, and the error shape {@code {"error", "field"}}. */
public final class ApiResponses {
    static final JsonFactory JSON = new JsonFactory();
    private static final Map<String, String> JSON_HEADERS = Map.of("Content-Type", "application/json");
    /** Seconds a client should wait before retrying when no model is available. */
    static final String RETRY_AFTER_SECONDS = "30";

    private ApiResponses() {
    }

    /** Writes a JSON document with a generator. */
    @FunctionalInterface
    public interface JsonBody {
        void write(JsonGenerator g) throws IOException;
    }

    /** Renders a JSON body to a string. */
    public static String json(JsonBody body) {
        StringWriter w = new StringWriter(128);
        try (JsonGenerator g = JSON.createGenerator(w)) {
            body.write(g);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return w.toString();
    }

    /** 200 with a JSON body. */
    public static APIGatewayProxyResponseEvent ok(JsonBody body) {
        return new APIGatewayProxyResponseEvent().withStatusCode(200).withHeaders(JSON_HEADERS).withBody(json(body));
    }

    /** The error answer for a refused request. */
    public static APIGatewayProxyResponseEvent error(ApiException e) {
        return error(e.status(), e.getMessage(), e.field(), Map.of());
    }

    /** 503: no usable model; the client may retry later. */
    public static APIGatewayProxyResponseEvent unavailable(String message, String field) {
        return error(503, message, field, Map.of("Retry-After", RETRY_AFTER_SECONDS));
    }

    /** 500 for our own faults; the message is generic, the cause is in the log. */
    public static APIGatewayProxyResponseEvent internal(String requestId) {
        return error(500, "internal error (request " + requestId + ")", null, Map.of());
    }

    private static APIGatewayProxyResponseEvent error(int status, String message, String field,
                                                      Map<String, String> extraHeaders) {
        String body = json(g -> {
            g.writeStartObject();
            g.writeStringField("error", message);
            if (field != null) {
                g.writeStringField("field", field);
            }
            g.writeEndObject();
        });
        Map<String, String> headers = JSON_HEADERS;
        if (!extraHeaders.isEmpty()) {
            headers = new java.util.HashMap<>(JSON_HEADERS);
            headers.putAll(extraHeaders);
        }
        return new APIGatewayProxyResponseEvent().withStatusCode(status).withHeaders(headers).withBody(body);
    }
}
