package dev.propel.functions.report;

import java.time.LocalDate;
import java.util.List;

/**
 * Top and rising items of a report.
 *
 * @param top          items with the most purchases (then carts, then views) over the range
 * @param rising       items whose interactions grew most from the previous window to the recent one
 * @param windowDays   length of the recent and previous windows compared for rising items
 * @param statsAsOf    day of the item stats partition the range ends on, null when there is none
 * @param hasEarlier   whether an item stats partition exists before the recent window (else nothing to compare)
 */
public record ItemTrends(List<ItemActivity> top, List<RisingItem> rising, int windowDays, LocalDate statsAsOf,
        boolean hasEarlier) {
    public ItemTrends {
        top = List.copyOf(top);
        rising = List.copyOf(rising);
    }

    /** No item stats at all. */
    public static ItemTrends none(int windowDays) {
        return new ItemTrends(List.of(), List.of(), windowDays, null, false);
    }
}
