package dev.propel.datasets.spark;

import dev.propel.core.features.ItemStats;
import java.io.Serializable;
import java.time.Instant;

/** One item's counts of the day as they travel back to the driver (core's {@link ItemStats} is not serializable). */
record ItemWindowRow(String itemId, long views, long carts, long purchases, double conversionRate, Instant lastSeen,
        Double price) implements Serializable {

    static ItemWindowRow of(ItemStats s) {
        return new ItemWindowRow(s.itemId(), s.views(), s.carts(), s.purchases(), s.conversionRate(), s.lastSeen(),
                s.price());
    }

    ItemStats stats() {
        return new ItemStats(itemId, views, carts, purchases, conversionRate, lastSeen, price);
    }
}
