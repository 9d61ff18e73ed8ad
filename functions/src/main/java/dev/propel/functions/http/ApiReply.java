package dev.propel.functions.http;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What a route answered: the response, and the fields it adds to the request's one log line (counts, model
 * version, what produced the answer; never ids of users or payloads). Null values are left out.
 */
public record ApiReply(APIGatewayProxyResponseEvent response, Map<String, Object> logFields) {
    public ApiReply {
        Map<String, Object> kept = new LinkedHashMap<>();
        logFields.forEach((k, v) -> {
            if (v != null) {
                kept.put(k, v);
            }
        });
        logFields = Collections.unmodifiableMap(kept);
    }

    /** A reply that adds nothing to the log line. */
    public static ApiReply of(APIGatewayProxyResponseEvent response) {
        return new ApiReply(response, Map.of());
    }
}
