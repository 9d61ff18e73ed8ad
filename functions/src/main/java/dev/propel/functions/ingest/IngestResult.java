package dev.propel.functions.ingest;

import dev.propel.core.event.ValidationError;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The outcome of one accepted ingest request.
 *
 * @param requestId the id the raw object is named after
 * @param batch     what the request carried
 * @param stored    the raw object written, or null when no event was valid
 * @param bytesIn   body size after decoding
 */
public record IngestResult(String requestId, ParsedBatch batch, StoredObject stored, int bytesIn) {

    /** HTTP status: 202 when something was stored, 400 when every event was rejected. */
    public int status() {
        return stored != null ? 202 : 400;
    }

    /** The response body (DESIGN §5): {@code {accepted, duplicates, rejected:[{index, field, error}]}}. */
    public Map<String, Object> responseBody() {
        Map<String, Object> body = new LinkedHashMap<>();
        if (stored == null) {
            // every event was rejected: a single event's first problem is the error, a batch gets a summary
            List<ValidationError> rejected = batch.rejected();
            ValidationError first = rejected.isEmpty() ? null : rejected.get(0);
            String error = "no valid events in the request";
            if (batch.received() == 1 && first != null) {
                error = first.field() == null ? first.error() : first.field() + " " + first.error();
            }
            body.put("error", error);
            if (first != null && first.field() != null) {
                body.put("field", first.field());
            }
        }
        body.put("request_id", requestId);
        body.put("accepted", batch.accepted());
        body.put("duplicates", batch.duplicates());
        body.put("rejected", batch.rejected().stream().map(IngestResult::errorEntry).toList());
        return body;
    }

    private static Map<String, Object> errorEntry(ValidationError e) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("index", e.index());
        m.put("field", e.field());
        m.put("error", e.error());
        return m;
    }
}
