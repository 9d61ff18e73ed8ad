package dev.propel.core.features;

import dev.propel.core.event.BehaviourEvent;
import java.time.Instant;
import java.util.List;

/**
 * One session: its opaque key, the actor it belongs to, and its events in time order.
 *
 * @param key     stable opaque key (a hash: no user id leaks into datasets through it)
 * @param actorId user id, else anonymous id, of the session's events
 * @param events  the events in time order (ties keep input order), never empty
 */
public record Session(String key, String actorId, List<BehaviourEvent> events) {

    public Session {
        events = List.copyOf(events);
        if (events.isEmpty()) {
            throw new IllegalArgumentException("a session has at least one event");
        }
    }

    public Instant start() {
        return events.get(0).timestamp();
    }

    public Instant end() {
        return events.get(events.size() - 1).timestamp();
    }
}
