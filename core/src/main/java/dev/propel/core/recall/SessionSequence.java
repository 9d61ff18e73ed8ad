package dev.propel.core.recall;

import java.util.List;

/**
 * One session as recall and the reranker see it: the items in the order they were met and what the shopper did
 * with each (the contract between the datasets stage, the model-builder and the evaluation).
 */
public record SessionSequence(List<String> items, List<ItemAction> actions) {
    public SessionSequence {
        items = List.copyOf(items);
        actions = List.copyOf(actions);
        if (items.size() != actions.size()) {
            throw new IllegalArgumentException("items and actions differ in length");
        }
    }

    /** A session of views only (logs that record nothing else, like DIGINETICA's). */
    public static SessionSequence views(List<String> items) {
        return new SessionSequence(items, java.util.Collections.nCopies(items.size(), ItemAction.VIEW));
    }

    public int length() {
        return items.size();
    }
}
