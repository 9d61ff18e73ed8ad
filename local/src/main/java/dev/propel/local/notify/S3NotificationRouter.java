package dev.propel.local.notify;

import dev.propel.core.log.JsonLog;
import dev.propel.local.runtime.FunctionRuntime;
import dev.propel.local.template.S3Subscription;
import dev.propel.s3.embedded.ObjectCreated;
import dev.propel.s3.embedded.ObjectCreatedListener;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiFunction;

/**
 * Delivers the embedded S3's ObjectCreated notifications (every write, by any client) to the functions that
 * subscribe in the template, after the template's prefix/suffix filters, through Lambda-style async queues so
 * the PUT returns before the function runs.
 */
public final class S3NotificationRouter implements ObjectCreatedListener {
    private final String bucket;
    private final String region;
    private final List<Target> targets;
    private final AsyncInvoker async;
    private final BiFunction<String, String, Long> sizeLookup;
    private final JsonLog log;
    private final AtomicLong sequencer = new AtomicLong(System.currentTimeMillis() * 1000);

    /**
     * @param bucket     the stack's bucket: the only one whose writes are routed
     * @param sizeLookup (bucket, key) → size, for writes whose size the server does not announce (copies,
     *                   multipart uploads, chunked PUTs)
     */
    public S3NotificationRouter(String bucket, String region, List<FunctionRuntime> functions, AsyncInvoker async,
            BiFunction<String, String, Long> sizeLookup, JsonLog log) {
        this.bucket = bucket;
        this.region = region;
        this.async = async;
        this.sizeLookup = sizeLookup;
        this.log = log;
        List<Target> t = new ArrayList<>();
        for (FunctionRuntime f : functions) {
            for (S3Subscription s : f.definition().s3Events()) {
                t.add(new Target(f, s));
            }
        }
        this.targets = List.copyOf(t);
    }

    private record Target(FunctionRuntime function, S3Subscription subscription) {
    }

    /** Whether any function subscribes to S3 events. */
    public boolean hasSubscribers() {
        return !targets.isEmpty();
    }

    @Override
    public void objectCreated(ObjectCreated event) {
        if (!bucket.equals(event.bucket())) {
            return;
        }
        for (Target t : targets) {
            if (t.subscription.matches(event.eventName(), event.key())) {
                long sequence = sequencer.incrementAndGet();
                Instant time = Instant.now();
                // built on the function's queue: a size lookup must not hold up the client's PUT
                async.submit(t.function, () -> S3EventDocument.of(region, event.bucket(), event.key(),
                        event.size() < 0 ? lookUpSize(event) : event.size(), event.eTag(), event.eventName(),
                        t.function.definition().logicalId() + t.subscription.name(), sequence, time));
            }
        }
    }

    private long lookUpSize(ObjectCreated event) {
        try {
            return sizeLookup.apply(event.bucket(), event.key());
        } catch (RuntimeException e) {
            log.warn("size of created object unknown").with("error", e.getMessage()).log();
            return 0;
        }
    }
}
