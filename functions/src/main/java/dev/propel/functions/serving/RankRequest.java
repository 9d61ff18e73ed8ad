package dev.propel.functions.serving;

import dev.propel.core.event.BehaviourEvent;
import dev.propel.core.features.UserHistory;
import java.util.List;
import java.util.Set;

/**
 * A ranking request: the session so far, optional candidates (else recommended from the whole catalogue), the item
 * page's item, how many items to return and the business filters.
 *
 * @param userId           the caller's user id, if known (unused by the models, logged never)
 * @param sessionEvents    the session's events in time order (may be empty: an unknown visitor)
 * @param candidates       items to rank, or null to recommend from the catalogue
 * @param contextItem      the item of the page being shown ("more like this"), or null; only without candidates
 * @param k                number of items to return
 * @param excludePurchased drop items purchased in this session
 * @param hiddenItems      items never to return ({@code filters.hidden_items} and {@code exclude} together)
 * @param userHistory      the visitor's history at session start, or null when the caller does not know it
 */
public record RankRequest(String userId, List<BehaviourEvent> sessionEvents, List<String> candidates,
                          String contextItem, int k, boolean excludePurchased, Set<String> hiddenItems,
                          UserHistory userHistory) {
    /** A request without context item. */
    public RankRequest(String userId, List<BehaviourEvent> sessionEvents, List<String> candidates, int k,
                       boolean excludePurchased, Set<String> hiddenItems, UserHistory userHistory) {
        this(userId, sessionEvents, candidates, null, k, excludePurchased, hiddenItems, userHistory);
    }

    /** A request without context item and user history. */
    public RankRequest(String userId, List<BehaviourEvent> sessionEvents, List<String> candidates, int k,
                       boolean excludePurchased, Set<String> hiddenItems) {
        this(userId, sessionEvents, candidates, null, k, excludePurchased, hiddenItems, null);
    }

    public RankRequest {
        sessionEvents = List.copyOf(sessionEvents);
        candidates = candidates == null ? null : List.copyOf(candidates);
        hiddenItems = Set.copyOf(hiddenItems);
        if (candidates != null && contextItem != null) {
            throw new IllegalArgumentException("context_item applies to recommendations from the catalogue only");
        }
    }
}
