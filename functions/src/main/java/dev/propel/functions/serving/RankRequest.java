package dev.propel.functions.serving;

import dev.propel.core.event.BehaviourEvent;
import dev.propel.core.features.UserHistory;
import java.util.List;
import java.util.Set;

/**
 * A ranking request: the session so far, optional candidates (else generated), how many items to return and the
 * business filters.
 *
 * @param userId           the caller's user id, if known (unused by the model, logged never)
 * @param sessionEvents    the session's events in time order (may be empty: an unknown visitor)
 * @param candidates       items to rank, or null to generate them from the session and popular items
 * @param k                number of items to return
 * @param excludePurchased drop items purchased in this session
 * @param hiddenItems      items never to return
 * @param userHistory      the visitor's history at session start, or null when the caller does not know it
 */
public record RankRequest(String userId, List<BehaviourEvent> sessionEvents, List<String> candidates, int k,
                          boolean excludePurchased, Set<String> hiddenItems, UserHistory userHistory) {
    /** A request without user history. */
    public RankRequest(String userId, List<BehaviourEvent> sessionEvents, List<String> candidates, int k,
                       boolean excludePurchased, Set<String> hiddenItems) {
        this(userId, sessionEvents, candidates, k, excludePurchased, hiddenItems, null);
    }

    public RankRequest {
        sessionEvents = List.copyOf(sessionEvents);
        candidates = candidates == null ? null : List.copyOf(candidates);
        hiddenItems = Set.copyOf(hiddenItems);
    }
}
