package dev.propel.datagen.truth;

/**
 * The true probability that a session converts, given its events up to and including one event (a prefix cut).
 *
 * @param sessionId    the session (the simulator's id, also when the event was sent without {@code session_id})
 * @param eventId      the last event of the prefix
 * @param position     0-based index of that event within the session, in true time order
 * @param probability  P(session contains a purchase | events 0..position), exactly, under the simulator's model
 * @param converted    whether the session did convert (contains at least one purchase)
 * @param hasPurchase  whether the prefix itself contains a purchase (then probability is 1)
 */
public record ConversionTruth(String sessionId, String eventId, int position, double probability,
                              boolean converted, boolean hasPurchase) {
}
