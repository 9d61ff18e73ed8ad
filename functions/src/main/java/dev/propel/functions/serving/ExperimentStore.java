package dev.propel.functions.serving;

import dev.propel.core.layout.S3Layout;
import dev.propel.core.log.JsonLog;
import dev.propel.functions.model.EtagRefreshedDocument;
import dev.propel.functions.model.EtagRefreshedDocument.OnInvalid;
import dev.propel.functions.model.ObjectETag;
import java.time.Duration;
import java.util.function.LongSupplier;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The experiments in force: {@code config/experiments.json} when present and valid, else {@link Experiments#NONE}.
 * Re-read when its ETag changes, checked at most once per refresh interval on the request path. A document that
 * is invalid, or names a model version that was never published, stops every experiment (logged with the
 * reason) rather than keeping an old one running that its owner meant to change; serving goes on unaffected.
 */
public final class ExperimentStore {
    private final S3Client s3;
    private final String bucket;
    private final EtagRefreshedDocument<Experiments> document;

    public ExperimentStore(S3Client s3, String bucket, Duration refreshInterval, JsonLog log) {
        this(s3, bucket, refreshInterval, System::nanoTime, log);
    }

    ExperimentStore(S3Client s3, String bucket, Duration refreshInterval, LongSupplier nanoClock, JsonLog log) {
        this.s3 = s3;
        this.bucket = bucket;
        this.document = new EtagRefreshedDocument<>(s3, bucket, new EtagRefreshedDocument.Spec<>(
                Experiments.KEY, "experiments", Experiments.NONE, "no experiment runs", OnInvalid.USE_ABSENT,
                this::parsePublished, (line, in) -> line.with("experiments", in.experiments().size())),
                refreshInterval, nanoClock, log);
    }

    /** The experiments in force. */
    public Experiments current() {
        return document.current();
    }

    /** Makes the next request re-check the experiments document. */
    public void checkOnNextRequest() {
        document.checkOnNextRequest();
    }

    private Experiments parsePublished(byte[] json) {
        Experiments parsed = Experiments.fromJson(json);
        checkPublished(parsed);
        return parsed;
    }

    /** A variant must serve a model that exists: a typo would otherwise fail its share of requests. */
    private void checkPublished(Experiments parsed) {
        for (Experiments.Experiment e : parsed.experiments()) {
            for (Experiments.Variant v : e.variants()) {
                if (v.modelVersion() == null) {
                    continue;
                }
                String model = S3Layout.modelPrefix(e.target(), v.modelVersion()) + "model.onnx";
                if (ObjectETag.head(s3, bucket, model) == null) {
                    throw new IllegalArgumentException("experiment '" + e.id() + "' variant '" + v.name()
                            + "' names " + model + ", which was never published");
                }
            }
        }
    }
}
