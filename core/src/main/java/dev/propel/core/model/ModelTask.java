package dev.propel.core.model;

/** The prediction tasks Propel trains and serves (DESIGN §4). */
public enum ModelTask {
    /** P(session converts | its events so far): drives decisions. */
    CONVERSION,
    /** P(item purchased | session, item): drives ranking. */
    ITEM,
    /** Any CSV with a label column, served by feature name. */
    GENERIC,
    /** P(candidate is what the shopper wants next | session, recall's scores): reorders recall's candidates. */
    RERANK;

    /** The lower-case name used in S3 keys and JSON. */
    public String id() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    /** Parses the lower-case id. */
    public static ModelTask fromId(String id) {
        return valueOf(id.toUpperCase(java.util.Locale.ROOT));
    }
}
