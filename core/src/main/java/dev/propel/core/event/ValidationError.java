package dev.propel.core.event;

/**
 * Why one event of a request (or one line of an object) was rejected.
 *
 * @param index position of the event in the request's {@code events} array (0 for a single event), or the
 *              0-based line number inside a stored object
 * @param field the offending field, e.g. {@code timestamp} or {@code properties.colour}; null when the event
 *              as a whole is wrong (not an object)
 * @param error what is wrong, in words meant for the API caller; never contains the rejected value
 */
public record ValidationError(int index, String field, String error) {
}
