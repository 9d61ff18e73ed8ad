package dev.propel.datagen.simulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.propel.core.event.BehaviourEvent;
import dev.propel.core.event.EventTypes;
import dev.propel.datagen.truth.ConversionTruth;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class DirtTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final SimulationConfig BASE = SimulationConfig.defaults().withUsers(4_000).withDays(10);
    private static SimulationResult clean;
    private static SimulationResult dirty;

    @BeforeAll
    static void run() {
        clean = new ShopSimulator(BASE.withDirt(DirtRates.none())).runInMemory();
        dirty = new ShopSimulator(BASE.withDirt(DirtRates.defaults())).runInMemory();
        System.out.println("dirty run: " + dirty.summary());
    }

    @Test
    void cleanRunHasNoDirt() {
        SimulationSummary s = clean.summary();
        assertEquals(0, s.duplicates() + s.late() + s.outOfOrder() + s.invalid() + s.missingOptional()
                + s.sessionsWithoutId() + s.skewedUsers());
        assertEquals(s.events(), clean.events().size());
        assertTrue(clean.invalid().isEmpty());
        assertTrue(clean.events().stream().allMatch(e -> e.sessionId() != null && !e.properties().isEmpty()));
    }

    @Test
    void deliveriesComeInReceiveOrder() {
        long previous = Long.MIN_VALUE;
        for (Delivery d : dirty.deliveries()) {
            assertTrue(d.deliveredAtMillis() >= previous);
            previous = d.deliveredAtMillis();
        }
    }

    @Test
    void duplicatesRepeatAnEventExactly() {
        Map<String, BehaviourEvent> first = new HashMap<>();
        int repeats = 0;
        for (Delivery d : dirty.deliveries()) {
            if (d instanceof EventDelivery e) {
                BehaviourEvent earlier = first.putIfAbsent(e.event().eventId(), e.event());
                assertEquals(earlier != null, e.duplicate());
                if (earlier != null) {
                    repeats++;
                    assertEquals(earlier, e.event());
                }
            }
        }
        assertEquals(dirty.summary().duplicates(), repeats);
        double rate = (double) repeats / dirty.summary().events();
        assertTrue(rate > 0.005 && rate < 0.015, "about 1% duplicates: " + rate);
    }

    @Test
    void lateEventsArriveAfterLaterEvents() {
        int overtaken = 0;
        Instant newest = Instant.EPOCH;
        for (BehaviourEvent e : dirty.events()) {
            if (e.timestamp().isBefore(newest.minusSeconds(300))) {
                overtaken++;
            }
            if (e.timestamp().isAfter(newest)) {
                newest = e.timestamp();
            }
        }
        assertTrue(overtaken > dirty.summary().late() / 3, "late events show up behind newer ones: " + overtaken);
    }

    @Test
    void invalidDeliveriesBreakExactlyTheNamedRule() throws Exception {
        Set<String> validIds = new HashSet<>();
        dirty.events().forEach(e -> validIds.add(e.eventId()));
        List<InvalidDelivery> invalid = dirty.invalid();
        assertEquals(dirty.summary().invalid(), invalid.size());
        assertTrue(invalid.size() > 20);
        Set<String> fields = new HashSet<>();
        for (InvalidDelivery d : invalid) {
            JsonNode node = JSON.readTree(d.json());
            assertTrue(node.isObject());
            fields.add(d.field());
            if (node.has("event_id")) {
                assertFalse(validIds.contains(node.get("event_id").asText()), "invalid events get fresh ids");
            }
            switch (d.field()) {
                case "event_id" -> assertFalse(node.has("event_id"));
                case "type" -> assertFalse(node.has("type"));
                case "user_id" -> assertFalse(node.has("user_id") || node.has("anonymous_id"));
                case "item_id" -> {
                    assertFalse(node.has("item_id"));
                    assertTrue(EventTypes.ITEM_EVENTS.contains(node.get("type").asText()));
                }
                case "timestamp" -> assertThrows(RuntimeException.class,
                        () -> Instant.parse(node.get("timestamp").asText()));
                default -> throw new AssertionError("unexpected field " + d.field());
            }
        }
        assertEquals(Set.of("event_id", "type", "user_id", "item_id", "timestamp"), fields);
    }

    @Test
    void optionalFieldsGoMissingSometimes() {
        long noPrice = dirty.events().stream()
                .filter(e -> EventTypes.ITEM_EVENTS.contains(e.type()) && e.price() == null).count();
        long noProperties = dirty.events().stream().filter(e -> e.properties().isEmpty()).count();
        long noQuantity = dirty.events().stream()
                .filter(e -> e.type().equals(EventTypes.ADD_TO_CART) && e.quantity() == null).count();
        assertTrue(noPrice > 0 && noProperties > 0 && noQuantity > 0);
        assertEquals(0, clean.events().stream()
                .filter(e -> EventTypes.ITEM_EVENTS.contains(e.type()) && e.price() == null).count());
    }

    @Test
    void wholeSessionsGoWithoutSessionId() {
        Map<String, String> sessionOf = new HashMap<>();
        for (ConversionTruth t : dirty.conversionTruth()) {
            sessionOf.put(t.eventId(), t.sessionId());
        }
        Map<String, Set<Boolean>> sent = new HashMap<>();
        for (BehaviourEvent e : dirty.events()) {
            sent.computeIfAbsent(sessionOf.get(e.eventId()), k -> new HashSet<>()).add(e.sessionId() != null);
        }
        assertTrue(sent.values().stream().allMatch(v -> v.size() == 1), "all or none of a session's events");
        long without = sent.values().stream().filter(v -> v.contains(false)).count();
        assertEquals(dirty.summary().sessionsWithoutId(), without);
        double share = (double) without / dirty.summary().sessions();
        assertTrue(share > 0.07 && share < 0.13, "about 10% of sessions: " + share);
    }

    @Test
    void skewedClocksShiftWholeActorsByAConstant() {
        Map<String, BehaviourEvent> cleanById = new HashMap<>();
        clean.events().forEach(e -> cleanById.put(e.eventId(), e));
        Map<String, Set<Long>> shiftByActor = new HashMap<>();
        for (BehaviourEvent e : dirty.distinctEvents()) {
            long shift = e.timestamp().toEpochMilli() - cleanById.get(e.eventId()).timestamp().toEpochMilli();
            shiftByActor.computeIfAbsent(e.actorId(), k -> new HashSet<>()).add(shift);
        }
        assertTrue(shiftByActor.values().stream().allMatch(v -> v.size() == 1), "one constant shift per actor");
        long skewed = shiftByActor.values().stream().filter(v -> !v.contains(0L)).count();
        assertTrue(skewed > 0 && skewed <= dirty.summary().skewedUsers());
        assertInstanceOf(EventDelivery.class, dirty.deliveries().get(0));
    }
}
