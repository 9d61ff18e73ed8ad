package dev.propel.functions.datasets;

import dev.propel.core.features.ItemStatsTable;

/** The day's {@code stats/items} partition: the item stats before the day plus the day's per-item counts. */
final class ItemStatsUpdate implements DayTable<ItemStatsTable> {

    @Override
    public ItemStatsTable build(DayInput day) {
        return day.prevItems().plus(day.tally().itemWindow());
    }
}
