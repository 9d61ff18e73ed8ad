package dev.propel.datagen.simulator;

/**
 * An invalid event as a raw JSON object text: a {@link dev.propel.core.event.BehaviourEvent} cannot hold one. It is
 * always a well-formed JSON object (so that a batch containing it stays parseable) that breaks one rule of the
 * ingest contract (DESIGN §2), named by {@code field}; its {@code event_id}, when present, is fresh, so accepting
 * it by mistake could never overwrite a real event.
 *
 * @param json              the JSON object text
 * @param field             the field that makes it invalid ({@code event_id}, {@code type}, {@code user_id},
 *                          {@code item_id} or {@code timestamp})
 * @param error             what is wrong, in words
 * @param deliveredAtMillis server receive time, epoch milliseconds
 */
public record InvalidDelivery(String json, String field, String error, long deliveredAtMillis) implements Delivery {
}
