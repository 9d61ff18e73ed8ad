package dev.propel.functions.serving;

import java.util.List;

/**
 * The answer of {@code /rank}.
 *
 * @param model   {@code item} when the item model scored any item, else {@code popularity}
 * @param version the item model version, or the item stats object the popularity came from (may be null)
 * @param items   ranked items, best first
 */
public record Ranking(String model, String version, List<RankedItem> items) {
    /** Source of a score computed by the item model. */
    public static final String MODEL = "model";
    /** Source of a score from item popularity (unknown user or item). */
    public static final String POPULARITY = "popularity";

    /**
     * One ranked item.
     *
     * @param itemId the item
     * @param score  P(purchase) when {@code source} is {@value #MODEL}; a popularity score in [0, 1] otherwise
     * @param source {@value #MODEL} or {@value #POPULARITY}
     */
    public record RankedItem(String itemId, double score, String source) {
    }
}
