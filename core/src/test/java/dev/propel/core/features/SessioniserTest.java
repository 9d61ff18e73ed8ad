package dev.propel.core.features;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.propel.core.event.BehaviourEvent;
import dev.propel.core.event.EventTypes;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class SessioniserTest {
    private final Sessioniser sessioniser = new Sessioniser();

    @Test
    void sessionWithoutIdSpansHoursWhileGapsStayUnderThirtyMinutes() {
        // 10:50, 11:10, 11:35, 12:04 -> one session across three hours; 12:40 (36 min later) starts a new one
        List<BehaviourEvent> events = List.of(
                Events.at(0, EventTypes.VIEW, "u1", "a", 10.0),
                Events.at(20, EventTypes.VIEW, "u1", "b", 12.0),
                Events.at(45, EventTypes.ADD_TO_CART, "u1", "b", 12.0),
                Events.at(74, EventTypes.PURCHASE, "u1", "b", 12.0),
                Events.at(110, EventTypes.VIEW, "u1", "c", 5.0));
        List<BehaviourEvent> shuffled = new ArrayList<>(events);
        Collections.shuffle(shuffled, new Random(7));
        List<Session> sessions = sessioniser.sessionise(shuffled);
        assertEquals(2, sessions.size());
        assertEquals(events.subList(0, 4), sessions.get(0).events());
        assertEquals(events.subList(4, 5), sessions.get(1).events());
        assertEquals("u1", sessions.get(0).actorId());
    }

    @Test
    void exactlyThirtyMinutesContinuesTheSession() {
        List<Session> s = sessioniser.sessionise(List.of(
                Events.at(0, EventTypes.VIEW, "u1", "a", null), Events.at(30, EventTypes.VIEW, "u1", "a", null),
                Events.at(61, EventTypes.VIEW, "u1", "a", null)));
        assertEquals(List.of(2, 1), s.stream().map(x -> x.events().size()).toList());
    }

    @Test
    void explicitSessionIdWinsOverGapsAndIsScopedByActor() {
        List<BehaviourEvent> events = List.of(
                Events.atSeconds(0, EventTypes.VIEW, "u1", "s1", "a", null),
                Events.atSeconds(3 * 3600, EventTypes.VIEW, "u1", "s1", "b", null), // 3 h later, same session id
                Events.atSeconds(60, EventTypes.VIEW, "u2", "s1", "c", null), // another user reusing "s1"
                Events.atSeconds(120, EventTypes.VIEW, "u1", null, "d", null)); // no id: its own gap session
        List<Session> s = sessioniser.sessionise(events);
        assertEquals(3, s.size());
        Session u1 = s.stream().filter(x -> x.events().size() == 2).findFirst().orElseThrow();
        assertEquals(List.of("a", "b"), u1.events().stream().map(BehaviourEvent::itemId).toList());
        assertEquals(3, s.stream().map(Session::key).distinct().count());
    }

    @Test
    void keysAreStableAndOpaque() {
        List<BehaviourEvent> events = List.of(Events.at(0, EventTypes.VIEW, "alice@example.com", "a", null));
        String k1 = sessioniser.sessionise(events).get(0).key();
        String k2 = sessioniser.sessionise(events).get(0).key();
        assertEquals(k1, k2);
        assertTrue(k1.matches("[0-9a-f]{20}"), k1);
        assertNotEquals(k1, sessioniser.sessionise(
                List.of(Events.at(1, EventTypes.VIEW, "alice@example.com", "a", null))).get(0).key());
    }
}
