package dev.propel.functions.report;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import dev.propel.core.log.JsonLog;
import dev.propel.core.storage.S3ClientFactory;
import dev.propel.functions.jobinput.JobInput;
import dev.propel.functions.logging.LambdaLogging;
import dev.propel.functions.metrics.EmfMetricsPublisher;
import dev.propel.functions.metrics.InvocationMetrics;
import dev.propel.functions.metrics.MetricUnit;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Lambda entry point of {@code GrowthReportFunction}: turns a scheduled event or a manual {@code {"date": …}} /
 * {@code {"from": …, "to": …}} input (see {@link ReportRange}) into a published {@link GrowthReport}, and answers
 * with the page's key and what the report found. A bad manual input answers {@code {"error": …, "field": …}}.
 */
public final class GrowthReportHandler implements RequestHandler<Map<String, Object>, Map<String, Object>> {
    private static final JsonLog LOG = LambdaLogging.forFunction("GrowthReportFunction");

    private final EmfMetricsPublisher metrics = EmfMetricsPublisher.forFunction("GrowthReportFunction");

    private final GrowthReport report;
    private final Clock clock;

    /** Lambda's constructor: bucket and endpoint from the environment. */
    public GrowthReportHandler() {
        this(System.getenv());
    }

    /** The local stack's constructor: the function's environment as the template and stack define it. */
    public GrowthReportHandler(Map<String, String> env) {
        this(env, Clock.systemUTC());
    }

    /** The local stack's constructor with the stack's clock (which day a scheduled run reports on). */
    public GrowthReportHandler(Map<String, String> env, Clock clock) {
        this(S3ClientFactory.fromEnvironment(env), S3ClientFactory.bucket(env), clock);
    }

    /** For tests and the local command line. */
    public GrowthReportHandler(S3Client s3, String bucket, Clock clock) {
        this.report = new GrowthReport(s3, bucket, clock);
        this.clock = clock;
    }

    @Override
    public Map<String, Object> handleRequest(Map<String, Object> input, Context context) {
        return LambdaLogging.around(LOG, context, () -> handle(input, context));
    }

    private Map<String, Object> handle(Map<String, Object> input, Context context) {
        String requestId = context == null ? null : context.getAwsRequestId();
        ReportRange range;
        try {
            range = ReportRange.parse(input, clock.instant());
        } catch (JobInput.Invalid e) {
            InvocationMetrics refused = new InvocationMetrics();
            refused.addBy("Errors", MetricUnit.COUNT, 1, "status", "400");
            metrics.publish(refused);
            return e.answer(LOG, requestId);
        }
        GrowthReport.Published p = report.publish(range);
        GrowthData d = p.data();
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("key", p.key());
        out.put("latest", p.latestUpdated() ? GrowthReport.LATEST_KEY : null);
        out.put("from", range.from().toString());
        out.put("to", range.to().toString());
        out.put("days_with_stats", d.days().size());
        out.put("days_missing", d.missingDays().size());
        out.put("model_versions", d.models().size());
        out.put("decision_groups", d.decisions().size());
        out.put("notes", d.notes().size());
        int bytes = p.html().getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
        out.put("bytes", bytes);
        var line = LOG.info("report published").with("request_id", requestId);
        out.forEach(line::with);
        line.log();
        InvocationMetrics recorded = new InvocationMetrics();
        recorded.count("ReportsPublished");
        recorded.add("ReportBytes", MetricUnit.BYTES, bytes);
        recorded.add("ReportDaysMissing", MetricUnit.COUNT, d.missingDays().size());
        metrics.publish(recorded);
        return out;
    }
}
