package dev.propel.functions.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.propel.core.event.BehaviourEvent;
import dev.propel.core.event.EventValidator;
import dev.propel.core.event.IngestLimits;
import dev.propel.core.event.ValidationError;
import dev.propel.functions.http.ApiException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class IngestRequestParserTest {
    private final IngestRequestParser parser = new IngestRequestParser(new EventValidator(IngestLimits.DEFAULT));

    static String event(int i) {
        return "{\"event_id\":\"e" + i + "\",\"type\":\"view\",\"user_id\":\"u\",\"item_id\":\"i\","
                + "\"timestamp\":\"2026-11-28T09:15:00Z\"}";
    }

    static String batch(int n) {
        StringBuilder b = new StringBuilder("{\"events\":[");
        for (int i = 0; i < n; i++) {
            b.append(i == 0 ? "" : ",").append(event(i));
        }
        return b.append("]}").toString();
    }

    private ParsedBatch parse(String json) {
        return parser.parse(json.getBytes(StandardCharsets.UTF_8));
    }

    private ApiException refused(String json) {
        return assertThrows(ApiException.class, () -> parse(json));
    }

    @Test
    void singleEvent() {
        ParsedBatch b = parse(event(1));
        assertEquals(1, b.received());
        assertEquals(List.of("e1"), b.events().stream().map(BehaviourEvent::eventId).toList());
        assertTrue(b.rejected().isEmpty());
    }

    @Test
    void mixedBatchKeepsValidEventsReportsErrorsByIndexAndDropsRepeats() {
        ParsedBatch b = parse(ApiGatewayEvents.resource("ingest/batch-mixed.json"));
        assertEquals(8, b.received());
        assertEquals(List.of("evt-0001", "evt-0002", "evt-0004", "evt-0006"),
                b.events().stream().map(BehaviourEvent::eventId).toList());
        assertEquals(1, b.duplicates());
        assertEquals(5, b.accepted());
        assertEquals(List.of(
                new ValidationError(2, "item_id", "is required for purchase events"),
                new ValidationError(5, "timestamp",
                        "must be ISO-8601 with a UTC offset (e.g. 2026-11-28T09:15:00Z) or epoch milliseconds"),
                new ValidationError(5, "price", "must be between 0 and 1000000000"),
                new ValidationError(6, null, "an event must be a JSON object")), b.rejected());
    }

    @Test
    void repeatsAreMatchedOnTrimmedIds() {
        ParsedBatch b = parse("{\"events\":[" + event(1) + "," + event(1).replace("\"e1\"", "\" e1 \"") + "]}");
        assertEquals(1, b.events().size());
        assertEquals(1, b.duplicates());
    }

    @Test
    void atMost500Events() {
        assertEquals(500, parse(batch(500)).events().size());
        ApiException e = refused(batch(501));
        assertEquals(413, e.status());
        assertEquals("events", e.field());
    }

    @Test
    void wholeRequestMistakesAre400() {
        for (String bad : List.of("{\"events\":[]}", "{\"events\":{}}", "[" + event(1) + "]", "\"hello\"", "42",
                "{\"events\":[" + event(1) + "],\"sent_at\":\"x\"}", event(1) + event(2), "   ")) {
            ApiException e = refused(bad);
            assertEquals(400, e.status(), bad);
        }
        assertEquals("sent_at", refused("{\"events\":[" + event(1) + "],\"sent_at\":\"x\"}").field());
    }

    @Test
    void brokenJsonIs400WithItsLocation() {
        ApiException e = refused("{\"events\":[" + event(1) + ",\n{\"event_id\": }]}");
        assertEquals(400, e.status());
        assertTrue(e.getMessage().startsWith("body is not valid JSON at line 2, column"), e.getMessage());
        assertEquals(400, refused("{\"event_id\":\"e1\"").status());
        assertEquals(400, refused("{\"events\":[" + event(1)).status());
    }

    @Test
    void aSingleInvalidEventIsRejectedNotThrown() {
        ParsedBatch b = parse("{\"event_id\":\"e1\",\"type\":\"view\"}");
        assertEquals(0, b.events().size());
        assertEquals(List.of("timestamp", "user_id", "item_id"), b.rejected().stream().map(ValidationError::field).toList());
    }

    @Test
    void anEventFarAfterItsReceiveTimeIsRejectedByIndexAndTheOthersKept() {
        java.time.Instant received = java.time.Instant.parse("2026-11-28T10:00:00Z");
        String future = event(2).replace("2026-11-28T09:15:00Z", "2099-01-01T00:00:00Z");
        String soon = event(3).replace("2026-11-28T09:15:00Z", "2026-11-28T20:00:00Z"); // within a day: kept
        ParsedBatch b = parser.parse(("{\"events\":[" + event(1) + "," + future + "," + soon + "]}")
                .getBytes(StandardCharsets.UTF_8), received);
        assertEquals(List.of("e1", "e3"), b.events().stream().map(BehaviourEvent::eventId).toList());
        assertEquals(1, b.rejected().size());
        assertEquals(1, b.rejected().get(0).index());
        assertEquals("timestamp", b.rejected().get(0).field());
        assertTrue(b.rejected().get(0).error().contains("sent_at"), b.rejected().get(0).error());
        // without a receive time (the parser alone, as preprocessing reads stored lines) nothing is checked
        assertEquals(3, parse("{\"events\":[" + event(1) + "," + future + "," + soon + "]}").events().size());
    }

    @Test
    void sentAtCorrectsAClientClockThatRunsAYearAhead() {
        java.time.Instant received = java.time.Instant.parse("2026-11-28T10:00:05Z");
        // the client's clock is a year ahead: it stamped the event at 09:59 and sent it at 10:00, its time
        String e = event(1).replace("2026-11-28T09:15:00Z", "2027-11-28T09:59:00Z");
        ParsedBatch b = parser.parse(("{\"sent_at\":\"2027-11-28T10:00:00Z\",\"events\":[" + e + "]}")
                .getBytes(StandardCharsets.UTF_8), received);
        assertTrue(b.rejected().isEmpty(), b.rejected().toString());
        assertEquals(java.time.Instant.parse("2026-11-28T09:59:05Z"), b.events().get(0).timestamp());
        ApiException bad = assertThrows(ApiException.class, () -> parser.parse(
                ("{\"events\":[" + e + "],\"sent_at\":\"yesterday\"}").getBytes(StandardCharsets.UTF_8), received));
        assertEquals("sent_at", bad.field());
        ApiException other = assertThrows(ApiException.class, () -> parser.parse(
                ("{\"events\":[" + e + "],\"colour\":1}").getBytes(StandardCharsets.UTF_8), received));
        assertEquals("colour", other.field());
    }
}
