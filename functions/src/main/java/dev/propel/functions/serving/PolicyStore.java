package dev.propel.functions.serving;

import dev.propel.core.layout.S3Layout;
import dev.propel.core.log.JsonLog;
import java.time.Duration;
import java.util.function.LongSupplier;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * The policy the decide function follows: {@code config/policy.json} when present and valid, else the built-in
 * {@link DecisionPolicy#DEFAULT}. Re-read when its ETag changes, checked at most once per refresh interval on the
 * request path; an invalid new document is logged and the previous policy kept.
 */
public final class PolicyStore {
    private final S3Client s3;
    private final String bucket;
    private final long refreshNanos;
    private final LongSupplier nanoClock;
    private final JsonLog log;
    private volatile DecisionPolicy policy = DecisionPolicy.DEFAULT;
    private volatile long nextCheckNanos;
    private String etag;

    public PolicyStore(S3Client s3, String bucket, Duration refreshInterval, JsonLog log) {
        this(s3, bucket, refreshInterval, System::nanoTime, log);
    }

    PolicyStore(S3Client s3, String bucket, Duration refreshInterval, LongSupplier nanoClock, JsonLog log) {
        this.s3 = s3;
        this.bucket = bucket;
        this.refreshNanos = refreshInterval.toNanos();
        this.nanoClock = nanoClock;
        this.log = log;
        this.nextCheckNanos = nanoClock.getAsLong();
    }

    /** The policy in force. */
    public DecisionPolicy current() {
        if (nanoClock.getAsLong() - nextCheckNanos >= 0) {
            synchronized (this) {
                if (nanoClock.getAsLong() - nextCheckNanos >= 0) {
                    refresh();
                }
            }
        }
        return policy;
    }

    /** Makes the next request re-check the policy document. */
    public void checkOnNextRequest() {
        nextCheckNanos = nanoClock.getAsLong();
    }

    private void refresh() {
        nextCheckNanos = nanoClock.getAsLong() + refreshNanos;
        String key = S3Layout.policyKey();
        try {
            String tag;
            try {
                tag = s3.headObject(b -> b.bucket(bucket).key(key)).eTag();
            } catch (NoSuchKeyException e) {
                tag = null;
            } catch (S3Exception e) {
                if (e.statusCode() != 404) {
                    throw e;
                }
                tag = null;
            }
            if (tag == null) {
                if (etag != null || policy != DecisionPolicy.DEFAULT) {
                    log.info("policy document removed, using the built-in policy").with("key", key).log();
                }
                policy = DecisionPolicy.DEFAULT;
                etag = null;
                return;
            }
            if (tag.equals(etag)) {
                return;
            }
            etag = tag;
            policy = DecisionPolicy.fromJson(s3.getObjectAsBytes(b -> b.bucket(bucket).key(key)).asByteArray());
            log.info("policy loaded").with("key", key).with("policy_version", policy.version()).log();
        } catch (RuntimeException e) {
            log.error("policy not loaded, keeping previous").with("key", key).with("reason", e.getMessage())
                    .with("policy_version", policy.version()).log();
        }
    }
}
