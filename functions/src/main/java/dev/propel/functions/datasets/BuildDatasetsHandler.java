package dev.propel.functions.datasets;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import dev.propel.core.log.JsonLog;
import dev.propel.core.storage.S3ClientFactory;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Lambda entry point of {@code BuildDatasetsFunction}: turns a scheduled event or a manual
 * {@code {"date": …}} / {@code {"from": …, "to": …}} input into a {@link DatasetBuilder} run (see
 * {@link BuildRequest}) and answers with the per-day counts. A bad manual input answers
 * {@code {"error": …, "field": …}}.
 */
public final class BuildDatasetsHandler implements RequestHandler<Map<String, Object>, Map<String, Object>> {
    private static final JsonLog LOG = JsonLog.stdout("BuildDatasetsFunction");

    private final DatasetBuilder builder;
    private final Clock clock;

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
        this(S3ClientFactory.fromEnvironment(env), requireBucket(env), clock);
    }

    /** For tests and the local stack. */
    public BuildDatasetsHandler(S3Client s3, String bucket, Clock clock) {
        this.builder = new DatasetBuilder(s3, bucket, BuildSettings.defaults());
        this.clock = clock;
    }

    @Override
    public Map<String, Object> handleRequest(Map<String, Object> input, Context context) {
        String requestId = context == null ? null : context.getAwsRequestId();
        BuildRequest request;
        try {
            request = BuildRequest.parse(input, clock.instant());
        } catch (BuildRequest.Invalid e) {
            LOG.warn("bad request").with("request_id", requestId).with("field", e.field()).log();
            Map<String, Object> error = new LinkedHashMap<>();
            error.put("error", e.getMessage());
            error.put("field", e.field());
            return error;
        }
        List<Map<String, Object>> days = new ArrayList<>();
        for (DayReport r : builder.build(request.days(), request.lateDays())) {
            var line = LOG.info("day built").with("request_id", requestId);
            r.toMap().forEach(line::with);
            line.log();
            days.add(r.toMap());
        }
        return Map.of("days", days);
    }

    private static String requireBucket(Map<String, String> env) {
        String bucket = env.get(S3ClientFactory.BUCKET_ENV);
        if (bucket == null || bucket.isBlank()) {
            throw new IllegalStateException(S3ClientFactory.BUCKET_ENV + " is not set");
        }
        return bucket;
    }
}
