package dev.propel.local.demo;

import dev.propel.core.event.BehaviourEvent;
import java.util.List;
import java.util.Objects;
import java.util.stream.Stream;

/**
 * The generated shop traffic: past days uploaded as a backfill, the newest day sent through the API.
 *
 * @param history     events received before the newest day, with their {@code received_at}: uploaded straight into
 *                    {@code raw/} as a backfill would be ({@link HistoryUpload})
 * @param events      the newest day's events, in the order they are sent through {@code POST /events}
 * @param description one line for the summary, e.g. {@code 3 days, 400 users, seed 42}
 */
public record DemoTraffic(List<BehaviourEvent> history, List<BehaviourEvent> events, String description) {
    public DemoTraffic {
        history = List.copyOf(history);
        events = List.copyOf(events);
    }

    /** Traffic that all goes through the API. */
    public DemoTraffic(List<BehaviourEvent> events, String description) {
        this(List.of(), events, description);
    }

    /** Number of distinct sessions over history and the API traffic (events without a session id are not counted). */
    public long sessions() {
        return Stream.concat(history.stream(), events.stream()).map(BehaviourEvent::sessionId)
                .filter(Objects::nonNull).distinct().count();
    }
}
