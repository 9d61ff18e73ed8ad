package dev.propel.datagen.simulator;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.propel.core.event.BehaviourEvent;
import dev.propel.core.event.EventJson;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * What the shop's clients get wrong on the way out (the {@link DirtRates}): skewed device clocks, sessions sent
 * without an id, events missing an optional field, delayed, late, duplicated deliveries and invalid siblings. Every
 * draw comes from the dirt stream alone, so the behaviour and its ground truth are the same whatever the rates.
 */
final class ClientDirt {
    private static final long MINUTE = 60_000L;
    private static final long HOUR = 60 * MINUTE;
    private static final String[] BAD_TIMESTAMPS = {"28/11/2026 13:00:00", "yesterday", "2026-13-45T25:61:00Z", ""};
    private static final ObjectMapper JSON = new ObjectMapper();

    private final DirtRates rates;
    private final SplittableRandom random;
    private final DeliveryQueue queue;

    private long duplicates;
    private long late;
    private long outOfOrder;
    private long invalid;
    private long missingOptional;
    private long sessionsWithoutId;
    private long skewedUsers;

    /** @param random the dirt stream; {@code queue} receives every delivery, dirty or not */
    ClientDirt(DirtRates rates, SplittableRandom random, DeliveryQueue queue) {
        this.rates = rates;
        this.random = random;
        this.queue = queue;
    }

    /**
     * How far a new shopper's device clock is off: 0 for most; else a few minutes (80 %) or one to three hours
     * either way, never exactly 0.
     */
    long clockSkewMillis() {
        long skew = 0;
        if (random.nextDouble() < rates.clockSkew()) {
            skewedUsers++;
            skew = random.nextDouble() < 0.8
                    ? (long) (random.nextGaussian() * 5 * MINUTE)
                    : (random.nextBoolean() ? 1 : -1) * (HOUR + (long) (random.nextDouble() * 2 * HOUR));
            if (skew == 0) {
                skew = 1000;
            }
        }
        return skew;
    }

    /** Whether a new session's client sends its {@code session_id}. */
    boolean sendsSessionId() {
        boolean send = !(random.nextDouble() < rates.missingSession());
        if (!send) {
            sessionsWithoutId++;
        }
        return send;
    }

    /**
     * Sends one true event as its client does: stamped by the shopper's clock, perhaps without an optional field,
     * delivered after a network delay (sometimes out of order or late), sometimes twice, sometimes next to an
     * invalid sibling.
     *
     * @param event      the event as it happened (true time)
     * @param skewMillis the shopper's clock skew ({@link #clockSkewMillis})
     */
    void send(BehaviourEvent event, long skewMillis) {
        Double price = event.price();
        Integer quantity = event.quantity();
        Map<String, String> properties = event.properties();
        if (random.nextDouble() < rates.missingOptional()) {
            missingOptional++;
            int which = random.nextInt(3);
            if (which == 0 && price != null) {
                price = null;
            } else if (which == 1 && quantity != null) {
                quantity = null;
            } else {
                properties = Map.of();
            }
        }
        long t = event.timestamp().toEpochMilli();
        BehaviourEvent sent = new BehaviourEvent(event.eventId(), event.type(), event.userId(), event.anonymousId(),
                event.sessionId(), event.itemId(), event.timestamp().plusMillis(skewMillis), price, quantity,
                properties, null);
        long at = t + 50 + random.nextInt(950);
        if (random.nextDouble() < rates.outOfOrder()) {
            outOfOrder++;
            at += 1_000 + random.nextInt(119_000);
        }
        if (random.nextDouble() < rates.late()) {
            late++;
            at += 5 * MINUTE + (long) (random.nextDouble() * (6 * HOUR - 5 * MINUTE));
        }
        queue.add(new EventDelivery(sent, at, false));
        if (random.nextDouble() < rates.duplicate()) {
            duplicates++;
            long again = random.nextDouble() < 0.8 ? 100 + random.nextInt(10_000)
                    : MINUTE + (long) (random.nextDouble() * 2 * HOUR);
            queue.add(new EventDelivery(sent, at + again, true));
        }
        if (random.nextDouble() < rates.invalid()) {
            invalid++;
            queue.add(invalidFrom(sent, at + random.nextInt(1_000)));
        }
    }

    /** An invalid sibling of a real event: a fresh id and one broken rule of the ingest contract. */
    private InvalidDelivery invalidFrom(BehaviourEvent event, long at) {
        try {
            ObjectNode node = (ObjectNode) JSON.readTree(EventJson.toJson(event));
            node.put(EventJson.EVENT_ID, SeededUuids.uuid(random));
            int kind = random.nextInt(5);
            if (kind == 3 && event.itemId() == null) {
                kind = 4;
            }
            switch (kind) {
                case 0 -> {
                    node.remove(EventJson.EVENT_ID);
                    return new InvalidDelivery(JSON.writeValueAsString(node), EventJson.EVENT_ID,
                            "event_id is required", at);
                }
                case 1 -> {
                    node.remove(EventJson.TYPE);
                    return new InvalidDelivery(JSON.writeValueAsString(node), EventJson.TYPE, "type is required",
                            at);
                }
                case 2 -> {
                    node.remove(EventJson.USER_ID);
                    node.remove(EventJson.ANONYMOUS_ID);
                    return new InvalidDelivery(JSON.writeValueAsString(node), EventJson.USER_ID,
                            "user_id or anonymous_id is required", at);
                }
                case 3 -> {
                    node.remove(EventJson.ITEM_ID);
                    return new InvalidDelivery(JSON.writeValueAsString(node), EventJson.ITEM_ID,
                            "item_id is required for " + event.type() + " events", at);
                }
                default -> {
                    node.put(EventJson.TIMESTAMP, BAD_TIMESTAMPS[random.nextInt(BAD_TIMESTAMPS.length)]);
                    return new InvalidDelivery(JSON.writeValueAsString(node), EventJson.TIMESTAMP,
                            "timestamp is not an ISO-8601 instant", at);
                }
            }
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    long duplicates() {
        return duplicates;
    }

    long late() {
        return late;
    }

    long outOfOrder() {
        return outOfOrder;
    }

    long invalid() {
        return invalid;
    }

    long missingOptional() {
        return missingOptional;
    }

    long sessionsWithoutId() {
        return sessionsWithoutId;
    }

    long skewedUsers() {
        return skewedUsers;
    }
}
