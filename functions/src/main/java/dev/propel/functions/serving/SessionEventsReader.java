package dev.propel.functions.serving;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.propel.core.event.BehaviourEvent;
import dev.propel.core.event.EventJson;
import dev.propel.core.event.EventTimestamps;
import dev.propel.core.event.EventTypes;
import dev.propel.core.event.IngestLimits;
import dev.propel.functions.http.ApiException;
import java.io.IOException;
import java.time.DateTimeException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads the {@code session_events} of a serving request (events as in DESIGN §2) from a streaming parser into
 * time-ordered {@link BehaviourEvent}s, naming the exact field of the first mistake, e.g.
 * {@code session_events[2].timestamp}. Serving does not store these events, so {@code event_id} may be omitted.
 *
 * <p>Each event is read whole before it is checked, field by field in a fixed order, with the last of duplicate
 * keys winning: a caller hears of the same mistake whatever order the event's keys come in.
 */
public final class SessionEventsReader {
    /** The body field this reader reads. */
    public static final String FIELD = "session_events";
    /** Most events one request may carry. */
    public static final int MAX_EVENTS = 1000;
    static final int MAX_ID_LENGTH = 256;
    private static final int MAX_PROPERTIES = 50;
    /** Ingest's bounds on prices and quantities, so serving accepts exactly the events ingest would store. */
    private static final IngestLimits LIMITS = IngestLimits.DEFAULT;

    /** A value of the wrong JSON type where a string, number or object was expected. */
    private enum Wrong { TYPE }

    private SessionEventsReader() {
    }

    /**
     * The events of the value at the parser's current token, which is left on the value's last token; JSON
     * syntax errors propagate, mistakes in the events are kept in the result.
     */
    static SessionEvents read(JsonParser p) throws IOException {
        JsonToken t = p.currentToken();
        if (t == JsonToken.VALUE_NULL) {
            return SessionEvents.ABSENT;
        }
        if (t != JsonToken.START_ARRAY) {
            p.skipChildren();
            return SessionEvents.refused(JsonRequests.invalid(FIELD, FIELD + " must be an array"));
        }
        List<BehaviourEvent> events = new ArrayList<>();
        ApiException first = null;
        boolean sorted = true;
        int size = 0;
        while (p.nextToken() != JsonToken.END_ARRAY) {
            int i = size++;
            if (first != null || size > MAX_EVENTS) {
                p.skipChildren();
                continue;
            }
            BehaviourEvent e;
            try {
                e = event(p, i);
            } catch (ApiException relative) {
                // Paths are built only on error: a request path is too hot for string building per field.
                String prefix = FIELD + "[" + i + "]";
                String inner = relative.field();
                first = JsonRequests.invalid(inner == null ? prefix : prefix + "." + inner,
                        inner == null ? prefix + " must be an event object" : prefix + "." + relative.getMessage());
                continue;
            }
            if (!events.isEmpty() && e.timestamp().isBefore(events.get(events.size() - 1).timestamp())) {
                sorted = false;
            }
            events.add(e);
        }
        if (size > MAX_EVENTS) {
            return SessionEvents.refused(JsonRequests.invalid(FIELD, FIELD + " has " + size
                    + " elements; at most " + MAX_EVENTS + " are allowed"));
        }
        if (first != null) {
            return SessionEvents.refused(first);
        }
        if (!sorted) {
            events.sort(Comparator.comparing(BehaviourEvent::timestamp));
        }
        return SessionEvents.of(events);
    }

