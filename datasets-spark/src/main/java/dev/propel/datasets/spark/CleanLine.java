package dev.propel.datasets.spark;

/**
 * One event line of a clean object as it travels between executors: its event JSON (re-encoded by core's codec)
 * with what the shuffles key on.
 *
 * @param eventId     the event's id (deduplication key; null kept as null)
 * @param ordinal     its position in the Lambda builder's read order: object index (key order) in the high 32
 *                    bits, line index in the low 32 bits; the first occurrence of an id is the smallest ordinal
 * @param actor       user id, else anonymous id, else {@code ""} (the sessions key)
 * @param item        item id, null when none
 * @param epochSecond the event time's epoch second (to keep the day's item events before parsing again)
 * @param nano        the event time's nanosecond of its second (with the second, the window's newest event time)
 * @param json        the event as core's {@code EventJson} writes it
 */
public record CleanLine(String eventId, long ordinal, String actor, String item, long epochSecond, int nano,
        String json)
        implements ActorRecord {

    /** The line with the smaller ordinal: the occurrence the Lambda builder keeps. */
    static CleanLine first(CleanLine a, CleanLine b) {
        return a.ordinal <= b.ordinal ? a : b;
    }
}
