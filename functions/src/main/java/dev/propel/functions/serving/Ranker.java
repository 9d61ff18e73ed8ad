package dev.propel.functions.serving;

import dev.propel.core.event.BehaviourEvent;
import dev.propel.core.event.EventTypes;
import dev.propel.core.features.ItemStats;
import dev.propel.core.features.ItemStatsTable;
import dev.propel.core.features.SessionFeatures;
import dev.propel.core.model.ModelTask;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The domain of {@code /rank}. Without candidates it recommends from the whole catalogue ({@link CatalogueRanker}:
 * recall, reranker, filters). With candidates it ranks them by P(purchase) from the {@code item} model; when no
 * recall artefact is loaded it does the same over the session's items plus the most popular items (marked
 * {@value Ranking#NO_RECALL}), as it did before recall existed. Business filters drop items bought in the session and hidden items. Items the model
 * knows nothing about (neither in item stats nor in the session) and visitors without events fall back to
 * popularity, ranked after model-scored items.
 */
public final class Ranker {
    /** How many popular items are added to generated candidates (without recall). */
    public static final int GENERATED_POPULAR = 200;

    private final SessionScorer scorer;
    private final CatalogueRanker catalogue;
    private final ExperimentAssigner experiments;

    /** A ranker without recall: candidates, or the session's items plus popular items. */
    public Ranker(SessionScorer scorer) {
        this(scorer, null);
    }

    /** A ranker recommending from the catalogue when the request has no candidates ({@code catalogue} may be null). */
    public Ranker(SessionScorer scorer, CatalogueRanker catalogue) {
        this(scorer, catalogue, ExperimentAssigner.none(scorer.models()));
    }

    /** A ranker whose item model is the visitor's variant when an experiment runs on the {@code item} model. */
    public Ranker(SessionScorer scorer, CatalogueRanker catalogue, ExperimentAssigner experiments) {
        this.scorer = scorer;
        this.catalogue = catalogue;
        this.experiments = experiments;
    }

    /** Ranks the request's candidates, or recommends from the catalogue when it has none. */
    public Ranking rank(RankRequest request) {
        String unit = Experiments.unitOf(request.userId(), null, null, request.sessionEvents());
        if (request.candidates() == null && catalogue != null) {
            Optional<Ranking> recommended = catalogue.rank(request);
            if (recommended.isPresent()) {
                return recommended.get().in(experiments.assignment(ModelTask.ITEM.id(), unit));
            }
        }
        return rankWithItemModel(request, unit);
    }

    /** Real catalogue items for the warm-up (none without recall). */
    List<String> warmupItems(int n) {
        return catalogue == null ? List.of() : catalogue.popularItems(n);
    }

    private Ranking rankWithItemModel(RankRequest request, String unit) {
        ItemStatsTable stats = scorer.stats().current();
        List<BehaviourEvent> events = request.sessionEvents();
        Set<String> sessionItems = new LinkedHashSet<>();
        Set<String> purchased = new HashSet<>();
        boolean hasBehaviour = false;
        for (int i = events.size() - 1; i >= 0; i--) {
            BehaviourEvent e = events.get(i);
            if (!SessionFeatures.isBehaviour(e)) {
                continue;
            }
            hasBehaviour = true;
            if (e.itemId() != null) {
                sessionItems.add(e.itemId());
                if (EventTypes.PURCHASE.equals(e.type())) {
                    purchased.add(e.itemId());
                }
            }
        }

        Set<String> candidates = new LinkedHashSet<>();
        if (request.candidates() != null) {
            candidates.addAll(request.candidates());
        } else {
            candidates.addAll(sessionItems);
            for (ItemStats s : stats.mostPopular(GENERATED_POPULAR)) {
                candidates.add(s.itemId());
            }
        }
        candidates.removeAll(request.hiddenItems());
        if (request.contextItem() != null) {
            candidates.remove(request.contextItem());
        }
        if (request.excludePurchased()) {
            candidates.removeAll(purchased);
        }

        List<String> byModel = new ArrayList<>();
        List<String> byPopularity = new ArrayList<>();
        for (String item : candidates) {
            if (hasBehaviour && (sessionItems.contains(item) || stats.get(item) != null)) {
                byModel.add(item);
            } else {
                byPopularity.add(item);
            }
        }

        List<Ranking.RankedItem> ranked = new ArrayList<>(candidates.size());
        String model = Ranking.POPULARITY;
        String version = scorer.stats().partition();
        Assignment assignment;
        if (!byModel.isEmpty()) {
            ExperimentAssigner.ModelChoice choice = experiments.model(ModelTask.ITEM.id(), unit);
            assignment = choice.assignment();
            Prediction p = scorer.scoreItems(choice.model(), events, byModel, request.userHistory());
            model = ModelTask.ITEM.id();
            version = p.version();
            List<Ranking.RankedItem> scored = new ArrayList<>(byModel.size());
            for (int i = 0; i < byModel.size(); i++) {
                scored.add(new Ranking.RankedItem(byModel.get(i), p.predictions()[i], Ranking.MODEL));
            }
            scored.sort(Comparator.comparingDouble(Ranking.RankedItem::score).reversed()
                    .thenComparing(Ranking.RankedItem::itemId));
            ranked.addAll(scored.subList(0, Math.min(request.k(), scored.size())));
        } else {
            assignment = experiments.assignment(ModelTask.ITEM.id(), unit);
        }
        if (ranked.size() < request.k() && !byPopularity.isEmpty()) {
            ranked.addAll(popularity(byPopularity, stats, request.k() - ranked.size()));
        }
        return new Ranking(model, version, request.candidates() != null ? Ranking.CANDIDATES : Ranking.NO_RECALL,
                null, null, ranked, assignment);
    }

    /**
     * Items in popularity order with a score in (0, 1]: 1 for the most popular candidate, falling linearly with
     * the popularity rank among the candidates; 0 for items without stats (kept in request order).
     */
    private static List<Ranking.RankedItem> popularity(List<String> items, ItemStatsTable stats, int limit) {
        List<ItemStats> known = new ArrayList<>();
        List<String> unknown = new ArrayList<>();
        for (String item : items) {
            ItemStats s = stats.get(item);
            if (s != null) {
                known.add(s);
            } else {
                unknown.add(item);
            }
        }
        known.sort(ItemStatsTable.POPULARITY);
        List<Ranking.RankedItem> out = new ArrayList<>(Math.min(limit, items.size()));
        for (int i = 0; i < known.size() && out.size() < limit; i++) {
            double score = (double) (known.size() - i) / known.size();
            out.add(new Ranking.RankedItem(known.get(i).itemId(), score, Ranking.POPULARITY));
        }
        for (int i = 0; i < unknown.size() && out.size() < limit; i++) {
            out.add(new Ranking.RankedItem(unknown.get(i), 0, Ranking.POPULARITY));
        }
        return out;
    }
}
