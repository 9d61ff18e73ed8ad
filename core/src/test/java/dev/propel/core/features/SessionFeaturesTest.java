package dev.propel.core.features;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.propel.core.event.BehaviourEvent;
import dev.propel.core.event.EventTypes;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SessionFeaturesTest {

    private static List<BehaviourEvent> session() {
        return List.of(
                Events.at(0, EventTypes.VIEW, "u1", "a", 10.0),
                Events.at(1, EventTypes.SEARCH, "u1", null, null),
                Events.at(3, EventTypes.VIEW, "u1", "b", 30.0),
                Events.at(4, EventTypes.ADD_TO_CART, "u1", "b", 30.0),
                Events.at(5, EventTypes.ADD_TO_CART, "u1", "a", 10.0),
                Events.at(6, EventTypes.REMOVE_FROM_CART, "u1", "a", 10.0),
                Events.at(8, EventTypes.VIEW, "u1", "c", null));
    }

    @Test
    void computesEveryNamedFeature() {
        List<BehaviourEvent> events = session();
        FeatureRow r = SessionFeatures.compute(events, Events.T0.plusSeconds(8 * 60 + 1));
        assertEquals(FeatureSchema.numericNames(FeatureSchema.SESSION), r.numericNames());
        assertEquals(7, r.numeric("session_events"));
        assertEquals(3, r.numeric("session_views"));
        assertEquals(2, r.numeric("session_carts"));
        assertEquals(1, r.numeric("session_removes"));
        assertEquals(1, r.numeric("session_searches"));
        assertEquals(3, r.numeric("session_distinct_items"));
        assertEquals(1, r.numeric("session_cart_items"));
        assertEquals(30, r.numeric("session_cart_value"));
        assertEquals(480, r.numeric("session_duration_s"));
        assertEquals(80, r.numeric("session_mean_gap_s"));
        assertEquals(20, r.numeric("session_mean_view_price"));
        assertEquals(30, r.numeric("session_max_view_price"));
        assertEquals(10, r.numeric("session_hour_of_day"));
        assertEquals(1, r.numeric("session_identified"));
        assertEquals("view", r.categorical("session_last_event_type"));
        assertEquals("FRIDAY", r.categorical("session_day_of_week"));
    }

    @Test
    void cutIsExclusiveAndNothingAtOrAfterItIsSeen() {
        List<BehaviourEvent> events = new ArrayList<>(session());
        Instant cut = events.get(3).timestamp(); // the add_to_cart at minute 4 is AT the cut: invisible
        FeatureRow before = SessionFeatures.compute(events, cut);
        assertEquals(3, before.numeric("session_events"));
        assertEquals(0, before.numeric("session_carts"));
        // Leakage guard: appending any future events, including the purchase, must not change a single value.
        events.add(Events.at(9, EventTypes.ADD_TO_CART, "u1", "c", 99.0));
        events.add(Events.at(10, EventTypes.PURCHASE, "u1", "c", 99.0));
        events.add(new BehaviourEvent("late", EventTypes.PURCHASE, "u1", null, null, "a", cut, 1.0, 1, null, null));
        assertEquals(before, SessionFeatures.compute(events, cut));
    }

    @Test
    void decisionEventsAreNotBehaviour() {
        List<BehaviourEvent> events = new ArrayList<>(session());
        Instant cut = Events.T0.plusSeconds(3600);
        FeatureRow plain = SessionFeatures.compute(events, cut);
        events.add(Events.at(9, EventTypes.DECISION, "u1", null, null));
        assertEquals(plain, SessionFeatures.compute(events, cut));
    }

    @Test
    void emptyPrefixHasZerosAndMissingValues() {
        FeatureRow r = SessionFeatures.compute(session(), Events.T0);
        assertEquals(0, r.numeric("session_events"));
        assertTrue(Float.isNaN(r.numeric("session_mean_view_price")));
        assertEquals(null, r.categorical("session_last_event_type"));
    }
}
