package dev.propel.local.demo;

import dev.propel.core.event.BehaviourEvent;
import java.util.List;
import java.util.Objects;

/**
 * The generated shop traffic the demo sends through the API.
 *
 * @param events      the events, in the order they are sent
 * @param description one line for the summary, e.g. {@code 3 days, 400 users, seed 42}
 */
public record DemoTraffic(List<BehaviourEvent> events, String description) {
    public DemoTraffic {
        events = List.copyOf(events);
    }

    /** Number of distinct sessions (events without a session id are not counted). */
    public long sessions() {
        return events.stream().map(BehaviourEvent::sessionId).filter(Objects::nonNull).distinct().count();
    }
}
