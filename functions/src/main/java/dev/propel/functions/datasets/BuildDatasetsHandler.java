package dev.propel.functions.datasets;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import dev.propel.core.log.JsonLog;
import dev.propel.core.recall.RecallSettings;
import dev.propel.core.storage.S3ClientFactory;
import dev.propel.functions.jobinput.JobInput;
import dev.propel.functions.logging.LambdaLogging;
import dev.propel.functions.metrics.EmfMetricsPublisher;
import dev.propel.functions.metrics.InvocationMetrics;
import dev.propel.functions.metrics.MetricUnit;
import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Lambda entry point of {@code BuildDatasetsFunction}: turns a scheduled event or a manual
 * {@code {"date": …}} / {@code {"from": …, "to": …}} input into a {@link DatasetBuilder} run (see
 * {@link BuildRequest}), then rebuilds the recall artefact from the sessions of the rolling window ending at the
 * newest day built ({@link RecallRefresh}), and answers with the per-day counts and what recall did. A bad manual
 * input answers {@code {"error": …, "field": …}}.
 */
public final class BuildDatasetsHandler implements RequestHandler<Map<String, Object>, Map<String, Object>> {
    private static final JsonLog LOG = LambdaLogging.forFunction("BuildDatasetsFunction");

    private final DatasetBuilder builder;
    private final RecallRefresh recall;
    private final Clock clock;
    private final SparkHandover handover;
    private final EmfMetricsPublisher metrics = EmfMetricsPublisher.forFunction("BuildDatasetsFunction");

    /** Lambda's constructor: bucket and endpoint from the environment. */
    public BuildDatasetsHandler() {
        this(System.getenv());
    }

    /** The local stack's constructor: the function's environment as the template and stack define it. */
    public BuildDatasetsHandler(Map<String, String> env) {
        this(env, Clock.systemUTC());
    }

    /** The local stack's constructor with the stack's clock (which hours a scheduled run builds). */
    public BuildDatasetsHandler(Map<String, String> env, Clock clock) {
        this(S3ClientFactory.fromEnvironment(env), S3ClientFactory.bucket(env), clock, RecallWindow.fromEnvironment(env),
                env);
    }

    private BuildDatasetsHandler(S3Client s3, String bucket, Clock clock, RecallWindow window,
            Map<String, String> env) {
        this(s3, bucket, clock, window, SparkHandover.fromEnvironment(env, s3, bucket));
    }

    /** For tests and the local stack: the default recall window. */
    public BuildDatasetsHandler(S3Client s3, String bucket, Clock clock) {
        this(s3, bucket, clock, RecallWindow.defaults());
    }

    /** For tests: a given recall window. */
    public BuildDatasetsHandler(S3Client s3, String bucket, Clock clock, RecallWindow window) {
        this(s3, bucket, clock, window, SparkHandover.off());
    }

    /** For tests: a given handover of big days to Spark. */
    BuildDatasetsHandler(S3Client s3, String bucket, Clock clock, RecallWindow window, SparkHandover handover) {
        this.handover = handover;
        this.builder = new DatasetBuilder(s3, bucket, BuildSettings.defaults());
        this.recall = new RecallRefresh(s3, bucket, window, RecallSettings.defaults());
        this.clock = clock;
    }

    @Override
    public Map<String, Object> handleRequest(Map<String, Object> input, Context context) {
        return LambdaLogging.around(LOG, context, () -> handle(input, context));
    }

    private Map<String, Object> handle(Map<String, Object> input, Context context) {
        String requestId = context == null ? null : context.getAwsRequestId();
        BuildRequest request;
        try {
            request = BuildRequest.parse(input, clock.instant());
        } catch (JobInput.Invalid e) {
            return e.answer(LOG, requestId);
        }
        // a day over the handover size, and the requested days after it, go to the Spark job
        SparkHandover.Split split = handover.split(request);
        request = split.lambda();
        List<Map<String, Object>> days = new ArrayList<>();
        List<LocalDate> built = new ArrayList<>();
        List<DayReport> reports;
        try {
            reports = builder.build(request.days(), request.lateDays());
        } catch (IllegalStateException e) {
            // a missing day beyond the automatic gap, a chain lock held too long, a lost lock: fail loudly (the
            // retry and then the on-failure destination see it), saying which day or which run
            LOG.error("build failed").with("request_id", requestId).with("error", e.getMessage()).log();
            InvocationMetrics failed = new InvocationMetrics();
            failed.addBy("Errors", MetricUnit.COUNT, 1, "status", "failed");
            metrics.publish(failed);
            throw e;
        }
        for (DayReport r : reports) {
            var line = LOG.info("day built").with("request_id", requestId);
            r.toMap().forEach(line::with);
            line.log();
            days.add(r.toMap());
            built.add(r.day());
        }
        InvocationMetrics recorded = new InvocationMetrics();
        recorded.add("DaysBuilt", MetricUnit.COUNT, reports.size());
        recorded.add("ConversionRows", MetricUnit.COUNT, reports.stream().mapToLong(DayReport::conversionRows).sum());
        recorded.add("ItemRows", MetricUnit.COUNT, reports.stream().mapToLong(DayReport::itemRows).sum());
        metrics.publish(recorded);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("days", days);
        if (split.spark() != null) {
            out.put("handed_over", handover.handOver(split, LOG, requestId));
        }
        if (!built.isEmpty()) {
            RecallReport r;
            try {
                r = recall.refresh(built, clock.instant());
            } catch (RuntimeException e) {
                // the days are built; the invocation fails so the retry (and the on-failure destination) sees it,
                // while serving keeps the last good artefact
                LOG.error("recall failed").with("request_id", requestId).with("error", e.getMessage()).log();
                throw e;
            }
            var line = LOG.info("recall built").with("request_id", requestId);
            r.toMap().forEach(line::with);
            line.log();
            out.put("recall", r.toMap());
        }
        return out;
    }
}
