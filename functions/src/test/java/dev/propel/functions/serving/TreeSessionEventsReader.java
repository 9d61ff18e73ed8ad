package dev.propel.functions.serving;

import com.fasterxml.jackson.databind.JsonNode;
import dev.propel.core.event.BehaviourEvent;
import dev.propel.core.event.EventJson;
import dev.propel.core.event.EventTypes;
import dev.propel.core.event.IngestLimits;
import dev.propel.functions.http.ApiException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The reference the streaming {@link SessionEventsReader} must match: the events read from a whole JSON tree of the
 * body, field by field, as serving did before it streamed them (commit d9bbf62), less the timestamp rules, which it
 * shares. Test scope only.
 */
final class TreeSessionEventsReader {
    private static final int MAX_EVENTS = 1000;
    private static final int MAX_ID_LENGTH = 256;
    private static final int MAX_PROPERTIES = 50;
    /** Ingest's bounds on prices and quantities, so serving accepts exactly the events ingest would store. */
    private static final IngestLimits LIMITS = IngestLimits.DEFAULT;

    private TreeSessionEventsReader() {
    }

    /** The events of {@code field} (absent = empty session), sorted by timestamp. */
    static List<BehaviourEvent> read(JsonNode body, String field) {
        JsonNode array = JsonRequests.optionalArray(body, field, field, MAX_EVENTS);
        if (array == null) {
            return List.of();
        }
        List<BehaviourEvent> events = new ArrayList<>(array.size());
        boolean sorted = true;
        for (int i = 0; i < array.size(); i++) {
            BehaviourEvent e;
            try {
                e = event(array.get(i), i);
            } catch (ApiException relative) {
                // Paths are built only on error: a request path is too hot for string building per field.
                String prefix = field + "[" + i + "]";
                String inner = relative.field();
                throw JsonRequests.invalid(inner == null ? prefix : prefix + "." + inner,
                        inner == null ? prefix + " must be an event object" : prefix + "." + relative.getMessage());
            }
            if (!events.isEmpty() && e.timestamp().isBefore(events.get(events.size() - 1).timestamp())) {
                sorted = false;
            }
            events.add(e);
        }
        if (!sorted) {
            events.sort(Comparator.comparing(BehaviourEvent::timestamp));
        }
        return events;
    }

    private static BehaviourEvent event(JsonNode node, int index) {
        if (node == null || !node.isObject()) {
            throw JsonRequests.invalid(null, "must be an event object");
        }
        String type = JsonRequests.requiredText(node, EventJson.TYPE, EventJson.TYPE, 64);
        String eventId = JsonRequests.optionalText(node, EventJson.EVENT_ID, EventJson.EVENT_ID, MAX_ID_LENGTH);
        String userId = JsonRequests.optionalText(node, EventJson.USER_ID, EventJson.USER_ID, MAX_ID_LENGTH);
        String anonymousId = JsonRequests.optionalText(node, EventJson.ANONYMOUS_ID, EventJson.ANONYMOUS_ID,
                MAX_ID_LENGTH);
        String sessionId = JsonRequests.optionalText(node, EventJson.SESSION_ID, EventJson.SESSION_ID, MAX_ID_LENGTH);
        String itemId = JsonRequests.optionalText(node, EventJson.ITEM_ID, EventJson.ITEM_ID, MAX_ID_LENGTH);
        if (itemId == null && EventTypes.ITEM_EVENTS.contains(type)) {
            throw JsonRequests.invalid(EventJson.ITEM_ID, EventJson.ITEM_ID + " is required for '" + type + "' events");
        }
        String ts = JsonRequests.requiredText(node, EventJson.TIMESTAMP, EventJson.TIMESTAMP, 64);
        // the timestamp rules themselves are shared: this reference is about reading a tree, not parsing times
        Instant timestamp = SessionEventsReader.timestamp(ts);
        Double price = null;
        JsonNode p = node.get(EventJson.PRICE);
        if (p != null && !p.isNull()) {
            if (!p.isNumber() || !Double.isFinite(p.doubleValue()) || p.doubleValue() < 0
                    || p.doubleValue() > LIMITS.maxPrice()) {
                throw JsonRequests.invalid(EventJson.PRICE,
                        EventJson.PRICE + " must be a number between 0 and " + (long) LIMITS.maxPrice());
            }
            price = p.doubleValue() == 0 ? 0d : p.doubleValue();
        }
        Integer quantity = null;
        JsonNode q = node.get(EventJson.QUANTITY);
        if (q != null && !q.isNull()) {
            if (!q.isIntegralNumber() || !q.canConvertToInt() || q.intValue() < 0
                    || q.intValue() > LIMITS.maxQuantity()) {
                throw JsonRequests.invalid(EventJson.QUANTITY,
                        EventJson.QUANTITY + " must be a whole number between 0 and " + LIMITS.maxQuantity());
            }
            quantity = q.intValue();
        }
        Map<String, String> properties = null;
        JsonNode props = JsonRequests.optionalObject(node, EventJson.PROPERTIES, EventJson.PROPERTIES);
        if (props != null) {
            if (props.size() > MAX_PROPERTIES) {
                throw JsonRequests.invalid(EventJson.PROPERTIES,
                        EventJson.PROPERTIES + " has more than " + MAX_PROPERTIES + " entries");
            }
            properties = new LinkedHashMap<>();
            for (var f : props.properties()) {
                if (f.getValue().isContainerNode()) {
                    throw JsonRequests.invalid(EventJson.PROPERTIES + "." + f.getKey(),
                            EventJson.PROPERTIES + "." + f.getKey() + ": properties must be a flat map of scalar values");
                }
                String value = f.getValue().asText();
                if (f.getKey().isEmpty() || f.getKey().length() > LIMITS.maxPropertyKeyLength()
                        || value.length() > LIMITS.maxPropertyValueLength()) {
                    throw JsonRequests.invalid(EventJson.PROPERTIES, EventJson.PROPERTIES + " names must have 1 to "
                            + LIMITS.maxPropertyKeyLength() + " characters and values at most "
                            + LIMITS.maxPropertyValueLength());
                }
                properties.put(f.getKey(), value);
            }
        }
        return new BehaviourEvent(eventId == null ? "request-event-" + index : eventId, type, userId, anonymousId,
                sessionId, itemId, timestamp, price, quantity, properties, null);
    }
}
