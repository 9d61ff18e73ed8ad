package dev.propel.core.features;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class ItemStatsTableTest {
    @Test
    void roundTripsThroughCsvInPopularityOrder() {
        ItemStatsTable t = ItemStatsTable.of(List.of(
                new ItemStats("x,\"odd\"", 10, 1, 0, 0, Instant.parse("2026-11-27T01:02:03Z"), null),
                new ItemStats("top", 50, 5, 3, 0.06, Instant.parse("2026-11-27T04:00:00Z"), 9.99)));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        t.write(out);
        String csv = out.toString(java.nio.charset.StandardCharsets.UTF_8);
        assertEquals("item_id,views,carts,purchases,conversion_rate,last_seen,price", csv.lines().findFirst().get());
        ItemStatsTable back = ItemStatsTable.read(new ByteArrayInputStream(out.toByteArray()));
        assertEquals(t.rows(), back.rows());
        assertEquals("top", back.mostPopular(1).get(0).itemId());
        assertNull(back.get("x,\"odd\"").price());
    }

    @Test
    void plusAccumulatesCountsAndKeepsLatestSeen() {
        Instant d1 = Instant.parse("2026-11-26T00:00:00Z");
        Instant d2 = Instant.parse("2026-11-27T00:00:00Z");
        ItemStatsTable t = ItemStatsTable.of(List.of(new ItemStats("a", 10, 2, 1, 0.1, d1, 5.0)))
                .plus(List.of(new ItemStats("a", 10, 0, 3, 0.3, d2, 6.0), new ItemStats("b", 1, 0, 0, 0, d2, null)));
        assertEquals(new ItemStats("a", 20, 2, 4, 0.2, d2, 6.0), t.get("a"));
        assertEquals(2, t.size());
    }

    @Test
    void theChainForgetsItemsLongUnseenAndKeepsAtMostTheBound() {
        Instant now = Instant.parse("2026-11-28T10:00:00Z");
        ItemStatsTable old = ItemStatsTable.of(List.of(
                new ItemStats("stale", 100, 10, 5, 0.05, now.minus(java.time.Duration.ofDays(181)), 9.0),
                new ItemStats("kept", 1, 0, 0, 0, now.minus(java.time.Duration.ofDays(179)), null)));
        ItemStatsTable next = old.plus(List.of(new ItemStats("fresh", 3, 1, 0, 0, now, null)));
        assertEquals(List.of("fresh", "kept"), next.rows().stream().map(ItemStats::itemId).sorted().toList(),
                "unseen for more than 180 days before the newest item: gone, however popular it was");
        ItemStatsTable capped = old.plus(List.of(new ItemStats("fresh", 3, 1, 0, 0, now, null),
                new ItemStats("fresher", 1, 0, 0, 0, now.plusSeconds(60), null)), java.time.Duration.ofDays(365), 2);
        assertEquals(List.of("fresh", "fresher"), capped.rows().stream().map(ItemStats::itemId).sorted().toList(),
                "the most recently seen stay");
    }
}
