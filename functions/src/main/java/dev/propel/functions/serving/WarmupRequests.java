package dev.propel.functions.serving;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.fasterxml.jackson.core.io.JsonStringEncoder;
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

    /** A session of made-up items: the pre-recall path, or recall's trending fallback. */
    static APIGatewayProxyRequestEvent rank() {
        return event("/rank", "{\"session_events\":" + sessionJson() + ",\"k\":10}");
    }

    /** The session ranking the caller's candidates with the item model. */
    static APIGatewayProxyRequestEvent rankCandidates() {
        return event("/rank", "{\"session_events\":" + sessionJson()
                + ",\"candidates\":[\"warm-1\",\"warm-2\",\"warm-3\",\"warm-4\"],\"k\":10}");
    }

    /** A session viewing catalogue items recall knows: recall, reranker and filters all run. */
    static APIGatewayProxyRequestEvent rankCatalogue(List<String> items) {
        StringBuilder sb = new StringBuilder("[");
        Instant t = Instant.parse("2026-01-01T10:00:00Z");
        for (int i = 0; i < items.size(); i++) {
            sb.append(i == 0 ? "" : ",").append(EventJson.toJson(new BehaviourEvent("warm-c" + i,
                    i == items.size() - 1 ? "add_to_cart" : "view", null, "warm-visitor", "warm-session",
                    items.get(i), t.plusSeconds(30L * i), null, null, null, null)));
        }
        return event("/rank", "{\"session_events\":" + sb.append(']') + ",\"k\":20}");
    }

    /** An item page's "more like this", without a session. */
    static APIGatewayProxyRequestEvent rankContextItem(String item) {
        return event("/rank", "{\"context_item\":" + quoted(item) + ",\"k\":20}");
    }

    private static String quoted(String s) {
        return "\"" + new String(JsonStringEncoder.getInstance().quoteAsString(s)) + "\"";
    }

    private static APIGatewayProxyRequestEvent event(String path, String body) {
        return new APIGatewayProxyRequestEvent().withHttpMethod("POST").withPath(path).withResource(path)
                .withBody(body).withIsBase64Encoded(false);
    }
}
