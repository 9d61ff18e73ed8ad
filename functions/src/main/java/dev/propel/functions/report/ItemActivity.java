package dev.propel.functions.report;

/** What happened to one item over a period: the difference of two cumulative {@code stats/items} partitions. */
public record ItemActivity(String itemId, long views, long carts, long purchases) {
    /** Views, carts and purchases together: how much attention the item got. */
    public long interactions() {
        return views + carts + purchases;
    }

    /** This period's counts minus an earlier cumulative row of the same item (null = none), never below 0. */
    public ItemActivity minus(ItemActivity earlier) {
        if (earlier == null) {
            return this;
        }
        return new ItemActivity(itemId, Math.max(0, views - earlier.views), Math.max(0, carts - earlier.carts),
                Math.max(0, purchases - earlier.purchases));
    }
}