    /** One event: read to its end first, so a mistake never leaves the parser inside it. */
    private static BehaviourEvent event(JsonParser p, int index) throws IOException {
        if (p.currentToken() != JsonToken.START_OBJECT) {
            p.skipChildren();
            throw JsonRequests.invalid(null, "must be an event object");
        }
        // Each slot holds null (absent or JSON null), the value, or Wrong.TYPE.
        Object type = null;
        Object eventId = null;
        Object userId = null;
        Object anonymousId = null;
        Object sessionId = null;
        Object itemId = null;
        Object ts = null;
        Object price = null;
        Object quantity = null;
        Object properties = null;
        for (String name = p.nextFieldName(); name != null; name = p.nextFieldName()) {
            JsonToken v = p.nextToken();
            switch (name) {
                case EventJson.TYPE -> type = text(p, v);
                case EventJson.EVENT_ID -> eventId = text(p, v);
                case EventJson.USER_ID -> userId = text(p, v);
                case EventJson.ANONYMOUS_ID -> anonymousId = text(p, v);
                case EventJson.SESSION_ID -> sessionId = text(p, v);
                case EventJson.ITEM_ID -> itemId = text(p, v);
                case EventJson.TIMESTAMP -> ts = text(p, v);
                case EventJson.PRICE -> price = number(p, v);
                case EventJson.QUANTITY -> quantity = wholeNumber(p, v);
                case EventJson.PROPERTIES -> properties = properties(p, v);
                default -> p.skipChildren();
            }
        }
        String checkedType = JsonRequests.checkedText(required(type, EventJson.TYPE), EventJson.TYPE, 64);
        String checkedEventId = optional(eventId, EventJson.EVENT_ID);
        String checkedUserId = optional(userId, EventJson.USER_ID);
        String checkedAnonymousId = optional(anonymousId, EventJson.ANONYMOUS_ID);
        String checkedSessionId = optional(sessionId, EventJson.SESSION_ID);
        String checkedItemId = optional(itemId, EventJson.ITEM_ID);
        if (checkedItemId == null && EventTypes.ITEM_EVENTS.contains(checkedType)) {
            throw JsonRequests.invalid(EventJson.ITEM_ID,
                    EventJson.ITEM_ID + " is required for '" + checkedType + "' events");
        }
        String checkedTs = JsonRequests.checkedText(required(ts, EventJson.TIMESTAMP), EventJson.TIMESTAMP, 64);
        Instant timestamp = timestamp(checkedTs);
        Double checkedPrice = null;
        if (price != null) {
            if (!(price instanceof Double d) || !Double.isFinite(d) || d < 0 || d > LIMITS.maxPrice()) {
                throw JsonRequests.invalid(EventJson.PRICE,
                        EventJson.PRICE + " must be a number between 0 and " + (long) LIMITS.maxPrice());
            }
            checkedPrice = d == 0 ? 0d : d;
        }
        Integer checkedQuantity = null;
        if (quantity != null) {
            if (!(quantity instanceof Integer q) || q < 0 || q > LIMITS.maxQuantity()) {
                throw JsonRequests.invalid(EventJson.QUANTITY,
                        EventJson.QUANTITY + " must be a whole number between 0 and " + LIMITS.maxQuantity());
            }
            checkedQuantity = q;
        }
        return new BehaviourEvent(checkedEventId == null ? "request-event-" + index : checkedEventId,
                checkedType, checkedUserId, checkedAnonymousId, checkedSessionId, checkedItemId, timestamp,
                checkedPrice, checkedQuantity, checkedProperties(properties), null);
    }

    /** An event's timestamp text as an instant within the bounds ingest applies. */
    static Instant timestamp(String text) {
        Instant timestamp;
        try {
            timestamp = EventTimestamps.parseIso(text);
        } catch (DateTimeException e) {
            throw JsonRequests.invalid(EventJson.TIMESTAMP,
                    EventJson.TIMESTAMP + " must be an ISO-8601 instant, e.g. 2026-11-28T09:12:40Z");
        }
        // A year like +999999999 parses, then overflows the session arithmetic.
        if (!EventTimestamps.plausible(timestamp)) {
            throw JsonRequests.invalid(EventJson.TIMESTAMP,
                    EventJson.TIMESTAMP + " is outside 2000-01-01..2100-01-01");
        }
        return timestamp;
    }

    private static Object required(Object slot, String name) {
        if (slot == null) {
            throw JsonRequests.missing(name);
        }
        return slot;
    }

    private static String optional(Object slot, String name) {
        return slot == null ? null : JsonRequests.checkedText(slot, name, MAX_ID_LENGTH);
    }

