package dev.propel.functions.recommend;

/**
 * One recommended item.
 *
 * @param item   the item id
 * @param score  the reranker's probability, or recall's score when no reranker is loaded, or popularity rank
 *               order for the fallback
 * @param source {@code reranker}, {@code recall} or {@code popular} (what put the item on the list)
 */
public record RecommendedItem(String item, double score, String source) {
}
