package dev.propel.modelbuilder.dataset;

import dev.propel.core.model.ModelManifest;
import dev.propel.modelbuilder.ModelBuilder;
import dev.propel.modelbuilder.Provenance;
import dev.propel.modelbuilder.TrainingResult;
import dev.propel.modelbuilder.anchor.AnchorModel;
import dev.propel.modelbuilder.data.Table;
import dev.propel.modelbuilder.publish.ModelPublisher;
import dev.propel.modelbuilder.train.MlpTrainer;
import dev.propel.modelbuilder.train.TrainingConfig;
import java.io.IOException;
import java.time.LocalDate;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The one "train from the bucket" sequence, shared by {@code ./propel train --task}, the demo and the benchmarks:
 * load a task's dataset partitions, record their provenance, train, and publish when asked.
 */
public final class BucketTraining {
    private final S3Client s3;
    private final String bucket;

    public BucketTraining(S3Client s3, String bucket) {
        this.s3 = Objects.requireNonNull(s3, "s3");
        this.bucket = Objects.requireNonNull(bucket, "bucket");
    }

    /**
     * What to train.
     *
     * @param task      dataset task, read from {@code datasets/<task>/dt=.../}
     * @param from      first partition day (inclusive), or null for the oldest
     * @param to        last partition day (inclusive), or null for the newest
     * @param config    training settings
     * @param anchors   models trained beside it only to compare with (never exported)
     * @param rows      the rows to train on out of everything loaded (the demo samples whole sessions of the item
     *                  task); {@link UnaryOperator#identity()} keeps them all
     * @param gitCommit commit of the training code recorded in the provenance, or {@code unknown}
     * @param publish   upload to {@code models/<task>/<version>/} and then {@code models/<task>/latest.json}
     */
    public record Request(String task, LocalDate from, LocalDate to, TrainingConfig config, List<AnchorModel> anchors,
                          UnaryOperator<Table> rows, String gitCommit, boolean publish) {
        public Request {
            Objects.requireNonNull(task, "task");
            Objects.requireNonNull(config, "config");
            anchors = List.copyOf(anchors);
            rows = rows == null ? UnaryOperator.identity() : rows;
            gitCommit = gitCommit == null || gitCommit.isBlank() ? "unknown" : gitCommit;
        }

        /** Every partition of {@code from..to}, no anchor, no sampling, commit unknown, not published. */
        public static Request of(String task, LocalDate from, LocalDate to, TrainingConfig config) {
            return new Request(task, from, to, config, List.of(), UnaryOperator.identity(), "unknown", false);
        }

        /** The same request with anchors to compare with. */
        public Request withAnchors(List<AnchorModel> a) {
            return new Request(task, from, to, config, a, rows, gitCommit, publish);
        }

        /** The same request training on {@code selection} of the loaded rows. */
        public Request withRows(UnaryOperator<Table> selection) {
            return new Request(task, from, to, config, anchors, selection, gitCommit, publish);
        }

        /** The same request recording {@code commit} as the training code's commit. */
        public Request withGitCommit(String commit) {
            return new Request(task, from, to, config, anchors, rows, commit, publish);
        }

        /** The same request, published or not. */
        public Request withPublish(boolean p) {
            return new Request(task, from, to, config, anchors, rows, gitCommit, p);
        }
    }

    /**
     * What came of it.
     *
     * @param loaded    the partitions as read (before any row selection)
     * @param trainedOn the rows trained on
     * @param result    the trained, evaluated and exported model
     * @param manifest  the published manifest, empty when the request did not publish
     */
    public record Outcome(DatasetLoader.Loaded loaded, Table trainedOn, TrainingResult result,
                          Optional<ModelManifest> manifest) {
    }

    /** Trains quietly. */
    public Outcome train(Request request) throws IOException {
        return train(request, MlpTrainer.Progress.silent(), loaded -> { });
    }

    /**
     * Loads, trains and (when asked) publishes.
     *
     * @param progress each epoch, as it ends
     * @param onLoaded called once the partitions are read, before training (the CLI prints what it read)
     */
    public Outcome train(Request request, MlpTrainer.Progress progress, Consumer<DatasetLoader.Loaded> onLoaded)
            throws IOException {
        DatasetLoader.Loaded loaded = new DatasetLoader(s3, bucket).load(request.task(), request.from(), request.to());
        onLoaded.accept(loaded);
        Table table = request.rows().apply(loaded.table());
        Provenance provenance = new Provenance(request.task(), "pending", loaded.label(), loaded.range(),
                loaded.sha256(), loaded.featureSchemaVersion(), request.gitCommit());
        TrainingResult result = ModelBuilder.train(table, request.config(), provenance, progress, loaded.columnMaps(),
                request.anchors());
        Optional<ModelManifest> manifest = request.publish()
                ? Optional.of(new ModelPublisher(s3, bucket).publish(result)) : Optional.empty();
        return new Outcome(loaded, table, result, manifest);
    }
}
