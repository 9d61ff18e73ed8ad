package dev.propel.functions.serving;

import dev.propel.core.layout.S3Layout;
import dev.propel.core.log.JsonLog;
import dev.propel.functions.model.EtagRefreshedDocument;
import dev.propel.functions.model.EtagRefreshedDocument.OnInvalid;
import java.time.Duration;
import java.util.function.LongSupplier;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The policy the decide function follows: {@code config/policy.json} when present and valid, else the built-in
 * {@link DecisionPolicy#DEFAULT}. Re-read when its ETag changes, checked at most once per refresh interval on the
 * request path; an invalid new document is logged and the previous policy kept (decisions that were working go
 * on while the owner fixes the edit).
 */
public final class PolicyStore {
    private final EtagRefreshedDocument<DecisionPolicy> document;

    public PolicyStore(S3Client s3, String bucket, Duration refreshInterval, JsonLog log) {
        this(s3, bucket, refreshInterval, System::nanoTime, log);
    }

    PolicyStore(S3Client s3, String bucket, Duration refreshInterval, LongSupplier nanoClock, JsonLog log) {
        this.document = new EtagRefreshedDocument<>(s3, bucket, new EtagRefreshedDocument.Spec<>(
                S3Layout.policyKey(), "policy", DecisionPolicy.DEFAULT, "using the built-in policy",
                OnInvalid.KEEP_PREVIOUS, DecisionPolicy::fromJson,
                (line, policy) -> line.with("policy_version", policy.version())), refreshInterval, nanoClock, log);
    }

    /** The policy in force. */
    public DecisionPolicy current() {
        return document.current();
    }

    /** Makes the next request re-check the policy document. */
    public void checkOnNextRequest() {
        document.checkOnNextRequest();
    }
}
