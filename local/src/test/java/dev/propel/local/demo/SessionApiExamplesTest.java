package dev.propel.local.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.propel.core.event.BehaviourEvent;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SessionApiExamplesTest {
    private static BehaviourEvent event(String id, String type, String session, String item, int second) {
        return new BehaviourEvent(id, type, "u1", null, session, item,
                Instant.parse("2026-11-27T10:00:00Z").plusSeconds(second), 10.0, 1, Map.of(), null);
    }

    @Test
    void usesALiveCartSessionCutBeforeItsPurchaseInTheServingRequestShape() throws Exception {
        DemoTraffic traffic = new DemoTraffic(List.of(
                event("a1", "view", "long", "i1", 0), event("a2", "view", "long", "i2", 1),
                event("a3", "view", "long", "i3", 2), event("a4", "view", "long", "i4", 3),
                event("b1", "view", "cart", "i1", 10), event("b2", "add_to_cart", "cart", "i1", 11),
                event("b3", "purchase", "cart", "i1", 12), event("b4", "view", "cart", "i5", 13)), "t");
        List<ApiCall> calls = SessionApiExamples.calls(traffic);
        assertEquals(List.of("/predict", "/rank", "/decide"), calls.stream().map(ApiCall::path).toList());
        ObjectMapper json = new ObjectMapper();
        JsonNode predict = json.readTree(calls.get(0).body());
        assertEquals("conversion", predict.get("model").asText());
        assertEquals(2, predict.get("session_events").size(), "cut before the purchase");
        assertEquals("add_to_cart", predict.get("session_events").get(1).get("type").asText());
        JsonNode rank = json.readTree(calls.get(1).body());
        assertEquals("u1", rank.get("user_id").asText());
        assertTrue(!rank.has("candidates"), "recommendations from the whole catalogue");
        assertEquals(5, rank.get("k").asInt());
        assertTrue(rank.get("filters").get("exclude_purchased").asBoolean());
        JsonNode decide = json.readTree(calls.get(2).body());
        assertEquals("cart", decide.get("session_id").asText());
    }
}
