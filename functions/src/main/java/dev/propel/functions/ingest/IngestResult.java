package dev.propel.functions.ingest;

import dev.propel.functions.storage.StoredObject;
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
    /**
     * Most entries of {@code rejected} in a response: a 1 MB body of repeated unknown fields holds ~100 000
     * problems, whose list would pass Lambda's 6 MB response limit (API Gateway would answer 502). The count of
     * all of them is {@code rejected_count}.
     */
    public static final int MAX_REJECTED_LISTED = 100;

    /** HTTP status: 202 when something was stored, 400 when every event was rejected. */
    public int status() {
        return stored != null ? 202 : 400;
    }

    /**
     * The response body (DESIGN §5): {@code {accepted, duplicates, rejected:[{index, field, error}], rejected_count}},
     * with at most {@link #MAX_REJECTED_LISTED} entries listed (the first ones, in request order).
     */
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
        List<ValidationError> rejected = batch.rejected();
        body.put("rejected", rejected.stream().limit(MAX_REJECTED_LISTED).map(IngestResult::errorEntry).toList());
        body.put("rejected_count", rejected.size());
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
