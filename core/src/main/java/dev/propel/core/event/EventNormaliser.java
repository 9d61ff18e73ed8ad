package dev.propel.core.event;

/**
 * Makes a validated event canonical for {@code clean/}: type names in lower-case snake_case, ids trimmed,
 * a negative zero price folded to zero. Timestamps are already UTC instants once validated. A pure function, so
 * cleaning the same raw object twice gives the same bytes.
 */
public final class EventNormaliser {
    private EventNormaliser() {
    }

    /** The canonical form of a validated event (the same instance when it already is canonical). */
    public static BehaviourEvent normalise(BehaviourEvent e) {
        String type = EventTypes.normalise(e.type());
        String eventId = e.eventId().strip();
        String userId = strip(e.userId());
        String anonymousId = strip(e.anonymousId());
        String sessionId = strip(e.sessionId());
        String itemId = strip(e.itemId());
        Double price = e.price() != null && e.price() == 0 ? Double.valueOf(0d) : e.price();
        if (type == e.type() && eventId == e.eventId() && userId == e.userId() && anonymousId == e.anonymousId()
                && sessionId == e.sessionId() && itemId == e.itemId() && price == e.price()) {
            return e;
        }
        return new BehaviourEvent(eventId, type, userId, anonymousId, sessionId, itemId, e.timestamp(), price,
                e.quantity(), e.properties(), e.receivedAt());
    }

    private static String strip(String s) {
        return s == null ? null : s.strip();
    }
}
