package dev.propel.datasets.spark;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.propel.core.log.JsonLog;
import dev.propel.core.storage.S3ClientFactory;
import dev.propel.functions.datasets.BuildRequest;
import dev.propel.functions.datasets.BuildSettings;
import dev.propel.functions.datasets.RecallWindow;
import dev.propel.functions.jobinput.JobInput;
import java.net.URI;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The Spark job's entry point ({@code spark-submit --class dev.propel.datasets.spark.SparkDatasetsJob}, as EMR
 * Serverless runs it): {@code --from YYYY-MM-DD [--to YYYY-MM-DD] [--late-days N]}, the bucket from
 * {@code PROPEL_BUCKET} (or {@code --bucket}). The range is parsed by the Lambda handler's own rules, so a bad one
 * fails with the same {@code {"error", "field"}} answer (exit code 2).
 */
public final class SparkDatasetsJob {
    /** Gzip clean input per output part, in MiB (default 8, {@link SparkSettings#DEFAULT_PART_BYTES}). */
    public static final String PART_MB_ENV = "PROPEL_SPARK_PART_MB";

    private static final JsonLog LOG = JsonLog.stdout("datasets-spark");
    private static final ObjectMapper JSON = new ObjectMapper();

    private SparkDatasetsJob() {
    }

    public static void main(String[] args) throws Exception {
        System.exit(run(args, System.getenv()));
    }

    static int run(String[] args, Map<String, String> env) throws Exception {
        Map<String, Object> input = new LinkedHashMap<>();
        String bucket = env.get(S3ClientFactory.BUCKET_ENV);
        for (int i = 0; i < args.length; i++) {
            String name = args[i];
            String value = i + 1 < args.length ? args[++i] : null;
            switch (name) {
                case "--from" -> input.put("from", value);
                case "--to" -> input.put("to", value);
                case "--late-days" -> input.put("late_days", value);
                case "--bucket" -> bucket = value;
                default -> {
                    System.out.println(JSON.writeValueAsString(Map.of("error", "unknown argument " + name,
                            "field", name)));
                    return 2;
                }
            }
        }
        input.putIfAbsent("to", input.get("from"));
        BuildRequest request;
        SparkSettings settings;
        try {
            if (input.get("from") == null) {
                throw new JobInput.Invalid("from", "from is required");
            }
            if (bucket == null || bucket.isBlank()) {
                throw new JobInput.Invalid("bucket", S3ClientFactory.BUCKET_ENV + " or --bucket is required");
            }
            request = BuildRequest.parse(input, Clock.systemUTC().instant());
            settings = SparkSettings.of(BuildSettings.defaults(), partBytes(env));
        } catch (JobInput.Invalid e) {
            System.out.println(JSON.writeValueAsString(e.answer(LOG, null)));
            return 2;
        }
        String endpoint = env.get(S3ClientFactory.ENDPOINT_ENV);
        S3aBucket s3a = endpoint == null || endpoint.isBlank() ? S3aBucket.aws(bucket)
                : S3aBucket.atEndpoint(bucket, URI.create(endpoint), LocalCredentials.ACCESS_KEY,
                        LocalCredentials.SECRET_KEY);
        try (JavaSparkContext spark = new JavaSparkContext(new SparkConf().setAppName("propel-datasets"));
                S3Client s3 = S3ClientFactory.fromEnvironment(env)) {
            Map<String, Object> answer = new SparkDatasetsRun(spark, s3, s3a, settings,
                    RecallWindow.fromEnvironment(env), Clock.systemUTC(), LOG).run(request);
            System.out.println(JSON.writeValueAsString(answer));
            return 0;
        }
    }

    private static long partBytes(Map<String, String> env) {
        String v = env.get(PART_MB_ENV);
        if (v == null || v.isBlank()) {
            return SparkSettings.DEFAULT_PART_BYTES;
        }
        try {
            return Long.parseLong(v.trim()) << 20;
        } catch (NumberFormatException e) {
            throw new JobInput.Invalid(PART_MB_ENV, PART_MB_ENV + " must be a whole number of MiB, got '" + v + "'");
        }
    }
}
