package dev.propel.functions.serving;

import dev.propel.core.layout.S3Layout;
import dev.propel.core.log.JsonLog;
import dev.propel.functions.model.ObjectETag;
import dev.propel.functions.model.RefreshGate;
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
    private final RefreshGate gate;
    private final JsonLog log;
    private volatile Experiments experiments = Experiments.NONE;
    private String etag;

    public ExperimentStore(S3Client s3, String bucket, Duration refreshInterval, JsonLog log) {
        this(s3, bucket, refreshInterval, System::nanoTime, log);
    }

    ExperimentStore(S3Client s3, String bucket, Duration refreshInterval, LongSupplier nanoClock, JsonLog log) {
        this.s3 = s3;
        this.bucket = bucket;
        this.gate = new RefreshGate(refreshInterval, nanoClock);
        this.log = log;
    }

    /** The experiments in force. */
    public Experiments current() {
        gate.refreshIfDue(this::refresh);
        return experiments;
    }

    /** Makes the next request re-check the experiments document. */
    public void checkOnNextRequest() {
        gate.dueNow();
    }

    private void refresh() {
        String key = Experiments.KEY;
        try {
            String tag = ObjectETag.head(s3, bucket, key);
            if (tag == null) {
                if (etag != null) {
                    log.info("experiments document removed, no experiment runs").with("key", key).log();
                }
                experiments = Experiments.NONE;
                etag = null;
                return;
            }
            if (tag.equals(etag)) {
                return;
            }
            byte[] document = s3.getObjectAsBytes(b -> b.bucket(bucket).key(key)).asByteArray();
            // as for the policy: remember the tag once the document is in hand, so a bad one is not re-read
            etag = tag;
            try {
                Experiments parsed = Experiments.fromJson(document);
                checkPublished(parsed);
                experiments = parsed;
                log.info("experiments loaded").with("key", key).with("experiments", parsed.experiments().size())
                        .log();
            } catch (IllegalArgumentException e) {
                experiments = Experiments.NONE;
                log.error("experiments document invalid, no experiment runs").with("key", key)
                        .with("reason", e.getMessage()).log();
            }
        } catch (RuntimeException e) {
            log.error("experiments not loaded, keeping previous").with("key", key).with("reason", e.getMessage())
                    .log();
        }
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
