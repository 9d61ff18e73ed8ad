package dev.propel.functions.preprocess;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.S3Event;
import com.amazonaws.services.lambda.runtime.events.models.s3.S3EventNotification.S3EventNotificationRecord;
import dev.propel.core.log.JsonLog;
import dev.propel.functions.logging.LambdaLogging;
import dev.propel.functions.metrics.EmfMetricsPublisher;
import dev.propel.functions.metrics.InvocationMetrics;
import dev.propel.functions.metrics.MetricUnit;

/**
 * S3 ObjectCreated under {@code raw/} → {@link PreprocessService} for each record (keys arrive URL-encoded).
 * Logs one JSON line per object. A storage failure on any record fails the invocation after the other records
 * are done, so Lambda retries it; reprocessing is idempotent.
 */
public final class PreprocessHandler implements RequestHandler<S3Event, String> {
    private final PreprocessService service;
    private final JsonLog log;
    private final EmfMetricsPublisher metrics;

    /** Lambda's constructor: S3 client from the environment, once per container. */
    public PreprocessHandler() {
        this(System.getenv());
    }

    /** The local stack's constructor: the function's environment as the template and stack define it. */
    public PreprocessHandler(java.util.Map<String, String> env) {
        this(PreprocessService.fromEnvironment(env), LambdaLogging.forFunction("PreprocessFunction"),
                EmfMetricsPublisher.forFunction("PreprocessFunction"));
    }

    public PreprocessHandler(PreprocessService service, JsonLog log) {
        this(service, log, EmfMetricsPublisher.disabled());
    }

    /** With where the invocation's metrics go. */
    public PreprocessHandler(PreprocessService service, JsonLog log, EmfMetricsPublisher metrics) {
        this.service = service;
        this.log = log;
        this.metrics = metrics;
    }

    @Override
    public String handleRequest(S3Event event, Context context) {
        return LambdaLogging.around(log, context, () -> handle(event, context));
    }

    private String handle(S3Event event, Context context) {
        String requestId = context == null ? null : context.getAwsRequestId();
        RuntimeException failure = null;
        int cleaned = 0;
        int quarantined = 0;
        int skipped = 0;
        InvocationMetrics recorded = new InvocationMetrics();
        for (S3EventNotificationRecord record : event.getRecords()) {
            if (record.getEventName() != null && !record.getEventName().startsWith("ObjectCreated")) {
                skipped++;
                continue;
            }
            String bucket = record.getS3().getBucket().getName();
            String key = record.getS3().getObject().getUrlDecodedKey();
            long start = System.nanoTime();
            try {
                PreprocessOutcome outcome = service.process(bucket, key);
                JsonLog.Line line = (outcome.status() == PreprocessOutcome.Status.QUARANTINED
                        ? log.warn("preprocess") : log.info("preprocess"))
                        .with("request_id", requestId).with("key", key).with("status", outcome.status().name())
                        .with("detail", outcome.detail()).with("clean_key", outcome.cleanKey());
                if (outcome.result() != null) {
                    CleanResult r = outcome.result();
                    line.with("lines", r.lines()).with("clean_events", r.clean()).with("duplicates", r.duplicates())
                            .with("bad_lines", r.badLines());
                    recorded.add("PreprocessLines", MetricUnit.COUNT, r.lines());
                    recorded.add("PreprocessBadLines", MetricUnit.COUNT, r.badLines());
                }
                line.with("latency_ms", (System.nanoTime() - start) / 1_000_000.0).log();
                switch (outcome.status()) {
                    case CLEANED -> cleaned++;
                    case QUARANTINED -> quarantined++;
                    default -> skipped++;
                }
            } catch (RuntimeException e) {
                log.error("preprocess").with("request_id", requestId).with("key", key)
                        .with("cause", e.getClass().getSimpleName())
                        .with("latency_ms", (System.nanoTime() - start) / 1_000_000.0).log();
                if (failure == null) {
                    failure = e;
                }
            }
        }
        recorded.add("ObjectsCleaned", MetricUnit.COUNT, cleaned);
        recorded.add("ObjectsQuarantined", MetricUnit.COUNT, quarantined);
        if (failure != null) {
            recorded.addBy("Errors", MetricUnit.COUNT, 1, "status", "failed");
        }
        metrics.publish(recorded);
        if (failure != null) {
            throw failure;
        }
        return "{\"cleaned\":" + cleaned + ",\"quarantined\":" + quarantined + ",\"skipped\":" + skipped + "}";
    }
}
