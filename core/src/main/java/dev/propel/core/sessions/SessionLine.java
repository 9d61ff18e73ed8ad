package dev.propel.core.sessions;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.propel.core.event.BehaviourEvent;
import dev.propel.core.features.Session;
import dev.propel.core.features.SessionFeatures;
import dev.propel.core.recall.ItemAction;
import dev.propel.core.recall.SessionSequence;
import java.io.IOException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.function.UnaryOperator;

/**
 * One line of the sessions dataset: {@code {"session": KEY, "start": ISO-instant, "items": [...], "actions":
 * [...]}}, the session's item events in time order with what the shopper did with each.
 *
 * @param session  the session's opaque key (the {@code session_key} of the other datasets)
 * @param start    the session's first event time
 * @param sequence its items and actions
 */
public record SessionLine(String session, Instant start, SessionSequence sequence) {

    public SessionLine {
        Objects.requireNonNull(session, "session");
        Objects.requireNonNull(start, "start");
        Objects.requireNonNull(sequence, "sequence");
    }

    /**
     * The line of a session: its behaviour events that name an item, in time order (events without
     * {@code item_id} say nothing about items); null when there are none.
     */
    public static SessionLine of(Session s) {
        List<String> items = new ArrayList<>(s.events().size());
        List<ItemAction> actions = new ArrayList<>(s.events().size());
        for (BehaviourEvent e : s.events()) {
            if (e.itemId() != null && SessionFeatures.isBehaviour(e)) {
                items.add(e.itemId());
                actions.add(ItemAction.ofEventType(e.type()));
            }
        }
        return items.isEmpty() ? null : new SessionLine(s.key(), s.start(), new SessionSequence(items, actions));
    }

    /** The lower-case name an action is stored under ({@code view}, {@code click}, {@code cart}, {@code purchase}). */
    public static String actionName(ItemAction a) {
        return a.name().toLowerCase(Locale.ROOT);
    }

    /** Writes the line's JSON object (fields always in the same order, so the same session gives the same bytes). */
    public void writeTo(JsonGenerator g) throws IOException {
        g.writeStartObject();
        g.writeStringField("session", session);
        g.writeStringField("start", start.toString());
        g.writeArrayFieldStart("items");
        for (String i : sequence.items()) {
            g.writeString(i);
        }
        g.writeEndArray();
        g.writeArrayFieldStart("actions");
        for (ItemAction a : sequence.actions()) {
            g.writeString(actionName(a));
        }
        g.writeEndArray();
        g.writeEndObject();
    }

    /**
     * Reads the JSON object at the parser's current token; unknown fields are ignored (later versions may add
     * some).
     *
     * @param intern maps each item id to the instance to keep (so many sessions share one string per item)
     * @throws IllegalArgumentException naming what is wrong when the value is not a session line
     */
    public static SessionLine read(JsonParser p, UnaryOperator<String> intern) throws IOException {
        if (p.currentToken() != JsonToken.START_OBJECT) {
            throw new IllegalArgumentException("not a JSON object");
        }
        String session = null;
        Instant start = null;
        List<String> items = null;
        List<ItemAction> actions = null;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String field = p.currentName();
            JsonToken value = p.nextToken();
            switch (field) {
                case "session" -> session = text(p, value, field);
                case "start" -> start = instant(text(p, value, field));
                case "items" -> items = strings(p, value, field, intern);
                case "actions" -> actions = actions(p, value);
                default -> p.skipChildren();
            }
        }
        if (session == null || start == null || items == null || actions == null) {
            throw new IllegalArgumentException("session, start, items and actions are required");
        }
        if (items.size() != actions.size()) {
            throw new IllegalArgumentException("items and actions differ in length");
        }
        return new SessionLine(session, start, new SessionSequence(items, actions));
    }

    private static String text(JsonParser p, JsonToken value, String field) throws IOException {
        if (value != JsonToken.VALUE_STRING) {
            throw new IllegalArgumentException(field + " must be a string");
        }
        return p.getText();
    }

    private static List<String> strings(JsonParser p, JsonToken value, String field, UnaryOperator<String> intern)
            throws IOException {
        if (value != JsonToken.START_ARRAY) {
            throw new IllegalArgumentException(field + " must be an array of strings");
        }
        List<String> out = new ArrayList<>();
        for (JsonToken t = p.nextToken(); t != JsonToken.END_ARRAY; t = p.nextToken()) {
            if (t != JsonToken.VALUE_STRING) {
                throw new IllegalArgumentException(field + " must be an array of strings");
            }
            out.add(intern.apply(p.getText()));
        }
        return out;
    }

    private static List<ItemAction> actions(JsonParser p, JsonToken value) throws IOException {
        if (value != JsonToken.START_ARRAY) {
            throw new IllegalArgumentException("actions must be an array of strings");
        }
        List<ItemAction> out = new ArrayList<>();
        for (JsonToken t = p.nextToken(); t != JsonToken.END_ARRAY; t = p.nextToken()) {
            if (t != JsonToken.VALUE_STRING) {
                throw new IllegalArgumentException("actions must be an array of strings");
            }
            out.add(action(p.getText()));
        }
        return out;
    }

    private static Instant instant(String s) {
        try {
            return Instant.parse(s);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("start is not an ISO-8601 instant: " + s);
        }
    }

    private static ItemAction action(String name) {
        return switch (name) {
            case "view" -> ItemAction.VIEW;
            case "click" -> ItemAction.CLICK;
            case "cart" -> ItemAction.CART;
            case "purchase" -> ItemAction.PURCHASE;
            default -> throw new IllegalArgumentException("unknown action " + name);
        };
    }
}
