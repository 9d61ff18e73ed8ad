package dev.propel.functions.report;

/** An item whose interactions grew from the previous window to the most recent one. */
public record RisingItem(String itemId, long recent, long previous) {
    /** Growth in interactions (absolute), what rising items are ordered by. */
    public long growth() {
        return recent - previous;
    }
}
