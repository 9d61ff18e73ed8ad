package dev.propel.functions.serving;

import dev.propel.core.event.BehaviourEvent;
import java.time.Instant;

/** Where the decide function records each decision as a {@code decision} event (the ingest writer, under raw/). */
@FunctionalInterface
public interface DecisionSink {
    /** Stores the event durably; throws when it could not. */
    void record(BehaviourEvent decision, Instant receivedAt, String requestId);
}
