package dev.propel.functions.ingest;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import dev.propel.core.event.BehaviourEvent;
import dev.propel.core.event.EventValidator;
import dev.propel.core.event.IngestLimits;
import dev.propel.core.event.ValidationError;
import dev.propel.functions.http.ApiException;
import java.io.IOException;
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

    public ParsedBatch parse(byte[] body) {
        try {
            return parseOrThrow(body);
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

    private ParsedBatch parseOrThrow(byte[] body) throws IOException {
        List<ValidationError> errors = new ArrayList<>();
        List<BehaviourEvent> events = new ArrayList<>();
        int received;
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
            if (p.nextToken() == JsonToken.FIELD_NAME && EVENTS.equals(p.currentName())) {
                received = readBatch(p, events, errors);
            } else {
                received = 1;
                try (JsonParser single = json.createParser(body)) {
                    BehaviourEvent e = validator.read(single, 0, errors);
                    if (e != null) {
                        events.add(e);
                    }
                    requireEnd(single);
                }
                return dedupe(received, events, errors);
            }
            requireEnd(p);
        }
        return dedupe(received, events, errors);
    }

    private int readBatch(JsonParser p, List<BehaviourEvent> events, List<ValidationError> errors) throws IOException {
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
            }
            index++;
        }
        if (index == 0) {
            throw ApiException.badRequest("events must not be empty", EVENTS);
        }
        JsonToken t = p.nextToken();
        if (t == JsonToken.FIELD_NAME) {
            throw ApiException.badRequest("a batch object has only the field events", p.currentName());
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
