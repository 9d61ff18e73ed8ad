package dev.propel.datagen.truth;

/**
 * The true probability that a converting session buys one candidate item, given the session's events before
 * checkout. Candidates are the items the session viewed, clicked or put in the cart before checkout; any other
 * item of a converting session has probability 0 (the simulated shop only sells from the cart).
 *
 * @param sessionId   the session
 * @param itemId      the candidate item
 * @param cutEventId  the last event before checkout (the prefix the probability conditions on)
 * @param probability P(item purchased in this checkout | events up to cutEventId)
 * @param purchased   whether it was purchased
 */
public record ItemTruth(String sessionId, String itemId, String cutEventId, double probability, boolean purchased) {
}
