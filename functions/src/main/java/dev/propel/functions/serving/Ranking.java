package dev.propel.functions.serving;

import java.util.List;

/**
 * The answer of {@code /rank}.
 *
 * @param model           the model that ordered the list: {@code rerank} or {@code recall} from the catalogue;
 *                        {@code item} or {@code popularity} for the caller's candidates (or without recall)
 * @param version         that model's version (the recall artefact's for {@code recall}; for {@code popularity}
 *                        the item stats object the popularity came from; may be null)
 * @param source          what produced the list: {@value #RERANKER}, {@value #RECALL}, {@value #TRENDING} (the
 *                        session gave recall nothing: empty, or only unknown items), {@value #CANDIDATES} (the
 *                        caller's candidates) or {@value #NO_RECALL} (no recall artefact loaded: the session's
 *                        items and popular items, as before recall existed)
 * @param recallVersion   the recall artefact used, or null
 * @param rerankerVersion the reranker used, or null
 * @param items           ranked items, best first
 * @param experiment      the visitor's variant of the experiment on the {@code item} model, or null
 */
public record Ranking(String model, String version, String source, String recallVersion, String rerankerVersion,
                      List<RankedItem> items, Assignment experiment) {
    /** A ranking outside any experiment. */
    public Ranking(String model, String version, String source, String recallVersion, String rerankerVersion,
                   List<RankedItem> items) {
        this(model, version, source, recallVersion, rerankerVersion, items, null);
    }

    /** This ranking as served to a visitor of an experiment's variant. */
    public Ranking in(Assignment assignment) {
        return new Ranking(model, version, source, recallVersion, rerankerVersion, items, assignment);
    }

    /** Item source: a score computed by the item model. */
    public static final String MODEL = "model";
    /** Item source and model: item popularity (unknown user or item). */
    public static final String POPULARITY = "popularity";
    /** List source: recall's candidates ordered by the reranker. */
    public static final String RERANKER = "reranker";
    /** List source: recall's own order (no reranker published, or it could not be used). */
    public static final String RECALL = "recall";
    /** List source: recall's fallback when the session names no item it knows. */
    public static final String TRENDING = "trending";
    /** List source: the caller's candidates, ranked by the item model. */
    public static final String CANDIDATES = "candidates";
    /** List source: no recall artefact is loaded; the pre-recall generated candidates were ranked instead. */
    public static final String NO_RECALL = "no_recall";

    public Ranking {
        items = List.copyOf(items);
    }

    /**
     * One ranked item.
     *
     * @param itemId the item
     * @param score  P(purchase) for {@value #MODEL}; the reranker's probability for {@value #RERANKER}; recall's
     *               score for {@value #RECALL} and {@value #TRENDING}; a popularity score in [0, 1] for
     *               {@value #POPULARITY}; 0 for {@code popular} (items filling a short catalogue list)
     * @param source what put the item on the list
     */
    public record RankedItem(String itemId, double score, String source) {
    }
}
