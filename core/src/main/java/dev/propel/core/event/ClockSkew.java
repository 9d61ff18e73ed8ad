package dev.propel.core.event;

import java.time.Duration;
import java.time.Instant;

/**
 * Client clocks are wrong: with the batch's {@code sent_at} (the client's clock when it sent the request) an
 * event's time is moved by the client's offset, as Segment does ({@code received_at - (sent_at - timestamp)});
 * an event still further than the allowed skew after its receive time is refused.
 */
public final class ClockSkew {
    private ClockSkew() {
    }

    /** The event time corrected by the client's clock offset; unchanged without {@code sentAt}. */
    public static Instant corrected(Instant timestamp, Instant sentAt, Instant receivedAt) {
        if (sentAt == null || timestamp == null || receivedAt == null) {
            return timestamp;
        }
        return receivedAt.minus(Duration.between(timestamp, sentAt));
    }

    /** Whether {@code timestamp} lies more than {@code maxAhead} after {@code receivedAt}. */
    public static boolean tooFarAhead(Instant timestamp, Instant receivedAt, Duration maxAhead) {
        return timestamp != null && receivedAt != null && timestamp.isAfter(receivedAt.plus(maxAhead));
    }

    /** The per-event error for such an event. */
    public static String error(Duration maxAhead) {
        return "is more than " + maxAhead.toHours() + " h after the time the event was received; fix the"
                + " client's clock or send the batch's sent_at so Propel can correct it";
    }
}
