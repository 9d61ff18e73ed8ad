package dev.propel.modelbuilder.rerank;

import dev.propel.core.model.ModelTask;
import dev.propel.core.recall.RecallBuilder;
import dev.propel.core.recall.RecallIndex;
import dev.propel.core.recall.RecallSettings;
import dev.propel.core.recall.RerankFeatures;
import dev.propel.core.recall.SessionSequence;
import dev.propel.modelbuilder.ModelBuilder;
import dev.propel.modelbuilder.Provenance;
import dev.propel.modelbuilder.TrainingResult;
import dev.propel.modelbuilder.train.MlpTrainer;
import dev.propel.modelbuilder.train.TrainingConfig;
import java.util.List;
import java.util.Map;

/**
 * Trains the reranker without leaking its labels into its features: recall is built on the older sessions
 * (history) and the training rows come from the newer ones (as serving will see sessions recall has not), then
 * the recall artefact that ships is rebuilt on every session.
 */
public final class RerankTrainer {
    /** Share of the (newest) sessions whose prefixes become training rows. */
    public static final double LABEL_SHARE = 0.2;
    /** At most this many labelling sessions (enough rows; the training stays within minutes). */
    public static final int MAX_LABEL_SESSIONS = 10_000;

    private RerankTrainer() {
    }

    /**
     * What was trained.
     *
     * @param recall           recall built on every session: the artefact to serve with the reranker
     * @param reranker         the reranker (ONNX, report), trained on rows from the newest sessions
     * @param historySessions  sessions the training rows' recall was built on
     * @param labelSessions    sessions the training rows came from
     * @param rows             the training rows
     */
    public record Result(RecallIndex recall, TrainingResult reranker, int historySessions, int labelSessions,
            RerankRows.Built rows) {
    }

    /** The reranker's network defaults: wide batches (rows are many and similar), few epochs. */
    public static TrainingConfig defaultConfig() {
        return TrainingConfig.defaults().withBatchSize(512).withMaxEpochs(20).withPatience(3)
                .withClassWeighting(false);
    }

    /** Trains on sessions in time order (oldest first). */
    public static Result train(List<SessionSequence> sessions, RecallSettings settings, TrainingConfig config,
            String dataRange, String dataHash, MlpTrainer.Progress progress) {
        return train(sessions, settings, config, MAX_LABEL_SESSIONS, dataRange, dataHash, progress);
    }

    /**
     * Trains as above with at most {@code maxLabelSessions} labelling sessions: the training rows (about 30 per
     * prefix) and so the training time grow with them, while recall still learns from every older session.
     */
    public static Result train(List<SessionSequence> sessions, RecallSettings settings, TrainingConfig config,
            int maxLabelSessions, String dataRange, String dataHash, MlpTrainer.Progress progress) {
        if (sessions.size() < 10) {
            throw new IllegalArgumentException("the reranker needs at least 10 sessions, got " + sessions.size());
        }
        if (maxLabelSessions < 1) {
            throw new IllegalArgumentException("maxLabelSessions must be positive");
        }
        int labelCount = (int) Math.min(maxLabelSessions, Math.max(1, Math.round(sessions.size() * LABEL_SHARE)));
        int split = sessions.size() - labelCount;
        RecallIndex history = build(sessions.subList(0, split), settings);
        RerankRows.Built rows = RerankRows.build(history, sessions.subList(split, sessions.size()));
        if (rows.table().positives() == 0 || rows.table().positives() == rows.table().rows()) {
            throw new IllegalArgumentException("recall found none of the next items of the newest " + labelCount
                    + " sessions: too little data to train a reranker");
        }
        Provenance provenance = new Provenance(ModelTask.RERANK.id(), "pending", "next_item", dataRange, dataHash,
                0, "unknown");
        TrainingResult reranker = ModelBuilder.train(rows.table(), config, provenance, progress,
                List.of(Map.of("features", RerankFeatures.NAMES)));
        RecallIndex all = build(sessions, settings);
        return new Result(all, reranker, split, labelCount, rows);
    }

    /** Recall over sessions in time order. */
    public static RecallIndex build(List<SessionSequence> sessions, RecallSettings settings) {
        RecallBuilder b = new RecallBuilder(settings);
        for (SessionSequence s : sessions) {
            b.addSession(s.items(), s.actions());
        }
        return b.build();
    }
}
