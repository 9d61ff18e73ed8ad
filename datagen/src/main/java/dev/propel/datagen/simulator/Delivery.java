package dev.propel.datagen.simulator;

/**
 * One thing the simulated clients send, in the order the server receives them: either a valid event (possibly a
 * duplicate, late, skewed or incomplete) or an invalid one that the ingest API must reject.
 */
public sealed interface Delivery permits EventDelivery, InvalidDelivery {

    /** When the server receives it (epoch milliseconds); deliveries are emitted in this order. */
    long deliveredAtMillis();

    /** The JSON object as sent, on one line. */
    String json();
}
