package dev.propel.functions.serving;

import dev.propel.core.event.BehaviourEvent;
import dev.propel.core.event.EventTypes;
import dev.propel.core.features.SessionFeatures;
import dev.propel.core.model.ModelTask;
import dev.propel.core.recall.ItemAction;
import dev.propel.core.recall.RecallIndex;
import dev.propel.functions.recommend.LiveRecommender;
import dev.propel.functions.recommend.RecommendedItem;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * {@code /rank} without candidates: the session (and the item page's item, as its most recent view) goes through
 * recall, then the reranker, then the business filters (purchased, hidden and excluded items; the page's own
 * item), over the whole catalogue. Empty when no recall artefact is loaded, so the caller can fall back.
 */
public final class CatalogueRanker {
    private final LiveRecommender recommender;

    public CatalogueRanker(LiveRecommender recommender) {
        this.recommender = recommender;
    }

    /** The recommendations for a request without candidates; empty when there is no recall artefact. */
    public Optional<Ranking> rank(RankRequest request) {
        List<BehaviourEvent> events = request.sessionEvents();
        List<String> items = new ArrayList<>(events.size() + 1);
        List<ItemAction> actions = new ArrayList<>(events.size() + 1);
        Set<String> exclude = new HashSet<>(request.hiddenItems());
        for (BehaviourEvent e : events) {
            if (e.itemId() == null || !SessionFeatures.isBehaviour(e)) {
                continue;
            }
            items.add(e.itemId());
            actions.add(ItemAction.ofEventType(e.type()));
            if (request.excludePurchased() && EventTypes.PURCHASE.equals(e.type())) {
                exclude.add(e.itemId());
            }
        }
        if (request.contextItem() != null) {
            items.add(request.contextItem());
            actions.add(ItemAction.VIEW);
            // "More like this" never offers the page's own item.
            exclude.add(request.contextItem());
        }
        return recommender.recommend(items, actions, request.k(), exclude).map(CatalogueRanker::ranking);
    }

    private static Ranking ranking(LiveRecommender.Result r) {
        List<Ranking.RankedItem> ranked = new ArrayList<>(r.recommendations().items().size());
        for (RecommendedItem i : r.recommendations().items()) {
            ranked.add(new Ranking.RankedItem(i.item(), i.score(), i.source()));
        }
        // The reranker may be loaded yet not used: a trending fallback is recall's list.
        boolean reranked = Ranking.RERANKER.equals(r.recommendations().source());
        return new Ranking(reranked ? ModelTask.RERANK.id() : Ranking.RECALL,
                reranked ? r.rerankerVersion() : r.recallVersion(), r.recommendations().source(), r.recallVersion(),
                r.rerankerVersion(), ranked);
    }

    /** The {@code n} most popular items recall knows (none without an artefact): real items for the warm-up. */
    public List<String> popularItems(int n) {
        List<String> out = new ArrayList<>(n);
        recommender.current().ifPresent(r -> {
            RecallIndex index = r.index();
            int[] top = index.topPopular();
            for (int i = 0; i < top.length && out.size() < n; i++) {
                out.add(index.itemId(top[i]));
            }
        });
        return out;
    }
}