    private static Object text(JsonParser p, JsonToken v) throws IOException {
        if (v == JsonToken.VALUE_NULL) {
            return null;
        }
        if (v == JsonToken.VALUE_STRING) {
            return p.getText();
        }
        p.skipChildren();
        return Wrong.TYPE;
    }

    /** A number as JSON trees read it: any JSON number as a double. */
    private static Object number(JsonParser p, JsonToken v) throws IOException {
        if (v == JsonToken.VALUE_NULL) {
            return null;
        }
        if (v == JsonToken.VALUE_NUMBER_INT || v == JsonToken.VALUE_NUMBER_FLOAT) {
            return p.getDoubleValue();
        }
        p.skipChildren();
        return Wrong.TYPE;
    }

    /** A JSON integer that fits an int, else Wrong.TYPE. */
    private static Object wholeNumber(JsonParser p, JsonToken v) throws IOException {
        if (v == JsonToken.VALUE_NULL) {
            return null;
        }
        if (v == JsonToken.VALUE_NUMBER_INT && p.getNumberType() == JsonParser.NumberType.INT) {
            return p.getIntValue();
        }
        p.skipChildren();
        return Wrong.TYPE;
    }

    /** The properties in first-seen key order with the last value of a repeated key; containers as null. */
    private static Object properties(JsonParser p, JsonToken v) throws IOException {
        if (v == JsonToken.VALUE_NULL) {
            return null;
        }
        if (v != JsonToken.START_OBJECT) {
            p.skipChildren();
            return Wrong.TYPE;
        }
        Map<String, String> values = new LinkedHashMap<>();
        for (String name = p.nextFieldName(); name != null; name = p.nextFieldName()) {
            values.put(name, scalarText(p, p.nextToken()));
        }
        return values;
    }

    /** A scalar's text as a JSON tree's {@code asText} gives it; null for an object or array. */
    private static String scalarText(JsonParser p, JsonToken v) throws IOException {
        return switch (v) {
            case VALUE_STRING -> p.getText();
            case VALUE_NUMBER_INT -> switch (p.getNumberType()) {
                case INT -> Integer.toString(p.getIntValue());
                case LONG -> Long.toString(p.getLongValue());
                default -> p.getBigIntegerValue().toString();
            };
            case VALUE_NUMBER_FLOAT -> Double.toString(p.getDoubleValue());
            case VALUE_TRUE -> "true";
            case VALUE_FALSE -> "false";
            case VALUE_NULL -> "null";
            default -> {
                p.skipChildren();
                yield null;
            }
        };
    }

    @SuppressWarnings("unchecked")
    private static Map<String, String> checkedProperties(Object slot) {
        if (slot == null) {
            return null;
        }
        if (!(slot instanceof Map)) {
            throw JsonRequests.invalid(EventJson.PROPERTIES, EventJson.PROPERTIES + " must be an object");
        }
        Map<String, String> props = (Map<String, String>) slot;
        if (props.size() > MAX_PROPERTIES) {
            throw JsonRequests.invalid(EventJson.PROPERTIES,
                    EventJson.PROPERTIES + " has more than " + MAX_PROPERTIES + " entries");
        }
        for (Map.Entry<String, String> f : props.entrySet()) {
            if (f.getValue() == null) {
                throw JsonRequests.invalid(EventJson.PROPERTIES + "." + f.getKey(),
                        EventJson.PROPERTIES + "." + f.getKey() + ": properties must be a flat map of scalar values");
            }
            if (f.getKey().isEmpty() || f.getKey().length() > LIMITS.maxPropertyKeyLength()
                    || f.getValue().length() > LIMITS.maxPropertyValueLength()) {
                throw JsonRequests.invalid(EventJson.PROPERTIES, EventJson.PROPERTIES + " names must have 1 to "
                        + LIMITS.maxPropertyKeyLength() + " characters and values at most "
                        + LIMITS.maxPropertyValueLength());
            }
        }
        return props;
    }
}
