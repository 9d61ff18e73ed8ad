package dev.propel.core.recall;

import java.util.Arrays;

/**
 * The candidates recall proposes for one session, best recall score first, with the reranker's feature rows
 * ({@link RerankFeatures#NAMES}, row-major) and where they came from.
 *
 * @param items     item indices in the {@link RecallIndex}
 * @param recall    the recall score each candidate was ordered by
 * @param features  {@code items.length} rows of {@link RerankFeatures#COUNT} values
 * @param fallback  true when the session gave recall nothing to work with and the candidates are trending items
 */
public record Candidates(int[] items, float[] recall, float[] features, boolean fallback) {
    public int size() {
        return items.length;
    }

    /** The feature row of candidate {@code i}. */
    public float[] row(int i) {
        return Arrays.copyOfRange(features, i * RerankFeatures.COUNT, (i + 1) * RerankFeatures.COUNT);
    }
}
