package dev.propel.functions.serving;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Reads a {@code /rank} body into a {@link RankRequest}, naming the field of the first mistake (400): {@code
 * {"user_id"?, "session_events"?, "candidates"?, "context_item"?, "k"?, "exclude"?, "filters"?: {
 * "exclude_purchased", "hidden_items"}, "user_history"?}}.
 */
public final class RankRequestReader {
    /** Most candidates one request may send. */
    public static final int MAX_CANDIDATES = 1000;
    /** Most items a request with candidates may ask for. */
    public static final int MAX_K = 500;
    /** Items returned from candidates when {@code k} is absent. */
    public static final int DEFAULT_K = 10;
    /**
     * Most items a catalogue request may ask for: recall hands the reranker 100 candidates, so a longer list
     * would be popularity filler, not recommendations.
     */
    public static final int MAX_RECOMMENDATIONS = 100;
    /** Items recommended from the catalogue when {@code k} is absent. */
    public static final int DEFAULT_RECOMMENDATIONS = 20;
    /** Most hidden or excluded items one request may send (each list). */
    public static final int MAX_HIDDEN = 10_000;

    private RankRequestReader() {
    }

    /** The request in {@code body}. */
    public static RankRequest read(ServingBody request) {
        JsonNode body = request.fields();
        String userId = JsonRequests.optionalText(body, "user_id", "user_id", SessionEventsReader.MAX_ID_LENGTH);
        var events = request.events().list();
        List<String> candidates = JsonRequests.optionalStrings(body, "candidates", "candidates", MAX_CANDIDATES,
                SessionEventsReader.MAX_ID_LENGTH);
        String contextItem = JsonRequests.optionalText(body, "context_item", "context_item",
                SessionEventsReader.MAX_ID_LENGTH);
        if (contextItem != null && candidates != null) {
            throw JsonRequests.invalid("context_item", "context_item recommends from the whole catalogue and cannot "
                    + "be combined with candidates; send the page's item as a session event instead");
        }
        int k = candidates == null
                ? JsonRequests.optionalInt(body, "k", "k", 1, MAX_RECOMMENDATIONS, DEFAULT_RECOMMENDATIONS)
                : JsonRequests.optionalInt(body, "k", "k", 1, MAX_K, DEFAULT_K);
        Set<String> hidden = new HashSet<>();
        List<String> exclude = JsonRequests.optionalStrings(body, "exclude", "exclude", MAX_HIDDEN,
                SessionEventsReader.MAX_ID_LENGTH);
        if (exclude != null) {
            hidden.addAll(exclude);
        }
        JsonNode filters = JsonRequests.optionalObject(body, "filters", "filters");
        boolean excludePurchased = true;
        if (filters != null) {
            excludePurchased = JsonRequests.optionalBoolean(filters, "exclude_purchased", "filters.exclude_purchased",
                    true);
            List<String> h = JsonRequests.optionalStrings(filters, "hidden_items", "filters.hidden_items",
                    MAX_HIDDEN, SessionEventsReader.MAX_ID_LENGTH);
            if (h != null) {
                hidden.addAll(h);
            }
        }
        return new RankRequest(userId, events, candidates, contextItem, k, excludePurchased, hidden,
                JsonRequests.optionalUserHistory(body));
    }
}
