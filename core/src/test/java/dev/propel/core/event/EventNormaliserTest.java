package dev.propel.core.event;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EventNormaliserTest {
    private static final Instant T = Instant.parse("2026-11-28T09:15:00Z");

    @Test
    void trimsIdsAndCanonicalisesType() {
        BehaviourEvent raw = new BehaviourEvent(" e1 ", "AddToCart", " u1", null, "s1 ", "\ti1", T, 2.5, 1,
                Map.of("k", "v"), T);
        BehaviourEvent clean = EventNormaliser.normalise(raw);
        assertEquals(new BehaviourEvent("e1", "add_to_cart", "u1", null, "s1", "i1", T, 2.5, 1, Map.of("k", "v"), T),
                clean);
    }

    @Test
    void canonicalEventsAreUntouched() {
        BehaviourEvent e = new BehaviourEvent("e1", "view", "u1", null, null, "i1", T, 2.5, null, Map.of(), T);
        assertSame(e, EventNormaliser.normalise(e));
    }

    @Test
    void propertiesAreWrittenInKeyOrder() {
        BehaviourEvent e = new BehaviourEvent("e1", "view", "u1", null, null, "i1", T, null, null,
                Map.of("zeta", "1", "alpha", "2", "mid", "3"), null);
        String json = EventJson.toJson(e);
        assertEquals("{\"event_id\":\"e1\",\"type\":\"view\",\"user_id\":\"u1\",\"item_id\":\"i1\","
                + "\"timestamp\":\"2026-11-28T09:15:00Z\",\"properties\":{\"alpha\":\"2\",\"mid\":\"3\",\"zeta\":\"1\"}}",
                json);
    }
}
