package dev.propel.functions.testing;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.serialization.PojoSerializer;
import com.amazonaws.services.lambda.runtime.serialization.events.LambdaEventSerializers;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.propel.functions.events.SampleEvents;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * API Gateway proxy events for handler tests, deserialised from JSON by the Lambda runtime's own serializer: the
 * repository's sample files ({@code events/*.json}), or a sample with its body replaced.
 */
public final class ApiEvents {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final PojoSerializer<APIGatewayProxyRequestEvent> SERIALIZER =
            LambdaEventSerializers.serializerFor(APIGatewayProxyRequestEvent.class, ApiEvents.class.getClassLoader());

    private ApiEvents() {
    }

    /** The raw JSON of a sample event file. */
    public static String sampleJson(String file) {
        return SampleEvents.json(file);
    }

    /** A sample event file as the runtime would hand it to the handler. */
    public static APIGatewayProxyRequestEvent sample(String file) {
        return fromJson(sampleJson(file));
    }

    /** The body of a sample, decoded from base64 (the files carry it as this template's API sends it) and parsed. */
    public static ObjectNode sampleBody(String file) {
        APIGatewayProxyRequestEvent event = sample(file);
        try {
            return (ObjectNode) JSON.readTree(Boolean.TRUE.equals(event.getIsBase64Encoded())
                    ? Base64.getDecoder().decode(event.getBody()) : event.getBody().getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * A sample event with another body, passed as text ({@code isBase64Encoded} false, as an API without binary
     * media types sends it), so a test can also set the flag itself on a body it encoded.
     */
    public static APIGatewayProxyRequestEvent withBody(String file, String body) {
        try {
            ObjectNode event = (ObjectNode) JSON.readTree(sampleJson(file));
            if (body == null) {
                event.putNull("body");
            } else {
                event.put("body", body);
            }
            event.put("isBase64Encoded", false);
            return fromJson(JSON.writeValueAsString(event));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A sample event with a JSON body. */
    public static APIGatewayProxyRequestEvent withBody(String file, JsonNode body) {
        return withBody(file, body.toString());
    }

    /** Deserialises event JSON like the Lambda Java runtime does. */
    public static APIGatewayProxyRequestEvent fromJson(String json) {
        return SERIALIZER.fromJson(json);
    }

    /** Parses a response body. */
    public static JsonNode parse(String json) {
        try {
            return JSON.readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
