package dev.propel.datasets.spark;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.propel.core.log.JsonLog;
import dev.propel.core.storage.S3ClientFactory;
import dev.propel.functions.datasets.BuildRequest;
import dev.propel.functions.datasets.RecallWindow;
import dev.propel.local.stack.SparkEngine;
import java.io.PrintStream;
import java.net.URI;
import java.time.Clock;
import java.time.LocalDate;
import java.util.List;
import org.apache.spark.api.java.JavaSparkContext;
import software.amazon.awssdk.services.s3.S3Client;

/** {@code ./propel datasets --engine spark}: the job in {@code local[threads]} against the local stack's S3. */
public final class SparkDatasetsEngine implements SparkEngine {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Override
    public int build(String s3Endpoint, String bucket, List<LocalDate> days, int lateDays, int threads,
            PrintStream out, PrintStream err) {
        URI endpoint = URI.create(s3Endpoint);
        try (JavaSparkContext spark = LocalSpark.start(threads);
                S3Client s3 = S3ClientFactory.forEndpoint(endpoint, "us-east-1")) {
            SparkDatasetsRun run = new SparkDatasetsRun(spark, s3, S3aBucket.atEndpoint(bucket, endpoint,
                    LocalCredentials.ACCESS_KEY, LocalCredentials.SECRET_KEY), SparkSettings.defaults(),
                    RecallWindow.fromEnvironment(System.getenv()), Clock.systemUTC(),
                    new JsonLog("datasets-spark", err));
            out.println(JSON.writerWithDefaultPrettyPrinter().writeValueAsString(
                    run.run(new BuildRequest(days, lateDays))));
            return 0;
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
