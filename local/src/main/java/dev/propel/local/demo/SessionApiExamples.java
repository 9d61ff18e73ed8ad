package dev.propel.local.demo;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.propel.core.event.BehaviourEvent;
import dev.propel.core.event.EventJson;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Example serving requests built from one real session of the traffic: its events so far (for /predict and
 * /decide) and the items seen across the traffic as /rank candidates.
 */
final class SessionApiExamples {
    private static final ObjectMapper JSON = new ObjectMapper();

    private SessionApiExamples() {
    }

    static List<ApiCall> calls(DemoTraffic traffic) {
        Map<String, List<BehaviourEvent>> sessions = new LinkedHashMap<>();
        Set<String> items = new LinkedHashSet<>();
        for (BehaviourEvent e : traffic.events()) {
            if (e.sessionId() != null) {
                sessions.computeIfAbsent(e.sessionId(), k -> new ArrayList<>()).add(e);
            }
            if (e.itemId() != null && items.size() < 20) {
                items.add(e.itemId());
            }
        }
        List<BehaviourEvent> session = sessions.values().stream()
                .max(java.util.Comparator.comparingInt(List::size)).orElse(List.of());
        ArrayNode events = JSON.createArrayNode();
        for (BehaviourEvent e : session.subList(0, Math.min(session.size(), 8))) {
            try {
                events.add(JSON.readTree(EventJson.toJson(e)));
            } catch (IOException x) {
                throw new UncheckedIOException(x);
            }
        }
        String sessionId = session.isEmpty() ? "demo-session" : session.get(0).sessionId();
        ObjectNode predict = JSON.createObjectNode();
        predict.put("task", "conversion");
        predict.set("events", events);
        ObjectNode rank = JSON.createObjectNode();
        rank.put("session_id", sessionId);
        rank.set("events", events);
        items.forEach(rank.putArray("candidates")::add);
        rank.put("k", 5);
        ObjectNode decide = JSON.createObjectNode();
        decide.put("session_id", sessionId);
        decide.set("events", events);
        return List.of(new ApiCall("/predict", predict.toString()), new ApiCall("/rank", rank.toString()),
                new ApiCall("/decide", decide.toString()));
    }
}
