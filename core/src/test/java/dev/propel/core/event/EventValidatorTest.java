package dev.propel.core.event;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EventValidatorTest {
    private static final JsonFactory JSON = new JsonFactory();
    private final EventValidator validator = new EventValidator(IngestLimits.DEFAULT);
    private final List<ValidationError> errors = new ArrayList<>();

    private BehaviourEvent read(String json) throws IOException {
        try (JsonParser p = JSON.createParser(json)) {
            return validator.read(p, 7, errors);
        }
    }

    private static String event(String extra) {
        return "{\"event_id\":\"e1\",\"type\":\"view\",\"user_id\":\"u1\",\"item_id\":\"i1\","
                + "\"timestamp\":\"2026-11-28T09:15:00Z\"" + extra + "}";
    }

    private void assertSingleError(String field, String fragment) {
        assertEquals(1, errors.size(), errors.toString());
        assertEquals(7, errors.get(0).index());
        assertEquals(field, errors.get(0).field());
        assertTrue(errors.get(0).error().contains(fragment), errors.get(0).error());
    }

    @Test
    void acceptsAFullEvent() throws IOException {
        BehaviourEvent e = read("{\"event_id\":\"e1\",\"type\":\"purchase\",\"user_id\":\"u1\",\"anonymous_id\":\"a1\","
                + "\"session_id\":\"s1\",\"item_id\":\"i1\",\"timestamp\":\"2026-11-28T10:15:00.250+01:00\","
                + "\"price\":19.99,\"quantity\":2,\"properties\":{\"colour\":\"red\",\"size\":42,\"gift\":true}}");
        assertTrue(errors.isEmpty(), errors.toString());
        assertEquals(Instant.parse("2026-11-28T09:15:00.250Z"), e.timestamp());
        assertEquals(19.99, e.price());
        assertEquals(2, e.quantity());
        assertEquals(Map.of("colour", "red", "size", "42", "gift", "true"), e.properties());
        assertEquals("s1", e.sessionId());
    }

    @Test
    void acceptsEpochMillisNumericIdsAndNumericStrings() throws IOException {
        BehaviourEvent e = read("{\"event_id\":\"e1\",\"type\":\"add_to_cart\",\"user_id\":12345,\"item_id\":99,"
                + "\"timestamp\":1795857300000,\"price\":\"4.50\",\"quantity\":\"3\"}");
        assertNotNull(e, errors.toString());
        assertEquals("12345", e.userId());
        assertEquals("99", e.itemId());
        assertEquals(Instant.ofEpochMilli(1795857300000L), e.timestamp());
        assertEquals(4.5, e.price());
        assertEquals(3, e.quantity());
    }

    @Test
    void customTypesNeedNoItem() throws IOException {
        assertNotNull(read("{\"event_id\":\"e1\",\"type\":\"newsletter_signup\",\"anonymous_id\":\"a\","
                + "\"timestamp\":\"2026-11-28T09:15:00Z\"}"), errors.toString());
        assertNotNull(read("{\"event_id\":\"e2\",\"type\":\"search\",\"anonymous_id\":\"a\","
                + "\"timestamp\":\"2026-11-28T09:15:00Z\",\"properties\":{\"query\":\"shoes\"}}"), errors.toString());
    }

    @Test
    void reportsEveryMissingRequiredField() throws IOException {
        assertNull(read("{}"));
        assertEquals(List.of("event_id", "type", "timestamp", "user_id"),
                errors.stream().map(ValidationError::field).toList());
    }

    @Test
    void itemEventsNeedAnItemEvenWhenTypeIsSpelledDifferently() throws IOException {
        assertNull(read("{\"event_id\":\"e1\",\"type\":\"Add To Cart\",\"user_id\":\"u\","
                + "\"timestamp\":\"2026-11-28T09:15:00Z\"}"));
        assertSingleError("item_id", "add_to_cart");
    }

    @Test
    void rejectsBlankAndOverlongIds() throws IOException {
        assertNull(read(event(",\"session_id\":\"   \"")));
        assertSingleError("session_id", "must not be empty");
        errors.clear();
        assertNull(read(event(",\"session_id\":\"" + "s".repeat(257) + "\"")));
        assertSingleError("session_id", "256");
    }

    @Test
    void rejectsNonStringIds() throws IOException {
        assertNull(read(event(",\"session_id\":{\"a\":1}")));
        assertSingleError("session_id", "must be a string");
        errors.clear();
        assertNull(read(event(",\"anonymous_id\":1.5")));
        assertSingleError("anonymous_id", "must be a string");
    }

    @Test
    void rejectsMalformedTypes() throws IOException {
        assertNull(read("{\"event_id\":\"e1\",\"type\":\"$$$\",\"user_id\":\"u\",\"timestamp\":\"2026-11-28T09:15:00Z\"}"));
        assertSingleError("type", "letters");
        errors.clear();
        assertNull(read("{\"event_id\":\"e1\",\"type\":\"" + "t".repeat(65) + "\",\"user_id\":\"u\","
                + "\"timestamp\":\"2026-11-28T09:15:00Z\"}"));
        assertSingleError("type", "64");
    }

    @Test
    void timestampsNeedAnOffsetAndAPlausibleValue() throws IOException {
        for (String bad : List.of("\"2026-11-28T09:15:00\"", "\"yesterday\"", "\"2026-13-01T00:00:00Z\"",
                "1732780800", "1.7327808E12", "true", "\"2026-02-30T00:00:00Z\"")) {
            errors.clear();
            assertNull(read("{\"event_id\":\"e1\",\"type\":\"search\",\"user_id\":\"u\",\"timestamp\":" + bad + "}"), bad);
            assertEquals(1, errors.size(), bad + " " + errors);
            assertEquals("timestamp", errors.get(0).field(), bad);
        }
    }

    @Test
    void pricesAndQuantitiesMustBeSane() throws IOException {
        for (String bad : List.of("\"price\":-1", "\"price\":\"NaN\"", "\"price\":\"Infinity\"", "\"price\":1e400",
                "\"price\":2e9", "\"price\":\"cheap\"", "\"price\":[1]")) {
            errors.clear();
            assertNull(read(event("," + bad)), bad);
            assertEquals("price", errors.get(0).field(), bad);
        }
        for (String bad : List.of("\"quantity\":1.5", "\"quantity\":-2", "\"quantity\":10001", "\"quantity\":\"x\"")) {
            errors.clear();
            assertNull(read(event("," + bad)), bad);
            assertEquals("quantity", errors.get(0).field(), bad);
        }
        errors.clear();
        assertEquals(0d, read(event(",\"price\":-0.0")).price());
        assertEquals(Double.doubleToLongBits(0d), Double.doubleToLongBits(read(event(",\"price\":-0.0")).price()));
        assertEquals(2, read(event(",\"quantity\":2.0")).quantity());
    }

    @Test
    void propertiesMustBeFlatAndBounded() throws IOException {
        assertNull(read(event(",\"properties\":{\"nested\":{\"a\":1}}")));
        assertSingleError("properties.nested", "flat");
        errors.clear();
        assertNull(read(event(",\"properties\":[1,2]")));
        assertSingleError("properties", "object");
        errors.clear();
        assertNull(read(event(",\"properties\":{\"long\":\"" + "v".repeat(1025) + "\"}")));
        assertSingleError("properties.long", "1024");
        errors.clear();
        StringBuilder many = new StringBuilder(",\"properties\":{");
        for (int i = 0; i < 51; i++) {
            many.append(i == 0 ? "" : ",").append("\"k").append(i).append("\":1");
        }
        assertNull(read(event(many.append("}").toString())));
        assertSingleError("properties", "50");
        errors.clear();
        assertEquals(Map.of("a", "1"), read(event(",\"properties\":{\"a\":1,\"b\":null}")).properties());
    }

    @Test
    void unknownFieldsAreNamed() throws IOException {
        assertNull(read(event(",\"userId\":\"u2\"")));
        assertSingleError("userId", "unknown field");
    }

    @Test
    void nullsCountAsAbsent() throws IOException {
        BehaviourEvent e = read(event(",\"session_id\":null,\"price\":null"));
        assertNotNull(e, errors.toString());
        assertNull(e.sessionId());
        assertNull(e.price());
    }

    @Test
    void aNonObjectIsOneErrorAndTheParserMovesOn() throws IOException {
        try (JsonParser p = JSON.createParser("[[1,2],{\"event_id\":\"e1\",\"type\":\"search\",\"user_id\":\"u\","
                + "\"timestamp\":\"2026-11-28T09:15:00Z\"}]")) {
            p.nextToken();
            p.nextToken();
            assertNull(validator.read(p, 0, errors));
            p.nextToken();
            assertNotNull(validator.read(p, 1, errors));
        }
        assertEquals(List.of(new ValidationError(0, null, "an event must be a JSON object")), errors);
    }
}
