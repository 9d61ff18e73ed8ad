package dev.propel.functions.http;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.LinkedHashMap;
import java.util.Map;

/** Builds API Gateway proxy responses with JSON bodies: the success answers and the {@code {error, field}} errors. */
public final class ApiResponses {
    private static final ObjectMapper JSON = new ObjectMapper();

    private ApiResponses() {
    }

    /** A JSON response; {@code body} is serialised as it is (maps, lists, strings, numbers). */
    public static APIGatewayProxyResponseEvent json(int status, Object body, Map<String, String> extraHeaders) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Content-Type", "application/json");
        headers.putAll(extraHeaders);
        String text;
        try {
            text = JSON.writeValueAsString(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("response not serialisable", e);
        }
        return new APIGatewayProxyResponseEvent().withStatusCode(status).withHeaders(headers).withBody(text)
                .withIsBase64Encoded(false);
    }

    public static APIGatewayProxyResponseEvent json(int status, Object body) {
        return json(status, body, Map.of());
    }

    /** The error body {@code {"error": message, "field": field}} (field omitted when null). */
    public static Map<String, Object> errorBody(String error, String field) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("error", error);
        if (field != null) {
            body.put("field", field);
        }
        return body;
    }

    public static APIGatewayProxyResponseEvent error(ApiException e) {
        return json(e.status(), errorBody(e.getMessage(), e.field()), e.headers());
    }

    public static APIGatewayProxyResponseEvent error(int status, String error, String field,
            Map<String, String> headers) {
        return json(status, errorBody(error, field), headers);
    }
}
