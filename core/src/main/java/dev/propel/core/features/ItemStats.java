package dev.propel.core.features;

import java.time.Instant;

/**
 * Counts of one item over all windows up to a stats partition: what serving loads for popularity fallback and
 * item features, and what the datasets stage uses (from earlier windows only) for item-task rows.
 *
 * @param itemId         the item
 * @param views          view and click events
 * @param carts          add_to_cart events
 * @param purchases      purchase events
 * @param conversionRate purchases / views, capped at 1 (0 when there are no views and no purchases)
 * @param lastSeen       time of the latest event on the item
 * @param price          latest price seen, or null
 */
public record ItemStats(String itemId, long views, long carts, long purchases, double conversionRate,
        Instant lastSeen, Double price) {

    /** The conversion rate of given counts, as defined for the {@code conversion_rate} column. */
    public static double conversionRate(long views, long purchases) {
        if (purchases == 0) {
            return 0;
        }
        return Math.min(1.0, purchases / (double) Math.max(1, views));
    }

    /** These counts plus another window's (same item), keeping the later last-seen time and its price. */
    public ItemStats plus(ItemStats later) {
        long v = views + later.views;
        long p = purchases + later.purchases;
        boolean laterIsNewer = lastSeen == null || (later.lastSeen != null && !later.lastSeen.isBefore(lastSeen));
        return new ItemStats(itemId, v, carts + later.carts, p, conversionRate(v, p),
                laterIsNewer ? later.lastSeen : lastSeen,
                laterIsNewer && later.price != null ? later.price : (price != null ? price : later.price));
    }
}
