package dev.propel.core.event;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * The JSON codec of {@link BehaviourEvent}: snake_case field names, ISO-8601 UTC instants, absent optionals
 * omitted. This is the line format of {@code raw/} and {@code clean/} objects. Written with Jackson's streaming
 * API so that serialising a batch costs no reflection and little garbage.
 */
public final class EventJson {
    public static final String EVENT_ID = "event_id";
    public static final String TYPE = "type";
    public static final String USER_ID = "user_id";
    public static final String ANONYMOUS_ID = "anonymous_id";
    public static final String SESSION_ID = "session_id";
    public static final String ITEM_ID = "item_id";
    public static final String TIMESTAMP = "timestamp";
    public static final String PRICE = "price";
    public static final String QUANTITY = "quantity";
    public static final String PROPERTIES = "properties";
    public static final String RECEIVED_AT = "received_at";

    private static final JsonFactory FACTORY = new JsonFactory();

    private EventJson() {
    }

    /** Writes one event as a single JSON object (no trailing newline). */
    public static void write(BehaviourEvent e, JsonGenerator g) throws IOException {
        g.writeStartObject();
        g.writeStringField(EVENT_ID, e.eventId());
        g.writeStringField(TYPE, e.type());
        if (e.userId() != null) {
            g.writeStringField(USER_ID, e.userId());
        }
        if (e.anonymousId() != null) {
            g.writeStringField(ANONYMOUS_ID, e.anonymousId());
        }
        if (e.sessionId() != null) {
            g.writeStringField(SESSION_ID, e.sessionId());
        }
        if (e.itemId() != null) {
            g.writeStringField(ITEM_ID, e.itemId());
        }
        g.writeStringField(TIMESTAMP, EventTimestamps.format(e.timestamp()));
        if (e.price() != null) {
            g.writeNumberField(PRICE, e.price());
        }
        if (e.quantity() != null) {
            g.writeNumberField(QUANTITY, e.quantity());
        }
        if (!e.properties().isEmpty()) {
            g.writeObjectFieldStart(PROPERTIES);
            // Sorted: the record's immutable map iterates in a per-JVM random order, and stored lines must be
            // byte-identical whichever container writes them (idempotent reprocessing).
            Map<String, String> props = e.properties();
            if (props.size() == 1) {
                Map.Entry<String, String> only = props.entrySet().iterator().next();
                g.writeStringField(only.getKey(), only.getValue());
            } else {
                for (Map.Entry<String, String> p : new TreeMap<>(props).entrySet()) {
                    g.writeStringField(p.getKey(), p.getValue());
                }
            }
            g.writeEndObject();
        }
        if (e.receivedAt() != null) {
            g.writeStringField(RECEIVED_AT, EventTimestamps.format(e.receivedAt()));
        }
        g.writeEndObject();
    }

    /** One event as a JSON string. */
    public static String toJson(BehaviourEvent e) {
        StringWriter w = new StringWriter(256);
        writeTo(e, w);
        return w.toString();
    }

    /** Writes one event to a character stream. */
    public static void writeTo(BehaviourEvent e, Writer w) {
        try (JsonGenerator g = FACTORY.createGenerator(w)) {
            g.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
            write(e, g);
        } catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    /**
     * Reads one event written by {@link #write}. Meant for trusted, already-validated lines ({@code raw/} and
     * {@code clean/}); untrusted input goes through the ingest validator instead.
     *
     * @throws IllegalArgumentException when the line is not a well-formed stored event
     */
    public static BehaviourEvent parse(String line) {
        try (JsonParser p = FACTORY.createParser(line)) {
            return read(p);
        } catch (IOException ex) {
            throw new IllegalArgumentException("not a JSON event line: " + ex.getMessage(), ex);
        }
    }

    /** Reads the next object of the parser as an event (the parser is positioned before or at START_OBJECT). */
    public static BehaviourEvent read(JsonParser p) throws IOException {
        JsonToken t = p.currentToken() == JsonToken.START_OBJECT ? p.currentToken() : p.nextToken();
        if (t != JsonToken.START_OBJECT) {
            throw new IllegalArgumentException("expected a JSON object");
        }
        String eventId = null;
        String type = null;
        String userId = null;
        String anonymousId = null;
        String sessionId = null;
        String itemId = null;
        Instant timestamp = null;
        Double price = null;
        Integer quantity = null;
        Map<String, String> properties = null;
        Instant receivedAt = null;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            JsonToken v = p.nextToken();
            if (v == JsonToken.VALUE_NULL) {
                continue;
            }
            switch (name) {
                case EVENT_ID -> eventId = p.getValueAsString();
                case TYPE -> type = p.getValueAsString();
                case USER_ID -> userId = p.getValueAsString();
                case ANONYMOUS_ID -> anonymousId = p.getValueAsString();
                case SESSION_ID -> sessionId = p.getValueAsString();
                case ITEM_ID -> itemId = p.getValueAsString();
                case TIMESTAMP -> timestamp = EventTimestamps.parseIso(p.getText());
                case PRICE -> price = p.getDoubleValue();
                case QUANTITY -> quantity = p.getIntValue();
                case RECEIVED_AT -> receivedAt = EventTimestamps.parseIso(p.getText());
                case PROPERTIES -> {
                    properties = new LinkedHashMap<>();
                    while (p.nextToken() == JsonToken.FIELD_NAME) {
                        String k = p.currentName();
                        p.nextToken();
                        properties.put(k, p.getValueAsString());
                    }
                }
                default -> p.skipChildren();
            }
        }
        if (eventId == null || type == null || timestamp == null) {
            throw new IllegalArgumentException("stored event lacks event_id, type or timestamp");
        }
        return new BehaviourEvent(eventId, type, userId, anonymousId, sessionId, itemId, timestamp, price, quantity,
                properties, receivedAt);
    }
}
