package dev.propel.core.features;

import dev.propel.core.event.BehaviourEvent;
import java.time.Instant;
import java.util.Map;

/** Small deterministic event fixtures for feature tests. */
final class Events {
    static final Instant T0 = Instant.parse("2026-11-27T10:50:00Z");
    private static int seq;

    private Events() {
    }

    static BehaviourEvent at(int minute, String type, String user, String item, Double price) {
        return new BehaviourEvent("e" + (seq++), type, user, null, null, item, T0.plusSeconds(60L * minute), price,
                null, Map.of(), null);
    }

    static BehaviourEvent atSeconds(long seconds, String type, String user, String session, String item,
            Double price) {
        return new BehaviourEvent("e" + (seq++), type, user, null, session, item, T0.plusSeconds(seconds), price,
                null, Map.of(), null);
    }
}
