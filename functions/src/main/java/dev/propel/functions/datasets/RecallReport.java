package dev.propel.functions.datasets;

import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What the recall step of a datasets build did: part of the handler's answer and its log.
 *
 * @param status   {@code published}; {@code unchanged} (the artefact serving follows already has these bytes);
 *                 {@code empty} (no session in the window: nothing to publish); {@code newer_published} (the
 *                 published artefact covers a later day than this build: rebuilding an old day must not turn
 *                 serving back in time)
 * @param version  the artefact serving follows after this step, or null when there is none
 * @param from     first day read, or null
 * @param to       last day of the window
 * @param sessions sessions recall was built from
 * @param dropped  older sessions of the window left out by the session limit
 * @param items    items recall knows
 * @param bytes    size of the artefact
 * @param millis   time the step took
 */
public record RecallReport(String status, String version, LocalDate from, LocalDate to, int sessions, int dropped,
        int items, long bytes, long millis) {

    /** The report as a JSON-friendly map. */
    public Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("status", status);
        m.put("version", version);
        m.put("from", from == null ? null : from.toString());
        m.put("to", to == null ? null : to.toString());
        m.put("sessions", sessions);
        m.put("dropped_sessions", dropped);
        m.put("items", items);
        m.put("bytes", bytes);
        m.put("ms", millis);
        return m;
    }
}
