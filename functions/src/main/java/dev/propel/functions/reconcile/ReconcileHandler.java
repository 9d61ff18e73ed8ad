package dev.propel.functions.reconcile;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import dev.propel.core.event.IngestLimits;
import dev.propel.core.log.JsonLog;
import dev.propel.core.storage.S3ClientFactory;
import dev.propel.functions.datasets.BuildSettings;
import dev.propel.functions.datasets.DatasetBuilder;
import dev.propel.functions.datasets.DayReport;
import dev.propel.functions.jobinput.JobInput;
import dev.propel.functions.logging.LambdaLogging;
import dev.propel.functions.metrics.EmfMetricsPublisher;
import dev.propel.functions.metrics.InvocationMetrics;
import dev.propel.functions.metrics.MetricUnit;
import dev.propel.functions.preprocess.PreprocessService;
import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Lambda entry point of {@code ReconcileFunction}: a {@link ReconcileRequest} → {@link RawCleanReconciler}, then
 * the datasets of the days it repaired are rebuilt (unless {@code "rebuild": false}). Answers the report; fails
 * when a repair failed again, so the run is retried and lands in the on-failure destination, never silently.
 */
public final class ReconcileHandler implements RequestHandler<Map<String, Object>, Map<String, Object>> {
    private static final JsonLog LOG = LambdaLogging.forFunction("ReconcileFunction");

    private final EmfMetricsPublisher metrics = EmfMetricsPublisher.forFunction("ReconcileFunction");

    private final RawCleanReconciler reconciler;
    private final Function<List<LocalDate>, List<DayReport>> rebuild;
    private final Clock clock;

    /** Lambda's constructor: bucket and endpoint from the environment. */
    public ReconcileHandler() {
        this(System.getenv());
    }

    /** The local stack's constructor: the function's environment as the template and stack define it. */
    public ReconcileHandler(Map<String, String> env) {
        this(env, Clock.systemUTC());
    }

    /** The local stack's constructor with the stack's clock (which hours are closed). */
    public ReconcileHandler(Map<String, String> env, Clock clock) {
        this(S3ClientFactory.fromEnvironment(env), S3ClientFactory.bucket(env), clock);
    }

    /** For tests and the local stack: the deployed wiring over a given client. */
    public ReconcileHandler(S3Client s3, String bucket, Clock clock) {
        this(new RawCleanReconciler(s3, bucket, new PreprocessService(s3, IngestLimits.DEFAULT), clock,
                RawCleanReconciler.DEFAULT_GRACE, LOG),
                new DatasetBuilder(s3, bucket, BuildSettings.defaults())::build, clock);
    }

    /** For tests: any reconciler and rebuild step. */
    public ReconcileHandler(RawCleanReconciler reconciler, Function<List<LocalDate>, List<DayReport>> rebuild,
            Clock clock) {
        this.reconciler = reconciler;
        this.rebuild = rebuild;
        this.clock = clock;
    }

    @Override
    public Map<String, Object> handleRequest(Map<String, Object> input, Context context) {
        return LambdaLogging.around(LOG, context, () -> handle(input, context));
    }

    private Map<String, Object> handle(Map<String, Object> input, Context context) {
        String requestId = context == null ? null : context.getAwsRequestId();
        ReconcileRequest request;
        try {
            request = ReconcileRequest.parse(input, clock.instant());
        } catch (JobInput.Invalid e) {
            InvocationMetrics refused = new InvocationMetrics();
            refused.addBy("Errors", MetricUnit.COUNT, 1, "status", "400");
            metrics.publish(refused);
            return e.answer(LOG, requestId);
        }
        ReconcileReport report = reconciler.reconcile(request.from(), request.to());
        InvocationMetrics recorded = new InvocationMetrics();
        recorded.add("RawObjectsChecked", MetricUnit.COUNT, report.checked());
        recorded.add("RawObjectsRepaired", MetricUnit.COUNT,
                report.repairs().stream().filter(ReconcileReport.Repair::wrote).count());
        recorded.add("RepairFailures", MetricUnit.COUNT, report.failures().size());
        recorded.add("DaysRebuilt", MetricUnit.COUNT, request.rebuild() ? report.days().size() : 0);
        if (!report.failures().isEmpty()) {
            recorded.addBy("Errors", MetricUnit.COUNT, 1, "status", "failed");
        }
        metrics.publish(recorded);
        Map<String, Object> out = new LinkedHashMap<>(report.toMap());
        if (request.rebuild() && !report.days().isEmpty()) {
            List<Map<String, Object>> rebuilt = new ArrayList<>();
            for (DayReport r : rebuild.apply(List.copyOf(report.days()))) {
                rebuilt.add(r.toMap());
            }
            out.put("rebuilt", rebuilt);
        }
        if (!report.failures().isEmpty()) {
            // the repaired objects stay repaired; failing makes Lambda retry and, after that, the destination
            // holds the request, so a storage outage during reconciliation is not silent either
            throw new IllegalStateException(report.failures().size() + " raw object(s) could not be repaired: "
                    + report.failures().get(0).rawKey());
        }
        return out;
    }
}
