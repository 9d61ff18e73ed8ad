package dev.propel.core.event;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.time.DateTimeException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads one untrusted event object from a streaming Jackson parser and checks it against the ingest contract
 * (DESIGN §2) and {@link IngestLimits}, field by field. Every problem is reported as a {@link ValidationError}
 * naming the field; the rejected value itself is never echoed, so errors are safe to return and to log.
 *
 * <p>Values are kept as the caller sent them (ids untrimmed, type as spelled); {@link EventNormaliser} makes
 * them canonical. Syntax errors are not caught here: they surface as Jackson's exceptions, because a broken
 * JSON text cannot be resynchronised and the caller decides what unit (request, line) fails.
 */
public final class EventValidator {
    private final IngestLimits limits;

    public EventValidator(IngestLimits limits) {
        this.limits = limits;
    }

    public IngestLimits limits() {
        return limits;
    }

    /**
     * Reads the event object at the parser's position (at or just before its START_OBJECT) and leaves the parser
     * on its END_OBJECT. Any other value is consumed and reported as one error.
     *
     * @param index  the event's index, copied into errors
     * @param errors where this event's errors are appended
     * @return the event, or null when it has at least one error
     */
    public BehaviourEvent read(JsonParser p, int index, List<ValidationError> errors) throws IOException {
        JsonToken t = p.currentToken();
        if (t == null || t == JsonToken.FIELD_NAME || t == JsonToken.END_OBJECT || t == JsonToken.END_ARRAY) {
            t = p.nextToken();
        }
        if (t != JsonToken.START_OBJECT) {
            if (t != null) {
                p.skipChildren();
            }
            errors.add(new ValidationError(index, null, "an event must be a JSON object"));
            return null;
        }
        int errorsBefore = errors.size();
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
                case EventJson.EVENT_ID -> eventId = id(p, v, index, name, errors);
                case EventJson.TYPE -> type = type(p, v, index, errors);
                case EventJson.USER_ID -> userId = id(p, v, index, name, errors);
                case EventJson.ANONYMOUS_ID -> anonymousId = id(p, v, index, name, errors);
                case EventJson.SESSION_ID -> sessionId = id(p, v, index, name, errors);
                case EventJson.ITEM_ID -> itemId = id(p, v, index, name, errors);
                case EventJson.TIMESTAMP -> timestamp = instant(p, v, index, name, errors);
                case EventJson.RECEIVED_AT -> receivedAt = instant(p, v, index, name, errors);
                case EventJson.PRICE -> price = price(p, v, index, errors);
                case EventJson.QUANTITY -> quantity = quantity(p, v, index, errors);
                case EventJson.PROPERTIES -> properties = properties(p, v, index, errors);
                default -> {
                    p.skipChildren();
                    errors.add(new ValidationError(index, name, "unknown field (custom data goes in properties)"));
                }
            }
        }
        if (eventId == null && !hasError(errors, errorsBefore, EventJson.EVENT_ID)) {
            errors.add(new ValidationError(index, EventJson.EVENT_ID, "is required"));
        }
        if (type == null && !hasError(errors, errorsBefore, EventJson.TYPE)) {
            errors.add(new ValidationError(index, EventJson.TYPE, "is required"));
        }
        if (timestamp == null && !hasError(errors, errorsBefore, EventJson.TIMESTAMP)) {
            errors.add(new ValidationError(index, EventJson.TIMESTAMP, "is required"));
        }
        if (userId == null && anonymousId == null && !hasError(errors, errorsBefore, EventJson.USER_ID)
                && !hasError(errors, errorsBefore, EventJson.ANONYMOUS_ID)) {
            errors.add(new ValidationError(index, EventJson.USER_ID, "user_id or anonymous_id is required"));
        }
        if (type != null && itemId == null && !hasError(errors, errorsBefore, EventJson.ITEM_ID)) {
            String canonical = EventTypes.normalise(type);
            if (EventTypes.ITEM_EVENTS.contains(canonical)) {
                errors.add(new ValidationError(index, EventJson.ITEM_ID, "is required for " + canonical + " events"));
            }
        }
        if (errors.size() > errorsBefore) {
            return null;
        }
        return new BehaviourEvent(eventId, type, userId, anonymousId, sessionId, itemId, timestamp, price, quantity,
                properties, receivedAt);
    }

    private static boolean hasError(List<ValidationError> errors, int from, String field) {
        for (int i = from; i < errors.size(); i++) {
            if (field.equals(errors.get(i).field())) {
                return true;
            }
        }
        return false;
    }

    private String id(JsonParser p, JsonToken v, int index, String field, List<ValidationError> errors)
            throws IOException {
        String s;
        if (v == JsonToken.VALUE_STRING) {
            s = p.getText();
        } else if (v == JsonToken.VALUE_NUMBER_INT) {
            // numeric ids are common (database keys); they are ids, not numbers, so they are kept as text
            s = p.getText();
        } else {
            p.skipChildren();
            errors.add(new ValidationError(index, field, "must be a string"));
            return null;
        }
        if (s.isBlank()) {
            errors.add(new ValidationError(index, field, "must not be empty"));
            return null;
        }
        if (s.length() > limits.maxIdLength()) {
            errors.add(new ValidationError(index, field, "longer than " + limits.maxIdLength() + " characters"));
            return null;
        }
        return s;
    }

    private String type(JsonParser p, JsonToken v, int index, List<ValidationError> errors) throws IOException {
        if (v != JsonToken.VALUE_STRING) {
            p.skipChildren();
            errors.add(new ValidationError(index, EventJson.TYPE, "must be a string"));
            return null;
        }
        String s = p.getText();
        if (s.isBlank()) {
            errors.add(new ValidationError(index, EventJson.TYPE, "must not be empty"));
            return null;
        }
        if (s.length() > limits.maxTypeLength()) {
            errors.add(new ValidationError(index, EventJson.TYPE,
                    "longer than " + limits.maxTypeLength() + " characters"));
            return null;
        }
        if (!EventTypes.isWellFormed(EventTypes.normalise(s))) {
            errors.add(new ValidationError(index, EventJson.TYPE,
                    "must be a built-in type or a custom name of letters, digits and underscores"));
            return null;
        }
        return s;
    }

    private static Instant instant(JsonParser p, JsonToken v, int index, String field, List<ValidationError> errors)
            throws IOException {
        Instant t;
        if (v == JsonToken.VALUE_STRING) {
            try {
                t = EventTimestamps.parseIso(p.getText());
            } catch (DateTimeException e) {
                errors.add(new ValidationError(index, field,
                        "must be ISO-8601 with a UTC offset (e.g. 2026-11-28T09:15:00Z) or epoch milliseconds"));
                return null;
            }
        } else if (v == JsonToken.VALUE_NUMBER_INT && p.getNumberType() != JsonParser.NumberType.BIG_INTEGER) {
            t = EventTimestamps.ofEpochMilli(p.getLongValue());
        } else {
            p.skipChildren();
            errors.add(new ValidationError(index, field,
                    "must be ISO-8601 with a UTC offset (e.g. 2026-11-28T09:15:00Z) or epoch milliseconds"));
            return null;
        }
        if (!EventTimestamps.plausible(t)) {
            errors.add(new ValidationError(index, field,
                    "is outside 2000-01-01..2100-01-01 (epoch seconds sent as milliseconds?)"));
            return null;
        }
        return t;
    }

    private Double price(JsonParser p, JsonToken v, int index, List<ValidationError> errors) throws IOException {
        Double d = number(p, v);
        if (d == null || !Double.isFinite(d)) {
            errors.add(new ValidationError(index, EventJson.PRICE, "must be a finite number"));
            return null;
        }
        if (d < 0 || d > limits.maxPrice()) {
            errors.add(new ValidationError(index, EventJson.PRICE,
                    "must be between 0 and " + (long) limits.maxPrice()));
            return null;
        }
        return d == 0 ? 0d : d; // folds -0.0 into 0.0
    }

    private Integer quantity(JsonParser p, JsonToken v, int index, List<ValidationError> errors) throws IOException {
        Double d = number(p, v);
        if (d == null || !Double.isFinite(d) || d != Math.rint(d)) {
            errors.add(new ValidationError(index, EventJson.QUANTITY, "must be a whole number"));
            return null;
        }
        if (d < 0 || d > limits.maxQuantity()) {
            errors.add(new ValidationError(index, EventJson.QUANTITY,
                    "must be between 0 and " + limits.maxQuantity()));
            return null;
        }
        return d.intValue();
    }

    /** A JSON number, or a string holding one (form posts and some SDKs send numbers as text); else null. */
    private static Double number(JsonParser p, JsonToken v) throws IOException {
        if (v == JsonToken.VALUE_NUMBER_INT || v == JsonToken.VALUE_NUMBER_FLOAT) {
            return p.getDoubleValue();
        }
        if (v == JsonToken.VALUE_STRING) {
            String s = p.getText().strip();
            if (s.isEmpty() || s.length() > 40) {
                return null;
            }
            try {
                return Double.parseDouble(s);
            } catch (NumberFormatException e) {
                return null;
            }
        }
        p.skipChildren();
        return null;
    }

    private Map<String, String> properties(JsonParser p, JsonToken v, int index, List<ValidationError> errors)
            throws IOException {
        if (v != JsonToken.START_OBJECT) {
            p.skipChildren();
            errors.add(new ValidationError(index, EventJson.PROPERTIES, "must be a JSON object"));
            return null;
        }
        Map<String, String> out = new LinkedHashMap<>();
        boolean ok = true;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String key = p.currentName();
            JsonToken pv = p.nextToken();
            String field = EventJson.PROPERTIES + "." + (key.length() > 64 ? key.substring(0, 64) + "…" : key);
            String value;
            switch (pv) {
                case VALUE_STRING, VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT, VALUE_TRUE, VALUE_FALSE -> value = p.getText();
                case VALUE_NULL -> value = null;
                default -> {
                    p.skipChildren();
                    errors.add(new ValidationError(index, field,
                            "properties must be flat: strings, numbers or booleans"));
                    ok = false;
                    continue;
                }
            }
            if (key.isEmpty() || key.length() > limits.maxPropertyKeyLength()) {
                errors.add(new ValidationError(index, field,
                        "property names must have 1 to " + limits.maxPropertyKeyLength() + " characters"));
                ok = false;
            } else if (value != null && value.length() > limits.maxPropertyValueLength()) {
                errors.add(new ValidationError(index, field,
                        "longer than " + limits.maxPropertyValueLength() + " characters"));
                ok = false;
            } else if (value != null) {
                out.put(key, value);
            }
        }
        if (out.size() > limits.maxProperties()) {
            errors.add(new ValidationError(index, EventJson.PROPERTIES,
                    "more than " + limits.maxProperties() + " entries"));
            return null;
        }
        return ok ? out : null;
    }
}
