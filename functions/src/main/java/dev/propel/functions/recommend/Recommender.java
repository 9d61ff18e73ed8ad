package dev.propel.functions.recommend;

import dev.propel.core.recall.CandidateGenerator;
import dev.propel.core.recall.Candidates;
import dev.propel.core.recall.ItemAction;
import dev.propel.core.recall.RecallIndex;
import dev.propel.core.recall.RerankFeatures;
import dev.propel.functions.model.ModelIncompatibleException;
import dev.propel.functions.model.ServingModel;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Recommendations over the whole catalogue: recall proposes candidates for the session, the reranker (an ONNX
 * model) orders them, the business filters drop excluded items, and popular items fill a list that would
 * otherwise be short. Used by {@code POST /rank} and by the offline evaluation alike. One instance per thread
 * (recall's scratch arrays); the handler's container has one.
 */
public final class Recommender {
    private final RecallIndex index;
    private final CandidateGenerator generator;
    private final ServingModel reranker;

    /** A recommender; {@code reranker} may be null (recall's own order is used). */
    public Recommender(RecallIndex index, ServingModel reranker) {
        this.index = index;
        this.generator = new CandidateGenerator(index);
        this.reranker = reranker;
        if (reranker != null && (!reranker.inputs().numeric().equals(RerankFeatures.NAMES)
                || !reranker.inputs().categorical().isEmpty())) {
            throw new ModelIncompatibleException("reranker " + reranker.version() + " takes "
                    + reranker.inputs().allNames() + ", this code computes " + RerankFeatures.NAMES);
        }
    }

    public RecallIndex index() {
        return index;
    }

    /** The reranker in use, or null. */
    public ServingModel reranker() {
        return reranker;
    }

    /**
     * The top {@code k} items for a session.
     *
     * @param items   the session's items, oldest first (unknown items are ignored by recall)
     * @param actions what was done with each item
     * @param exclude items never to recommend (bought, hidden, out of stock)
     */
    public synchronized Recommendations recommend(List<String> items, List<ItemAction> actions, int k,
            Set<String> exclude) {
        int[] ids = new int[items.size()];
        byte[] acts = new byte[items.size()];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = index.indexOf(items.get(i));
            acts[i] = (byte) actions.get(i).ordinal();
        }
        Candidates c = generator.generate(ids, acts);
        int[] order;
        float[] score;
        String source;
        int reranked = 0;
        if (c.fallback()) {
            order = identity(c.size());
            score = c.recall();
            source = "trending";
        } else if (reranker != null && c.size() > 0) {
            // the reranker orders recall's best DEPTH candidates (what it was trained on); the rest follow them
            int depth = Math.min(RerankFeatures.DEPTH, c.size());
            float[] head = reranker.predict(c.features(), null, depth);
            int[] headOrder = byScore(head);
            order = identity(c.size());
            score = new float[c.size()];
            for (int i = 0; i < depth; i++) {
                order[i] = headOrder[i];
                score[i] = head[i];
            }
            reranked = depth;
            source = "reranker";
        } else {
            order = identity(c.size());
            score = c.recall();
            source = "recall";
        }
        List<RecommendedItem> out = new ArrayList<>(k);
        Set<String> taken = new HashSet<>();
        for (int i = 0; i < order.length && out.size() < k; i++) {
            String id = index.itemId(c.items()[order[i]]);
            if (!exclude.contains(id) && taken.add(id)) {
                out.add(new RecommendedItem(id, score[order[i]], i < reranked || reranked == 0 ? source : "recall"));
            }
        }
        int[] popular = index.topPopular();
        for (int i = 0; i < popular.length && out.size() < k; i++) {
            String id = index.itemId(popular[i]);
            if (!exclude.contains(id) && taken.add(id)) {
                out.add(new RecommendedItem(id, 0, "popular"));
            }
        }
        return new Recommendations(out, source);
    }

    /** Recall's own order for the session (no reranker): the baseline the reranker is measured against. */
    public synchronized int[] recallOrder(int[] ids, byte[] actions) {
        return generator.generate(ids, actions).items();
    }

    private static int[] identity(int n) {
        int[] o = new int[n];
        for (int i = 0; i < n; i++) {
            o[i] = i;
        }
        return o;
    }

    /** Positions by descending score; ties keep recall's order (a stable sort of positions). */
    private static int[] byScore(float[] s) {
        int n = s.length;
        Integer[] boxed = new Integer[n];
        for (int i = 0; i < n; i++) {
            boxed[i] = i;
        }
        java.util.Arrays.sort(boxed, (a, b) -> Float.compare(s[b], s[a]));
        int[] o = new int[n];
        for (int i = 0; i < n; i++) {
            o[i] = boxed[i];
        }
        return o;
    }
}
