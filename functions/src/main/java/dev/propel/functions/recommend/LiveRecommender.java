package dev.propel.functions.recommend;

import dev.propel.core.log.JsonLog;
import dev.propel.core.recall.ItemAction;
import dev.propel.core.recall.RecallIndex;
import dev.propel.functions.model.ServingModel;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

/**
 * The container's {@link Recommender} over whatever recall artefact and reranker are live: built once and reused
 * (its scratch arrays are sized to the catalogue), rebuilt only when the registry swaps in a new artefact or the
 * model registry a new reranker. A reranker that does not fit this code, or fails on a request, is logged and
 * recall's own order is served instead, so a bad model costs ranking quality, not a 500.
 */
public final class LiveRecommender {
    private final RecallRegistry recall;
    private final Supplier<Optional<ServingModel>> reranker;
    private final JsonLog log;
    private Recommender current;
    private String currentRecallVersion;
    private Recommender recallOnly;
    private ServingModel refused;

    /**
     * @param recall   the recall artefact
     * @param reranker the reranker in force, if any (the model registry's {@code rerank} task)
     */
    public LiveRecommender(RecallRegistry recall, Supplier<Optional<ServingModel>> reranker, JsonLog log) {
        this.recall = recall;
        this.reranker = reranker;
        this.log = log;
    }

    /**
     * A recommendation list and what produced it.
     *
     * @param recallVersion   the recall artefact's version
     * @param rerankerVersion the reranker in force (null when there is none or it failed on this request); the
     *                        list's own source says whether it ordered the list
     */
    public record Result(Recommendations recommendations, String recallVersion, String rerankerVersion) {
    }

    public RecallRegistry recall() {
        return recall;
    }

    /** The recommender for the live artefact and reranker; empty when no recall artefact is loaded. */
    public synchronized Optional<Recommender> current() {
        Optional<RecallStore.Loaded> loaded = recall.current();
        if (loaded.isEmpty()) {
            return Optional.empty();
        }
        RecallIndex index = loaded.get().index();
        ServingModel model = reranker.get().orElse(null);
        if (model != null && model == refused) {
            model = null;
        }
        if (current == null || current.index() != index || current.reranker() != model) {
            currentRecallVersion = loaded.get().manifest().version();
            current = build(index, model, currentRecallVersion);
        }
        return Optional.of(current);
    }

    /**
     * The top {@code k} items for a session (see {@link Recommender#recommend}); empty when no recall artefact
     * is loaded.
     */
    public synchronized Optional<Result> recommend(List<String> items, List<ItemAction> actions, int k,
            Set<String> exclude) {
        Optional<Recommender> live = current();
        if (live.isEmpty()) {
            return Optional.empty();
        }
        Recommender r = live.get();
        String recallVersion = currentRecallVersion;
        if (r.reranker() != null) {
            try {
                return Optional.of(new Result(r.recommend(items, actions, k, exclude), recallVersion,
                        r.reranker().version()));
            } catch (RuntimeException e) {
                // ORT failing on one request (or a model closed under a concurrent swap) must not fail the answer.
                log.error("reranker failed, serving recall's order").with("model_version", r.reranker().version())
                        .with("reason", e.toString()).log();
                r = recallOnly(r.index());
            }
        }
        return Optional.of(new Result(r.recommend(items, actions, k, exclude), recallVersion, null));
    }

    private Recommender build(RecallIndex index, ServingModel model, String recallVersion) {
        if (model != null) {
            try {
                return new Recommender(index, model);
            } catch (RuntimeException e) {
                refused = model;
                log.error("reranker refused, serving recall's order").with("model_version", model.version())
                        .with("recall_version", recallVersion).with("reason", e.getMessage()).log();
            }
        }
        return recallOnly(index);
    }

    private Recommender recallOnly(RecallIndex index) {
        if (recallOnly == null || recallOnly.index() != index) {
            recallOnly = new Recommender(index, null);
        }
        return recallOnly;
    }
}
