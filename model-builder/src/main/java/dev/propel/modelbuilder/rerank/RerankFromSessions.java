package dev.propel.modelbuilder.rerank;

import dev.propel.core.model.ModelManifest;
import dev.propel.core.recall.RecallSettings;
import dev.propel.core.sessions.SessionSequencesReader;
import dev.propel.core.sessions.SessionsDataset;
import dev.propel.modelbuilder.publish.ModelPublisher;
import dev.propel.modelbuilder.train.MlpTrainer;
import dev.propel.modelbuilder.train.TrainingConfig;
import java.time.LocalDate;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Trains the {@code rerank} model from a bucket's {@code datasets/sessions/} partitions and publishes it like the
 * other models ({@code models/rerank/<version>/}, then {@code models/rerank/latest.json}).
 * <pre>{@code
 * var out = RerankFromSessions.trainAndPublish(s3, bucket, from, to, RerankFromSessions.DEFAULT_MAX_SESSIONS,
 *         RerankTrainer.defaultConfig(), MlpTrainer.Progress.silent());
 * }</pre>
 * The recall artefact serving pairs it with is the one the datasets stage publishes from the same partitions,
 * with the same {@link RecallSettings#defaults() settings}; this class does not publish recall.
 */
public final class RerankFromSessions {
    /** Most recent sessions read by default: as many as the datasets stage builds recall from. */
    public static final int DEFAULT_MAX_SESSIONS = 1_000_000;

    private RerankFromSessions() {
    }

    /**
     * What was trained and published.
     *
     * @param manifest the manifest written ({@code models/rerank/latest.json})
     * @param trained  the reranker with the recall and rows it was trained with
     * @param data     the sessions read
     */
    public record Outcome(ModelManifest manifest, RerankTrainer.Result trained, SessionSequencesReader.Summary data) {
    }

    /**
     * Trains on the sessions of {@code from}..{@code to} inclusive (null = open), at most the most recent
     * {@code maxSessions}.
     *
     * @throws IllegalArgumentException when there are too few sessions to train on
     */
    public static RerankTrainer.Result train(S3Client s3, String bucket, LocalDate from, LocalDate to,
            int maxSessions, TrainingConfig config, MlpTrainer.Progress progress) {
        return train(new SessionSequencesReader(s3, bucket).read(from, to, maxSessions), bucket, from, to,
                RerankTrainer.MAX_LABEL_SESSIONS, config, progress);
    }

    /** Trains as {@link #train} does, then publishes the reranker. */
    public static Outcome trainAndPublish(S3Client s3, String bucket, LocalDate from, LocalDate to, int maxSessions,
            TrainingConfig config, MlpTrainer.Progress progress) {
        return trainAndPublish(s3, bucket, from, to, maxSessions, RerankTrainer.MAX_LABEL_SESSIONS, config, progress);
    }

    /** The same with at most {@code maxLabelSessions} of the newest sessions giving training rows. */
    public static Outcome trainAndPublish(S3Client s3, String bucket, LocalDate from, LocalDate to, int maxSessions,
            int maxLabelSessions, TrainingConfig config, MlpTrainer.Progress progress) {
        SessionSequencesReader.Read read = new SessionSequencesReader(s3, bucket).read(from, to, maxSessions);
        RerankTrainer.Result trained = train(read, bucket, from, to, maxLabelSessions, config, progress);
        ModelManifest manifest = new ModelPublisher(s3, bucket).publish(trained.reranker());
        return new Outcome(manifest, trained, read.summary());
    }

    private static RerankTrainer.Result train(SessionSequencesReader.Read read, String bucket, LocalDate from,
            LocalDate to, int maxLabelSessions, TrainingConfig config, MlpTrainer.Progress progress) {
        if (read.sessions().isEmpty()) {
            throw new IllegalArgumentException("no sessions under s3://" + bucket + "/" + SessionsDataset.prefix() + " between "
                    + (from == null ? "the first day" : from) + " and " + (to == null ? "the last day" : to));
        }
        SessionSequencesReader.Summary s = read.summary();
        return RerankTrainer.train(read.sessions(), RecallSettings.defaults(), config, maxLabelSessions, s.range(),
                s.sha256(), progress);
    }
}
