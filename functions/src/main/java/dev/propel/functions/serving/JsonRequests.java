package dev.propel.functions.serving;

import dev.propel.functions.http.ApiException;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.propel.functions.http.HttpBody;
import dev.propel.functions.http.RequestBodyDecoder;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads request bodies and their fields, turning every caller mistake into an {@link ApiException} that names
 * the field (400), or says the body is too large (413) or not JSON (415).
 */
public final class JsonRequests {
    /** Largest body accepted (API Gateway itself allows 10 MB; a serving request is a session, not a bulk load). */
    public static final int MAX_BODY_BYTES = 1 << 20;

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final RequestBodyDecoder DECODER = new RequestBodyDecoder(MAX_BODY_BYTES);

    private JsonRequests() {
    }

    /** A 400 naming the field at fault. */
    public static ApiException invalid(String field, String message) {
        return ApiException.badRequest(message, field);
    }

    /** The 400 of a required field that is absent or null. */
    static ApiException missing(String path) {
        return invalid(path, path + " is required");
    }

    /**
     * The request body, which must be a JSON object, as a {@link ServingBody}: media type, base64 and gzip handled
     * by the shared {@link RequestBodyDecoder}, so serving refuses exactly what ingest refuses (400, 413, 415).
     */
    public static ServingBody body(HttpBody body) {
        return body(DECODER.decode(body));
    }

    /**
     * A JSON body read as one stream: the top-level fields into a tree, {@code session_events} straight into
     * events. Like a whole-tree read it fails on the first JSON syntax error, lets the last of duplicate keys win
     * and ignores anything after the object.
     */
    static ServingBody body(byte[] bytes) {
        try (JsonParser p = JSON.createParser(bytes)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                return notAnObject(bytes);
            }
            ObjectNode fields = JSON.createObjectNode();
            SessionEvents events = SessionEvents.ABSENT;
            for (String name = p.nextFieldName(); name != null; name = p.nextFieldName()) {
                JsonToken t = p.nextToken();
                if (SessionEventsReader.FIELD.equals(name)) {
                    events = SessionEventsReader.read(p);
                } else {
                    // Strings are most top-level values; the mapper's tree read costs a context per call.
                    fields.set(name, t == JsonToken.VALUE_STRING ? TextNode.valueOf(p.getText()) : JSON.readTree(p));
                }
            }
            return new ServingBody(fields, events);
        } catch (JsonProcessingException e) {
            throw invalid(null, "body is not valid JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw invalid(null, "body is not readable JSON");
        }
    }

    /**
     * The refusal of a body that is not a JSON object; a JSON syntax error anywhere in it propagates first, as a
     * whole-tree read would report it.
     */
    private static ServingBody notAnObject(byte[] bytes) throws IOException {
        JSON.readTree(bytes);
        throw invalid(null, "body must be a JSON object");
    }

    /** A required non-empty string field. */
    public static String requiredText(JsonNode parent, String name, String path, int maxLength) {
        JsonNode v = parent.get(name);
        if (v == null || v.isNull()) {
            throw missing(path);
        }
        return text(v, path, maxLength);
    }

    /** An optional string field, null when absent. */
    public static String optionalText(JsonNode parent, String name, String path, int maxLength) {
        JsonNode v = parent.get(name);
        if (v == null || v.isNull()) {
            return null;
        }
        return text(v, path, maxLength);
    }

    private static String text(JsonNode v, String path, int maxLength) {
        return checkedText(v.isTextual() ? v.textValue() : v, path, maxLength);
    }

    /** A present value that must be a non-empty string of at most {@code maxLength}: any non-String is refused. */
    static String checkedText(Object value, String path, int maxLength) {
        if (!(value instanceof String s)) {
            throw invalid(path, path + " must be a string");
        }
        if (s.isEmpty()) {
            throw invalid(path, path + " must not be empty");
        }
        if (s.length() > maxLength) {
            throw invalid(path, path + " is longer than " + maxLength + " characters");
        }
        return s;
    }

    /** An optional array field (null when absent) of at most {@code maxSize} elements. */
    public static JsonNode optionalArray(JsonNode parent, String name, String path, int maxSize) {
        JsonNode v = parent.get(name);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isArray()) {
            throw invalid(path, path + " must be an array");
        }
        if (v.size() > maxSize) {
            throw invalid(path, path + " has " + v.size() + " elements; at most " + maxSize
                    + " are allowed");
        }
        return v;
    }

    /** A required array field. */
    public static JsonNode requiredArray(JsonNode parent, String name, String path, int maxSize) {
        JsonNode v = optionalArray(parent, name, path, maxSize);
        if (v == null) {
            throw missing(path);
        }
        return v;
    }

    /** An optional object field, null when absent. */
    public static JsonNode optionalObject(JsonNode parent, String name, String path) {
        JsonNode v = parent.get(name);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isObject()) {
            throw invalid(path, path + " must be an object");
        }
        return v;
    }

    /**
     * The optional {@code user_history} object: what the caller knows of the visitor when the session started
     * ({@code prior_sessions}, {@code prior_orders}); null when absent, which the model treats as unknown.
     */
    public static dev.propel.core.features.UserHistory optionalUserHistory(JsonNode body) {
        JsonNode h = optionalObject(body, "user_history", "user_history");
        if (h == null) {
            return null;
        }
        for (String name : new String[] {"prior_sessions", "prior_orders"}) {
            if (h.get(name) == null || h.get(name).isNull()) {
                throw missing("user_history." + name);
            }
        }
        int sessions = optionalInt(h, "prior_sessions", "user_history.prior_sessions", 0, 10_000_000, 0);
        int orders = optionalInt(h, "prior_orders", "user_history.prior_orders", 0, 10_000_000, 0);
        if (orders > sessions) {
            throw invalid("user_history.prior_orders", "user_history.prior_orders cannot exceed prior_sessions");
        }
        return new dev.propel.core.features.UserHistory(sessions, orders);
    }

    /** An optional integer field within bounds. */
    public static int optionalInt(JsonNode parent, String name, String path, int min, int max, int dflt) {
        JsonNode v = parent.get(name);
        if (v == null || v.isNull()) {
            return dflt;
        }
        if (!v.isIntegralNumber() || !v.canConvertToInt()) {
            throw invalid(path, path + " must be an integer");
        }
        int i = v.intValue();
        if (i < min || i > max) {
            throw invalid(path, path + " must be between " + min + " and " + max);
        }
        return i;
    }

    /** An optional boolean field. */
    public static boolean optionalBoolean(JsonNode parent, String name, String path, boolean dflt) {
        JsonNode v = parent.get(name);
        if (v == null || v.isNull()) {
            return dflt;
        }
        if (!v.isBoolean()) {
            throw invalid(path, path + " must be true or false");
        }
        return v.booleanValue();
    }

    /** An optional array of non-empty strings (null when absent). */
    public static List<String> optionalStrings(JsonNode parent, String name, String path, int maxSize,
                                               int maxLength) {
        JsonNode array = optionalArray(parent, name, path, maxSize);
        if (array == null) {
            return null;
        }
        List<String> out = new ArrayList<>(array.size());
        for (int i = 0; i < array.size(); i++) {
            out.add(text(array.get(i), path + "[" + i + "]", maxLength));
        }
        return out;
    }
}
