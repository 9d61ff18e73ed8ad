package dev.propel.local.demo;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.propel.core.event.BehaviourEvent;
import dev.propel.core.event.EventJson;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Example serving requests (the bodies of {@code events/predict.json}, {@code rank.json}, {@code decide.json})
 * built from one real session of the traffic: a session that reached the cart, cut before its first purchase, as
 * a live session would be; /rank recommends from the whole catalogue for it.
 */
final class SessionApiExamples {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int MAX_EVENTS = 12;

    private SessionApiExamples() {
    }

    static List<ApiCall> calls(DemoTraffic traffic) {
        Map<String, List<BehaviourEvent>> sessions = new LinkedHashMap<>();
        for (BehaviourEvent e : traffic.events()) {
            if (e.sessionId() != null) {
                sessions.computeIfAbsent(e.sessionId(), k -> new ArrayList<>()).add(e);
            }
        }
        List<BehaviourEvent> session = sessions.values().stream()
                .map(SessionApiExamples::beforeFirstPurchase)
                .max(Comparator.comparingInt((List<BehaviourEvent> s) -> s.stream()
                        .anyMatch(e -> e.type().equals("add_to_cart")) ? 1 : 0)
                        .thenComparingInt(s -> Math.min(s.size(), MAX_EVENTS)))
                .orElse(List.of());
        session = session.subList(Math.max(0, session.size() - MAX_EVENTS), session.size());
        ArrayNode events = JSON.createArrayNode();
        for (BehaviourEvent e : session) {
            try {
                events.add(JSON.readTree(EventJson.toJson(e)));
            } catch (IOException x) {
                throw new UncheckedIOException(x);
            }
        }
        String sessionId = session.isEmpty() ? "demo-session" : session.get(0).sessionId();
        String actor = session.isEmpty() ? null : session.get(0).actorId();

        ObjectNode predict = JSON.createObjectNode();
        predict.put("model", "conversion");
        predict.set("session_events", events);
        ObjectNode rank = JSON.createObjectNode();
        if (actor != null) {
            rank.put("user_id", actor);
        }
        rank.set("session_events", events);
        // no candidates: recommendations from the whole catalogue (recall, then the reranker)
        rank.put("k", 5);
        rank.putObject("filters").put("exclude_purchased", true);
        ObjectNode decide = JSON.createObjectNode();
        if (actor != null) {
            decide.put("user_id", actor);
        }
        decide.put("session_id", sessionId);
        decide.set("session_events", events);
        return List.of(new ApiCall("/predict", predict.toString()), new ApiCall("/rank", rank.toString()),
                new ApiCall("/decide", decide.toString()));
    }

    private static List<BehaviourEvent> beforeFirstPurchase(List<BehaviourEvent> session) {
        List<BehaviourEvent> sorted = new ArrayList<>(session);
        sorted.sort(Comparator.comparing(BehaviourEvent::timestamp));
        for (int i = 0; i < sorted.size(); i++) {
            if (sorted.get(i).type().equals("purchase")) {
                return sorted.subList(0, i);
            }
        }
        return sorted;
    }
}
