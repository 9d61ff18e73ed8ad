package dev.propel.functions.serving;

import dev.propel.core.event.BehaviourEvent;
import dev.propel.functions.http.ApiException;
import java.util.List;

/**
 * The {@code session_events} of a serving request as {@link SessionEventsReader} read them while the body streamed
 * by: absent, the time-ordered events, or the first mistake in them. The mistake is thrown only when a route asks
 * for the events, so each route's own field order decides which mistake a caller hears of first, as if the body
 * had been read whole and checked field by field.
 */
public final class SessionEvents {
    /** No {@code session_events} field, or a JSON null. */
    static final SessionEvents ABSENT = new SessionEvents(List.of(), null, false);

    private final List<BehaviourEvent> events;
    private final ApiException mistake;
    private final boolean present;

    private SessionEvents(List<BehaviourEvent> events, ApiException mistake, boolean present) {
        this.events = events;
        this.mistake = mistake;
        this.present = present;
    }

    static SessionEvents of(List<BehaviourEvent> events) {
        return new SessionEvents(events, null, true);
    }

    static SessionEvents refused(ApiException mistake) {
        return new SessionEvents(List.of(), mistake, true);
    }

    /** Whether the body carried a non-null {@code session_events} (valid or not). */
    public boolean present() {
        return present;
    }

    /** The events sorted by timestamp (empty when absent); throws the 400 naming the first mistake. */
    public List<BehaviourEvent> list() {
        if (mistake != null) {
            throw mistake;
        }
        return events;
    }
}
