package dev.propel.functions.ingest;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import dev.propel.core.event.BehaviourEvent;
import dev.propel.core.event.ClockSkew;
import dev.propel.core.event.EventJson;
import dev.propel.core.event.EventValidator;
import dev.propel.core.event.IngestLimits;
import dev.propel.core.event.ValidationError;
import dev.propel.functions.http.ApiException;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Parses the JSON of {@code POST /events}: one event object, or a batch {@code {"events": [...]}}. Streams the
 * batch through {@link EventValidator} (no tree is built), collects per-event errors, and drops repeats of an
 * {@code event_id} within the request. Whole-request problems (not JSON, not an object, too many events) are
 * {@link ApiException}s.
 */
public final class IngestRequestParser {
    static final String EVENTS = "events";
    /** The batch's send time by the client's clock (corrects every event's time, as Segment's sentAt). */
    static final String SENT_AT = "sent_at";
    private static final Set<String> BATCH_FIELDS = Set.of(EVENTS, SENT_AT);

    private final EventValidator validator;
    private final IngestLimits limits;
    private final JsonFactory json;

    public IngestRequestParser(EventValidator validator) {
        this.validator = validator;
        this.limits = validator.limits();
        this.json = JsonFactory.builder()
                .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(64).build())
                .build();
    }

    /** Parses a body without a receive time (no clock-skew check). */
    public ParsedBatch parse(byte[] body) {
        return parse(body, null);
    }

    /**
     * Parses a body received at {@code receivedAt}: events are corrected by the batch's {@code sent_at} when it
     * has one, and an event still too far in the future is rejected with its index (the others are kept).
     */
    public ParsedBatch parse(byte[] body, Instant receivedAt) {
        try {
            return parseOrThrow(body, receivedAt);
        } catch (JsonProcessingException e) {
            var at = e.getLocation();
            String where = at == null ? "" : " at line " + at.getLineNr() + ", column " + at.getColumnNr();
            throw ApiException.badRequest("body is not valid JSON" + where + ": " + e.getOriginalMessage(), null);
        } catch (IOException e) {
            // no I/O happens on a byte array: this is Jackson failing to decode the characters (e.g. a body whose
            // first bytes make it guess UTF-32), a caller mistake
            throw ApiException.badRequest("body is not readable UTF-8 JSON: " + e.getMessage(), null);
        }
    }

    private ParsedBatch parseOrThrow(byte[] body, Instant receivedAt) throws IOException {
        List<ValidationError> errors = new ArrayList<>();
        List<BehaviourEvent> events = new ArrayList<>();
        List<Integer> indices = new ArrayList<>();
        int received = -1;
        Instant sentAt = null;
        try (JsonParser p = json.createParser(body)) {
            JsonToken t = p.nextToken();
            if (t == null) {
                throw ApiException.badRequest("request body is empty", null);
            }
            if (t == JsonToken.START_ARRAY) {
                throw ApiException.badRequest("send a batch as {\"events\": [...]}, not a bare array", EVENTS);
            }
            if (t != JsonToken.START_OBJECT) {
                throw ApiException.badRequest("body must be a JSON object: one event or {\"events\": [...]}", null);
            }
            JsonToken field = p.nextToken();
            if (field == JsonToken.FIELD_NAME && BATCH_FIELDS.contains(p.currentName())) {
                for (; field == JsonToken.FIELD_NAME; field = p.nextToken()) {
                    String name = p.currentName();
                    if (EVENTS.equals(name) && received < 0) {
                        received = readBatch(p, events, indices, errors);
                    } else if (SENT_AT.equals(name) && sentAt == null) {
                        sentAt = sentAt(p);
                    } else {
                        throw ApiException.badRequest("a batch object has only the fields events and sent_at", name);
                    }
                }
                if (received < 0) {
                    throw ApiException.badRequest("a batch needs events", EVENTS);
                }
            } else {
                received = 1;
                try (JsonParser single = json.createParser(body)) {
                    BehaviourEvent e = validator.read(single, 0, errors);
                    if (e != null) {
                        events.add(e);
                        indices.add(0);
                    }
                    requireEnd(single);
                }
                return dedupe(received, skew(events, indices, errors, null, receivedAt), errors);
            }
            requireEnd(p);
        }
        return dedupe(received, skew(events, indices, errors, sentAt, receivedAt), errors);
    }

    private static Instant sentAt(JsonParser p) throws IOException {
        if (p.nextToken() != JsonToken.VALUE_STRING) {
            p.skipChildren();
            throw ApiException.badRequest("sent_at must be an ISO-8601 time", SENT_AT);
        }
        try {
            return java.time.OffsetDateTime.parse(p.getText()).toInstant();
        } catch (java.time.format.DateTimeParseException e) {
            throw ApiException.badRequest("sent_at must be an ISO-8601 time with an offset", SENT_AT);
        }
    }

    /** Applies the {@code sent_at} correction and refuses events still too far after their receive time. */
    private List<BehaviourEvent> skew(List<BehaviourEvent> events, List<Integer> indices,
            List<ValidationError> errors, Instant sentAt, Instant receivedAt) {
        if (receivedAt == null) {
            return events;
        }
        List<BehaviourEvent> kept = new ArrayList<>(events.size());
        for (int i = 0; i < events.size(); i++) {
            BehaviourEvent e = events.get(i);
            Instant t = ClockSkew.corrected(e.timestamp(), sentAt, receivedAt);
            if (ClockSkew.tooFarAhead(t, receivedAt, limits.maxClockAhead())) {
                errors.add(new ValidationError(indices.get(i), EventJson.TIMESTAMP,
                        ClockSkew.error(limits.maxClockAhead())));
            } else {
                kept.add(t.equals(e.timestamp()) ? e : e.withTimestamp(t));
            }
        }
        errors.sort(java.util.Comparator.comparingInt(ValidationError::index));
        return kept;
    }

    private int readBatch(JsonParser p, List<BehaviourEvent> events, List<Integer> indices,
            List<ValidationError> errors) throws IOException {
        if (p.nextToken() != JsonToken.START_ARRAY) {
            p.skipChildren();
            throw ApiException.badRequest("events must be an array", EVENTS);
        }
        int index = 0;
        while (p.nextToken() != JsonToken.END_ARRAY) {
            if (index >= limits.maxEvents()) {
                throw ApiException.tooLarge("a request carries at most " + limits.maxEvents() + " events", EVENTS);
            }
            BehaviourEvent e = validator.read(p, index, errors);
            if (e != null) {
                events.add(e);
                indices.add(index);
            }
            index++;
        }
        if (index == 0) {
            throw ApiException.badRequest("events must not be empty", EVENTS);
        }
        return index;
    }

    /** After the top-level object only whitespace may follow. */
    private static void requireEnd(JsonParser p) throws IOException {
        if (p.nextToken() != null) {
            throw ApiException.badRequest("body must hold exactly one JSON object", null);
        }
    }

    private static ParsedBatch dedupe(int received, List<BehaviourEvent> events, List<ValidationError> errors) {
        Set<String> seen = new HashSet<>(events.size() * 2);
        List<BehaviourEvent> unique = new ArrayList<>(events.size());
        for (BehaviourEvent e : events) {
            if (seen.add(e.eventId().strip())) {
                unique.add(e);
            }
        }
        return new ParsedBatch(received, unique, events.size() - unique.size(), errors);
    }
}
