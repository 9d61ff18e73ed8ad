package dev.propel.functions.datasets;

/**
 * One table of a day, built from that day's sessions and tally ({@link DayInput}); {@link DayTables} composes one
 * of these per output.
 *
 * @param <T> what the table is: a CSV partition, or the cumulative item stats or user registry
 */
interface DayTable<T> {

    /** The day's table; pure: it only reads the input, so every table can be built from the same one. */
    T build(DayInput day);
}
