package dev.propel.datagen.truth;

/**
 * The true probability that a session converts, given its events up to and including one event (a prefix).
 *
 * <p>Two probabilities, because two questions are asked of a prefix. {@code probability} is the online one that
 * serving faces: the session may go on. {@code probabilityAsCut} is the one of a training row made of a session's
 * complete pre-purchase part: it also knows that nothing but a purchase (or the end) followed, which is
 * informative (buyers only stop browsing to check out, with a non-empty cart). At each prefix the best achievable
 * ROC AUC is that of the matching probability.
 *
 * @param sessionId        the session (the simulator's id, also when the event was sent without {@code session_id})
 * @param eventId          the last event of the prefix
 * @param position         0-based index of that event within the session, in true time order
 * @param probability      P(session converts | events 0..position), exactly, under the simulator's model
 * @param probabilityAsCut P(session converts | events 0..position, and the next event is a purchase or none)
 * @param converted        whether the session did convert (contains at least one purchase)
 * @param hasPurchase      whether the prefix itself contains a purchase (then both probabilities are 1)
 */
public record ConversionTruth(String sessionId, String eventId, int position, double probability,
                              double probabilityAsCut, boolean converted, boolean hasPurchase) {
}
