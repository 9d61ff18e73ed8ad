package dev.propel.functions.tracing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.xray.AWSXRay;
import com.amazonaws.xray.entities.Segment;
import com.amazonaws.xray.entities.Subsegment;
import dev.propel.s3.embedded.EmbeddedS3;
import dev.propel.s3.embedded.EmbeddedS3Extension;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3Configuration;

/**
 * The tracing seam: off outside Lambda (tests, the local stack), and inside a traced invocation a subsegment per
 * traced step and per AWS SDK call, recorded by the real X-Ray SDK into a segment (sent to a daemon address where
 * nothing listens: UDP, so nothing fails).
 */
@ExtendWith(EmbeddedS3Extension.class)
class TracingTest {
    private static final Map<String, String> TRACED_LAMBDA = Map.of(Tracing.TASK_ROOT_ENV, "/var/task",
            Tracing.DAEMON_ENV, "127.0.0.1:2000");

    @Test
    void offUnlessLambdaRunsTheFunctionWithTracingOn() {
        assertFalse(Tracing.lambda().active(), "the test JVM is no Lambda function");
        assertFalse(Tracing.fromEnvironment(Map.of(Tracing.TASK_ROOT_ENV, "/var/task")).active());
        assertFalse(Tracing.fromEnvironment(Map.of(Tracing.DAEMON_ENV, "127.0.0.1:2000")).active());
        assertTrue(Tracing.fromEnvironment(TRACED_LAMBDA).active());
        // off, a span needs no segment at all (the X-Ray SDK would complain about the missing context)
        try (TraceSpan span = Tracing.off().begin("model inference")) {
            assertTrue(span != null);
        }
    }

    @Test
    void aTracedInvocationRecordsInferenceAndS3CallsAsSubsegments(EmbeddedS3 server) {
        Tracing tracing = Tracing.fromEnvironment(TRACED_LAMBDA);
        try (S3Client s3 = S3Client.builder()
                .httpClientBuilder(UrlConnectionHttpClient.builder())
                .endpointOverride(server.endpoint())
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(
                        AwsBasicCredentials.create("propel-local", "propel-local-secret")))
                .serviceConfiguration(S3Configuration.builder().pathStyleAccessEnabled(true).build())
                .overrideConfiguration(c -> c.addExecutionInterceptor(new AwsCallTracingInterceptor(tracing)))
                .build()) {
            Segment segment = AWSXRay.beginSegment("PredictFunction");
            try {
                try (TraceSpan span = tracing.begin("model inference")) {
                    assertEquals("model inference", AWSXRay.getCurrentSubsegment().getName());
                }
                s3.listObjectsV2(b -> b.bucket(EmbeddedS3Extension.BUCKET));
            } finally {
                AWSXRay.endSegment();
            }
            List<Subsegment> recorded = segment.getSubsegmentsCopy();
            assertEquals(List.of("model inference", "S3"), recorded.stream().map(Subsegment::getName).toList());
            Subsegment call = recorded.get(1);
            assertEquals("aws", call.getNamespace());
            assertEquals("ListObjectsV2", call.getAws().get("operation"));
            assertTrue(call.getEndTime() >= call.getStartTime());
        }
    }
}
