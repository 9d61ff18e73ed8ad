package dev.propel.core.event;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * One user-behaviour event as Propel stores it (DESIGN §2): the ingest contract and the row of {@code raw/} and
 * {@code clean/} objects.
 *
 * @param eventId     client-generated unique id, the deduplication key everywhere in the pipeline
 * @param type        {@code view}, {@code click}, {@code add_to_cart}, … or a custom name
 * @param userId      known user, may be null when {@code anonymousId} is set
 * @param anonymousId device/cookie id, may be null when {@code userId} is set
 * @param sessionId   client session, optional (else sessions are cut at 30 minutes of inactivity)
 * @param itemId      the item, required for item events
 * @param timestamp   client time
 * @param price       unit price, optional
 * @param quantity    quantity, optional
 * @param properties  flat string map, never null
 * @param receivedAt  server receive time, null until ingest sets it
 */
public record BehaviourEvent(
        String eventId,
        String type,
        String userId,
        String anonymousId,
        String sessionId,
        String itemId,
        Instant timestamp,
        Double price,
        Integer quantity,
        Map<String, String> properties,
        Instant receivedAt) {

    public BehaviourEvent {
        Objects.requireNonNull(eventId, "eventId");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(timestamp, "timestamp");
        properties = properties == null ? Map.of() : Map.copyOf(properties);
    }

    /** The identity sessions and users are keyed on: the user id when known, else the anonymous id. */
    public String actorId() {
        return userId != null ? userId : anonymousId;
    }

    /** A copy stamped with the server receive time. */
    public BehaviourEvent withReceivedAt(Instant at) {
        return new BehaviourEvent(eventId, type, userId, anonymousId, sessionId, itemId, timestamp, price, quantity,
                properties, at);
    }

    /** A copy with the event time replaced (client clock correction). */
    public BehaviourEvent withTimestamp(Instant at) {
        return new BehaviourEvent(eventId, type, userId, anonymousId, sessionId, itemId, at, price, quantity,
                properties, receivedAt);
    }

    /** A copy with both identifiers replaced (pseudonymisation). */
    public BehaviourEvent withIdentities(String newUserId, String newAnonymousId) {
        return new BehaviourEvent(eventId, type, newUserId, newAnonymousId, sessionId, itemId, timestamp, price,
                quantity, properties, receivedAt);
    }
}
