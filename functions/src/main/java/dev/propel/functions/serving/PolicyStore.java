package dev.propel.functions.serving;

import dev.propel.core.layout.S3Layout;
import dev.propel.core.log.JsonLog;
import dev.propel.functions.model.ObjectETag;
import dev.propel.functions.model.RefreshGate;
import java.time.Duration;
import java.util.function.LongSupplier;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The policy the decide function follows: {@code config/policy.json} when present and valid, else the built-in
 * {@link DecisionPolicy#DEFAULT}. Re-read when its ETag changes, checked at most once per refresh interval on the
 * request path; an invalid new document is logged and the previous policy kept.
 */
public final class PolicyStore {
    private final S3Client s3;
    private final String bucket;
    private final RefreshGate gate;
    private final JsonLog log;
    private volatile DecisionPolicy policy = DecisionPolicy.DEFAULT;
    private String etag;

    public PolicyStore(S3Client s3, String bucket, Duration refreshInterval, JsonLog log) {
        this(s3, bucket, refreshInterval, System::nanoTime, log);
    }

    PolicyStore(S3Client s3, String bucket, Duration refreshInterval, LongSupplier nanoClock, JsonLog log) {
        this.s3 = s3;
        this.bucket = bucket;
        this.gate = new RefreshGate(refreshInterval, nanoClock);
        this.log = log;
    }

    /** The policy in force. */
    public DecisionPolicy current() {
        gate.refreshIfDue(this::refresh);
        return policy;
    }

    /** Makes the next request re-check the policy document. */
    public void checkOnNextRequest() {
        gate.dueNow();
    }

    private void refresh() {
        String key = S3Layout.policyKey();
        try {
            String tag = ObjectETag.head(s3, bucket, key);
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
            byte[] document = s3.getObjectAsBytes(b -> b.bucket(bucket).key(key)).asByteArray();
            // the tag is remembered only once the document is in hand: a transient GET failure is retried at the
            // next interval instead of pinning the old policy until the document changes again; a document that
            // was read but is invalid is not fetched again until it changes
            etag = tag;
            policy = DecisionPolicy.fromJson(document);
            log.info("policy loaded").with("key", key).with("policy_version", policy.version()).log();
        } catch (RuntimeException e) {
            log.error("policy not loaded, keeping previous").with("key", key).with("reason", e.getMessage())
                    .with("policy_version", policy.version()).log();
        }
    }
}
