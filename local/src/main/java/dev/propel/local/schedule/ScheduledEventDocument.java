package dev.propel.local.schedule;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;

/** The EventBridge "Scheduled Event" document a scheduled function receives (deserialises as ScheduledEvent). */
public final class ScheduledEventDocument {
    private static final ObjectMapper JSON = new ObjectMapper();

    private ScheduledEventDocument() {
    }

    /** The event for one firing of a rule at {@code time}. */
    public static byte[] of(String region, String accountId, String ruleName, Instant time) {
        ObjectNode e = JSON.createObjectNode();
        e.put("version", "0");
        e.put("id", UUID.randomUUID().toString());
        e.put("detail-type", "Scheduled Event");
        e.put("source", "aws.events");
        e.put("account", accountId);
        e.put("time", time.truncatedTo(ChronoUnit.SECONDS).toString());
        e.put("region", region);
        e.putArray("resources").add("arn:aws:events:" + region + ":" + accountId + ":rule/" + ruleName);
        e.putObject("detail");
        try {
            return JSON.writeValueAsBytes(e);
        } catch (com.fasterxml.jackson.core.JsonProcessingException x) {
            throw new IllegalStateException(x);
        }
    }
}
