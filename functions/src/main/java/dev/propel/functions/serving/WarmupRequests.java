package dev.propel.functions.serving;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import dev.propel.core.event.BehaviourEvent;
import dev.propel.core.event.EventJson;
import dev.propel.core.log.JsonLog;
import java.io.OutputStream;
import java.io.PrintStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Realistic synthetic requests the handlers run before a SnapStart checkpoint, so that the snapshot holds a
 * process whose request path (JSON, features, ONNX Runtime) is already loaded and compiled.
 */
final class WarmupRequests {
    /** Enough calls for the C1 compiler to compile the request path. */
    static final int ITERATIONS = 300;

    private WarmupRequests() {
    }

    /** A log that discards its lines: warm-ups are not requests. */
    static JsonLog quietLog(String function) {
        return new JsonLog(function, new PrintStream(OutputStream.nullOutputStream()));
    }

    /** A browsing session: views, a click, a cart add. */
    static List<BehaviourEvent> session() {
        Instant t = Instant.parse("2026-01-01T10:00:00Z");
        List<BehaviourEvent> events = new ArrayList<>();
        String[] types = {"view", "click", "view", "add_to_cart", "view"};
        String[] items = {"warm-1", "warm-1", "warm-2", "warm-1", "warm-3"};
        for (int i = 0; i < types.length; i++) {
            events.add(new BehaviourEvent("warm-" + i, types[i], "warm-user", null, "warm-session", items[i],
                    t.plusSeconds(20L * i), 10.0 + i, "add_to_cart".equals(types[i]) ? 1 : null, null, null));
        }
        return events;
    }

    private static String sessionJson() {
        StringBuilder sb = new StringBuilder("[");
        for (BehaviourEvent e : session()) {
            if (sb.length() > 1) {
                sb.append(',');
            }
            sb.append(EventJson.toJson(e));
        }
        return sb.append(']').toString();
    }

    static APIGatewayProxyRequestEvent predict() {
        return event("/predict", "{\"model\":\"conversion\",\"session_events\":" + sessionJson() + "}");
    }

    static APIGatewayProxyRequestEvent rank() {
        return event("/rank", "{\"session_events\":" + sessionJson() + ",\"k\":10}");
    }

    private static APIGatewayProxyRequestEvent event(String path, String body) {
        return new APIGatewayProxyRequestEvent().withHttpMethod("POST").withPath(path).withResource(path)
                .withBody(body).withIsBase64Encoded(false);
    }
}
