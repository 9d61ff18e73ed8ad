package dev.propel.functions.recommend;

import java.util.List;

/**
 * A recommendation list, best first.
 *
 * @param items  the items
 * @param source {@code reranker} or {@code recall} when the session's items drove the list, {@code trending}
 *               when recall knew none of them (an empty session, unknown items) and the list is the fallback
 */
public record Recommendations(List<RecommendedItem> items, String source) {
    public Recommendations {
        items = List.copyOf(items);
    }
}
