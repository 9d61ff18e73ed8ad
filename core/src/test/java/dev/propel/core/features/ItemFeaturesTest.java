package dev.propel.core.features;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.propel.core.event.BehaviourEvent;
import dev.propel.core.event.EventTypes;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ItemFeaturesTest {
    private static final ItemStatsTable STATS = ItemStatsTable.of(List.of(
            new ItemStats("a", 99, 9, 4, ItemStats.conversionRate(99, 4), Instant.parse("2026-11-26T08:00:00Z"), 11.0),
            new ItemStats("z", 1000, 50, 40, 0.04, Instant.parse("2026-11-26T09:00:00Z"), 7.5)));

    private static List<BehaviourEvent> session() {
        return new ArrayList<>(List.of(
                Events.at(0, EventTypes.VIEW, "u1", "a", 10.0),
                Events.at(2, EventTypes.VIEW, "u1", "b", 30.0),
                Events.at(3, EventTypes.VIEW, "u1", "a", 12.0),
                Events.at(6, EventTypes.ADD_TO_CART, "u1", "a", 12.0),
                Events.at(7, EventTypes.VIEW, "u1", "c", null)));
    }

    @Test
    void itemInSessionAndStatsFeatures() {
        Instant cut = Events.T0.plusSeconds(7 * 60 + 1);
        FeatureRow a = ItemFeatures.compute(session(), "a", cut, STATS);
        assertEquals(FeatureSchema.numericNames(FeatureSchema.ITEM), a.numericNames());
        assertEquals(5, a.numeric("session_events"));
        assertEquals(1, a.numeric("item_in_session"));
        assertEquals(2, a.numeric("item_views"));
        assertEquals(120 + 180, a.numeric("item_dwell_s")); // view@0 -> next@2, view@3 -> next@6
        assertEquals(1, a.numeric("item_position_from_end")); // c was touched after a's last touch
        assertEquals(1, a.numeric("item_carts"));
        assertEquals(1, a.numeric("item_in_cart"));
        assertEquals(12, a.numeric("item_price"));
        assertEquals(1, a.numeric("item_known"));
        assertEquals((float) Math.log1p(99), a.numeric("item_log_views"));
        assertEquals((float) (4 / 99.0), a.numeric("item_conversion_rate"));

        FeatureRow c = ItemFeatures.compute(session(), "c", cut, STATS);
        assertEquals(0, c.numeric("item_dwell_s")); // latest view: its end is not observed
        assertEquals(0, c.numeric("item_position_from_end"));
        assertEquals(0, c.numeric("item_known"));

        FeatureRow z = ItemFeatures.compute(session(), "z", cut, STATS);
        assertEquals(0, z.numeric("item_in_session"));
        assertEquals(3, z.numeric("item_position_from_end"));
        assertEquals(7.5f, z.numeric("item_price"));
        assertEquals(List.of(a, c, z), ItemFeatures.computeAll(session(), List.of("a", "c", "z"), cut, STATS));
        float[] batch = new float[3 * ItemFeatures.NUMERIC];
        String[] batchCat = new String[3 * ItemFeatures.CATEGORICAL];
        ItemFeatures.computeInto(session(), List.of("a", "c", "z"), cut, STATS, batch, batchCat);
        for (int r = 0; r < 3; r++) {
            FeatureRow row = List.of(a, c, z).get(r);
            for (int k = 0; k < ItemFeatures.NUMERIC; k++) {
                assertEquals(row.numericAt(k), batch[r * ItemFeatures.NUMERIC + k], row.numericNames().get(k));
            }
            assertEquals(row.categoricalAt(1), batchCat[r * ItemFeatures.CATEGORICAL + 1]);
        }
    }

    @Test
    void noFeatureSeesAnEventAtOrAfterTheCut() {
        List<BehaviourEvent> events = session();
        Instant cut = events.get(3).timestamp(); // cut at the add_to_cart
        List<String> candidates = List.of("a", "b", "c", "z", "never-seen");
        List<FeatureRow> before = ItemFeatures.computeAll(events, candidates, cut, STATS);
        events.add(new BehaviourEvent("at-cut", EventTypes.PURCHASE, "u1", null, null, "a", cut, 12.0, 1,
                Map.of("device", "desktop", "source", "email"), null));
        events.add(Events.at(8, EventTypes.VIEW, "u1", "z", 8.0));
        events.add(Events.at(9, EventTypes.ADD_TO_CART, "u1", "b", 30.0));
        events.add(Events.at(10, EventTypes.PURCHASE, "u1", "b", 30.0));
        assertEquals(before, ItemFeatures.computeAll(events, candidates, cut, STATS));
        // and the first view after the cut must not give the last visible view a dwell either
        assertEquals(before.get(1).numeric("item_dwell_s"), 60f); // b viewed @2, next visible event @3
    }
}
