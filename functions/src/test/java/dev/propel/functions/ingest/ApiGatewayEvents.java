package dev.propel.functions.ingest;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.serialization.events.LambdaEventSerializers;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;

/**
 * Builds handler input from API Gateway proxy event JSON exactly as the Lambda runtime does
 * ({@link LambdaEventSerializers}), starting from a realistic captured event and changing only what a test needs.
 */
final class ApiGatewayEvents {
    private static final ObjectMapper JSON = new ObjectMapper();

    private ApiGatewayEvents() {
    }

    static String resource(String name) {
        try (InputStream in = ApiGatewayEvents.class.getResourceAsStream("/" + name)) {
            return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The event as the runtime deserialises it from JSON text. */
    static APIGatewayProxyRequestEvent fromJson(String eventJson) {
        return LambdaEventSerializers.serializerFor(APIGatewayProxyRequestEvent.class,
                ApiGatewayEvents.class.getClassLoader()).fromJson(eventJson);
    }

    /** The sample POST /events with another body, base64 flag and header overrides (null value removes one). */
    static APIGatewayProxyRequestEvent post(String body, boolean base64, Map<String, String> headerOverrides) {
        try {
            ObjectNode event = (ObjectNode) JSON.readTree(resource("ingest/apigw-post-events.json"));
            event.put("body", body);
            event.put("isBase64Encoded", base64);
            ObjectNode headers = (ObjectNode) event.get("headers");
            ObjectNode multi = (ObjectNode) event.get("multiValueHeaders");
            for (Map.Entry<String, String> h : headerOverrides.entrySet()) {
                if (h.getValue() == null) {
                    headers.remove(h.getKey());
                    multi.remove(h.getKey());
                } else {
                    headers.put(h.getKey(), h.getValue());
                    multi.putArray(h.getKey()).add(h.getValue());
                }
            }
            return fromJson(JSON.writeValueAsString(event));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static APIGatewayProxyRequestEvent post(String body) {
        return post(body, false, Map.of());
    }
}
