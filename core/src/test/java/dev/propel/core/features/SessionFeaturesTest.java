package dev.propel.core.features;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.propel.core.event.BehaviourEvent;
import dev.propel.core.event.EventTypes;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
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
        assertEquals(null, r.categorical("session_device"));
        assertEquals(null, r.categorical("session_source"));
        assertTrue(Float.isNaN(r.numeric("user_prior_sessions")), "no history given: missing, not a first visit");
        assertTrue(Float.isNaN(r.numeric("user_prior_orders")));
    }

    @Test
    void userHistoryIsCopiedAndChangesNothingElse() {
        Instant cut = Events.T0.plusSeconds(3600);
        FeatureRow unknown = SessionFeatures.compute(session(), cut);
        FeatureRow known = SessionFeatures.compute(session(), cut, new UserHistory(4, 1));
        assertEquals(4, known.numeric("user_prior_sessions"));
        assertEquals(1, known.numeric("user_prior_orders"));
        FeatureRow first = SessionFeatures.compute(session(), cut, UserHistory.FIRST_VISIT);
        assertEquals(0, first.numeric("user_prior_sessions"));
        for (String name : unknown.numericNames()) {
            if (!name.startsWith("user_prior_")) {
                assertEquals(unknown.numeric(name), known.numeric(name), name);
            }
        }
        assertEquals(new UserHistory(5, 1), new UserHistory(4, 1).plusSession(false));
        assertEquals(new UserHistory(1, 1), UserHistory.FIRST_VISIT.plusSession(true));
    }

    private static BehaviourEvent withProperties(BehaviourEvent e, Map<String, String> properties) {
        return new BehaviourEvent(e.eventId(), e.type(), e.userId(), e.anonymousId(), e.sessionId(), e.itemId(),
                e.timestamp(), e.price(), e.quantity(), properties, e.receivedAt());
    }

    @Test
    void deviceAndSourceComeFromTheEarliestEventThatCarriesThem() {
        List<BehaviourEvent> s = session();
        List<BehaviourEvent> events = List.of(
                withProperties(s.get(0), Map.of("category", "shoes")),
                withProperties(s.get(1), Map.of("device", " Mobile ", "source", "  ")),
                withProperties(s.get(2), Map.of("device", "desktop", "utm_source", "Newsletter")),
                withProperties(s.get(3), Map.of("source", "email")),
                s.get(4), s.get(5), s.get(6));
        FeatureRow r = SessionFeatures.compute(events, Events.T0.plusSeconds(3600));
        assertEquals("mobile", r.categorical("session_device"));
        // a blank source is missing; utm_source stands in for source when an event has no source
        assertEquals("newsletter", r.categorical("session_source"));
        // time order decides, not list order
        List<BehaviourEvent> reversed = new ArrayList<>(events);
        java.util.Collections.reverse(reversed);
        FeatureRow fromReversed = SessionFeatures.compute(reversed, Events.T0.plusSeconds(3600));
        assertEquals("mobile", fromReversed.categorical("session_device"));
        assertEquals("newsletter", fromReversed.categorical("session_source"));
        // before the first device/source the session has none
        FeatureRow early = SessionFeatures.compute(events, events.get(1).timestamp());
        assertEquals(null, early.categorical("session_device"));
        assertEquals(null, early.categorical("session_source"));
    }

    @Test
    void countsClicksAndTheEventsTakenWithAnEmptyCart() {
        List<BehaviourEvent> events = List.of(
                Events.at(0, EventTypes.VIEW, "u1", "x", 10.0),
                Events.at(1, EventTypes.CLICK, "u1", "x", 10.0),
                Events.at(2, EventTypes.ADD_TO_CART, "u1", "x", 10.0), // the cart was empty before it
                Events.at(3, EventTypes.VIEW, "u1", "y", 5.0),
                Events.at(4, EventTypes.REMOVE_FROM_CART, "u1", "x", 10.0),
                Events.at(5, EventTypes.VIEW, "u1", "y", 5.0),
                Events.at(6, EventTypes.CLICK, "u1", "y", 5.0));
        FeatureRow r = SessionFeatures.compute(events, Events.T0.plusSeconds(3600));
        assertEquals(2, r.numeric("session_clicks"));
        assertEquals(5, r.numeric("session_views"), "views count clicks too");
        assertEquals(5, r.numeric("session_empty_cart_events"), "all but the view and removal while x was in it");
        assertEquals(3, SessionFeatures.compute(events, events.get(3).timestamp())
                .numeric("session_empty_cart_events"));
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
        events.add(new BehaviourEvent("late", EventTypes.PURCHASE, "u1", null, null, "a", cut, 1.0, 1,
                Map.of("device", "desktop", "source", "email"), null));
        assertEquals(before, SessionFeatures.compute(events, cut));
        // properties of events at or after the cut are not read either, even when the earlier ones have none
        assertEquals(null, before.categorical("session_device"));
        events.add(withProperties(Events.at(11, EventTypes.VIEW, "u1", "d", 5.0),
                Map.of("device", "tablet", "utm_source", "ads")));
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
