package dev.propel.functions.model;

import dev.propel.core.log.JsonLog;
import java.time.Duration;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.function.LongSupplier;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * A JSON document in S3 held in memory and fetched again only when its ETag changes, the ETag being checked at
 * most once per refresh interval on the request path ({@link RefreshGate}). A missing document leaves the owner's
 * stand-in in force; what an invalid one leaves is the owner's rule ({@link OnInvalid}); a failed look or fetch
 * keeps what is in force and is retried at the next interval.
 *
 * @param <T> the parsed document
 */
public final class EtagRefreshedDocument<T> {

    /** What a document that was fetched but is invalid leaves in force. */
    public enum OnInvalid {
        /** the last valid document: a bad edit should not undo behaviour that was working */
        KEEP_PREVIOUS,
        /** the stand-in for no document: a bad edit should not keep running what its owner meant to change */
        USE_ABSENT
    }

    /**
     * How an owner reads and names its document.
     *
     * @param key           the object's key
     * @param subject       what the log calls it ("policy", "experiments")
     * @param absent        what is in force while there is no document (and, with {@link OnInvalid#USE_ABSENT},
     *                      after an invalid one)
     * @param absentMeaning what the log says {@code absent} means ("using the built-in policy")
     * @param onInvalid     what an invalid document leaves in force
     * @param parse         the document from its bytes; throws {@link IllegalArgumentException} when it is invalid
     * @param describe      adds the fields that identify a document in force to a log line
     */
    public record Spec<T>(String key, String subject, T absent, String absentMeaning, OnInvalid onInvalid,
            Function<byte[], T> parse, BiFunction<JsonLog.Line, T, JsonLog.Line> describe) {
    }

    private final S3Client s3;
    private final String bucket;
    private final Spec<T> spec;
    private final RefreshGate gate;
    private final JsonLog log;
    private volatile T value;
    private String etag; // read and written only inside the gate's refresh, which runs once at a time

    /** A document not yet read: the first {@link #current()} reads it. */
    public EtagRefreshedDocument(S3Client s3, String bucket, Spec<T> spec, Duration refreshInterval,
            LongSupplier nanoClock, JsonLog log) {
        this.s3 = s3;
        this.bucket = bucket;
        this.spec = spec;
        this.gate = new RefreshGate(refreshInterval, nanoClock);
        this.log = log;
        this.value = spec.absent();
    }

    /** The document in force, after a look at its ETag when one is due. */
    public T current() {
        gate.refreshIfDue(this::refresh);
        return value;
    }

    /** Makes the next request look at the document's ETag. */
    public void checkOnNextRequest() {
        gate.dueNow();
    }

    private void refresh() {
        String key = spec.key();
        try {
            String tag = ObjectETag.head(s3, bucket, key);
            if (tag == null) {
                if (etag != null) {
                    log.info(spec.subject() + " document removed, " + spec.absentMeaning()).with("key", key).log();
                }
                value = spec.absent();
                etag = null;
                return;
            }
            if (tag.equals(etag)) {
                return;
            }
            byte[] document = s3.getObjectAsBytes(b -> b.bucket(bucket).key(key)).asByteArray();
            // the tag is remembered only once the document is in hand: a transient GET failure is retried at the
            // next interval instead of pinning the old document until it changes again; a document that was
            // fetched but is invalid is not fetched again until it changes
            etag = tag;
            T parsed;
            try {
                parsed = spec.parse().apply(document);
            } catch (IllegalArgumentException invalid) {
                rejected(key, invalid);
                return;
            }
            value = parsed;
            spec.describe().apply(log.info(spec.subject() + " loaded").with("key", key), parsed).log();
        } catch (RuntimeException e) {
            spec.describe().apply(log.error(spec.subject() + " not loaded, keeping previous").with("key", key)
                    .with("reason", e.getMessage()), value).log();
        }
    }

    private void rejected(String key, IllegalArgumentException invalid) {
        if (spec.onInvalid() == OnInvalid.USE_ABSENT) {
            value = spec.absent();
            log.error(spec.subject() + " document invalid, " + spec.absentMeaning()).with("key", key)
                    .with("reason", invalid.getMessage()).log();
        } else {
            spec.describe().apply(log.error(spec.subject() + " document invalid, keeping previous")
                    .with("key", key).with("reason", invalid.getMessage()), value).log();
        }
    }
}
