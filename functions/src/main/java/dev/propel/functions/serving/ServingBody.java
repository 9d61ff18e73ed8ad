package dev.propel.functions.serving;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A serving request's JSON body: every top-level field but {@code session_events} as a JSON object, and the
 * {@code session_events} read straight from the parser into events, with no JSON tree of them (decision 120).
 *
 * @param fields the top-level fields other than {@code session_events}
 * @param events the {@code session_events}
 */
public record ServingBody(JsonNode fields, SessionEvents events) {
}
