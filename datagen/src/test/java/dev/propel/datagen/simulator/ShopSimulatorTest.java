package dev.propel.datagen.simulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.propel.core.event.BehaviourEvent;
import dev.propel.core.event.EventJson;
import dev.propel.core.event.EventTypes;
import dev.propel.datagen.truth.ConversionTruth;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class ShopSimulatorTest {
    private static final SimulationConfig CLEAN = SimulationConfig.defaults().withUsers(4_000).withDays(28)
            .withStart(LocalDate.of(2026, 11, 2)).withDirt(DirtRates.none());

    @Test
    void sameSeedSameOutputDifferentSeedDifferentOutput() {
        SimulationConfig config = SimulationConfig.defaults().withUsers(300);
        List<String> a = lines(new ShopSimulator(config).runInMemory());
        List<String> b = lines(new ShopSimulator(config).runInMemory());
        List<String> c = lines(new ShopSimulator(config.withSeed(43)).runInMemory());
        assertTrue(a.equals(b), "same seed, same output");
        assertTrue(!a.equals(c), "another seed, another output");
    }

    @Test
    void dirtDoesNotChangeTheTrueEventsOrTheTruth() {
        SimulationResult clean = new ShopSimulator(CLEAN.withUsers(500)).runInMemory();
        SimulationResult dirty = new ShopSimulator(CLEAN.withUsers(500).withDirt(DirtRates.defaults()))
                .runInMemory();
        assertTrue(clean.conversionTruth().equals(dirty.conversionTruth()), "same conversion truth");
        assertTrue(clean.itemTruth().equals(dirty.itemTruth()), "same item truth");
        Set<String> cleanIds = clean.events().stream().map(BehaviourEvent::eventId).collect(Collectors.toSet());
        Set<String> dirtyIds = dirty.distinctEvents().stream().map(BehaviourEvent::eventId)
                .collect(Collectors.toSet());
        assertTrue(cleanIds.equals(dirtyIds), "same true events");
    }

    @Test
    void looksLikeAShop() {
        SimulationResult r = new ShopSimulator(CLEAN).runInMemory();
        SimulationSummary s = r.summary();
        System.out.println("clean run: " + s + " conversion rate " + s.conversionRate());
        assertTrue(s.conversionRate() > 0.01 && s.conversionRate() < 0.08, "a few percent of sessions buy");
        Map<String, Long> byType = r.events().stream()
                .collect(Collectors.groupingBy(BehaviourEvent::type, Collectors.counting()));
        System.out.println("events by type: " + byType);
        assertTrue(byType.get(EventTypes.VIEW) > byType.get(EventTypes.CLICK));
        assertTrue(byType.get(EventTypes.CLICK) > byType.get(EventTypes.ADD_TO_CART));
        assertTrue(byType.get(EventTypes.ADD_TO_CART) > byType.get(EventTypes.PURCHASE));
        assertTrue(byType.get(EventTypes.REMOVE_FROM_CART) > 0);
        assertTrue(byType.get(EventTypes.SEARCH) > 0);
        assertEquals(s.events(), r.events().size());
        assertEquals(s.events(), r.conversionTruth().size());

        Instant start = LocalDate.of(2026, 11, 2).atStartOfDay(ZoneOffset.UTC).toInstant();
        Instant end = start.plusSeconds(29 * 86_400L);
        int[] byHour = new int[24];
        Map<String, Set<String>> sessionsByActor = new HashMap<>();
        Map<String, Long> itemViews = new HashMap<>();
        for (BehaviourEvent e : r.events()) {
            assertNotNull(e.actorId());
            assertNotNull(e.sessionId());
            if (EventTypes.ITEM_EVENTS.contains(e.type())) {
                assertNotNull(e.itemId(), "item events carry item_id");
                assertNotNull(e.price());
            }
            assertTrue(!e.timestamp().isBefore(start) && e.timestamp().isBefore(end), "within the period");
            byHour[e.timestamp().atZone(ZoneOffset.UTC).getHour()]++;
            sessionsByActor.computeIfAbsent(e.actorId(), k -> new HashSet<>()).add(e.sessionId());
            if (e.type().equals(EventTypes.VIEW)) {
                itemViews.merge(e.itemId(), 1L, Long::sum);
            }
        }
        assertTrue(byHour[20] > 3 * byHour[3], "evenings are busier than nights");
        Set<String> firstEvents = r.conversionTruth().stream().filter(t -> t.position() == 0)
                .map(ConversionTruth::eventId).collect(Collectors.toSet());
        Map<java.time.DayOfWeek, Long> sessionStarts = r.events().stream()
                .filter(e -> firstEvents.contains(e.eventId()))
                .collect(Collectors.groupingBy(e -> e.timestamp().atZone(ZoneOffset.UTC).getDayOfWeek(),
                        Collectors.counting()));
        System.out.println("session starts by weekday: " + sessionStarts);
        assertTrue(sessionStarts.get(java.time.DayOfWeek.SUNDAY) > sessionStarts.get(java.time.DayOfWeek.FRIDAY),
                "Sundays are busier than Fridays");
        long returning = sessionsByActor.values().stream().filter(v -> v.size() > 1).count();
        assertTrue(returning > sessionsByActor.size() / 5, "a good share of shoppers return");
        assertTrue(sessionsByActor.values().stream().anyMatch(v -> v.size() == 1), "and some never do");
        List<Long> counts = itemViews.values().stream().sorted((x, y) -> Long.compare(y, x)).toList();
        long top = counts.subList(0, counts.size() / 10).stream().mapToLong(Long::longValue).sum();
        long all = counts.stream().mapToLong(Long::longValue).sum();
        assertTrue(top > all / 3, "the top 10% of items draw a large share of views (Zipf-like)");
    }

    private static List<String> lines(SimulationResult r) {
        return r.deliveries().stream().map(Delivery::json).toList();
    }
}
