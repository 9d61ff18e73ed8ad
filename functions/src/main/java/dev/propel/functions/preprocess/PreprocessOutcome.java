package dev.propel.functions.preprocess;

/**
 * What stage 1 did with one object.
 *
 * @param key      the raw key
 * @param status   {@code CLEANED}, {@code QUARANTINED} (unreadable object), {@code SKIPPED} (not a raw object) or
 *                 {@code MISSING} (deleted before it was read)
 * @param result   the counts when the object was read, else null
 * @param cleanKey the clean object written, or null (no valid event)
 * @param detail   why it was quarantined or skipped, else null
 */
public record PreprocessOutcome(String key, Status status, CleanResult result, String cleanKey, String detail) {
    /** The four ways an object can end. */
    public enum Status { CLEANED, QUARANTINED, SKIPPED, MISSING }
}
