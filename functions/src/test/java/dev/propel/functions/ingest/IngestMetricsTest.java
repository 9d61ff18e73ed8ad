package dev.propel.functions.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.propel.core.event.IngestLimits;
import dev.propel.core.log.JsonLog;
import dev.propel.core.privacy.Pseudonymiser;
import dev.propel.functions.http.CorsPolicy;
import dev.propel.functions.metrics.EmfLines;
import dev.propel.functions.metrics.EmfMetricsPublisher;
import dev.propel.functions.storage.RawEventWriter;
import dev.propel.s3.embedded.EmbeddedS3;
import dev.propel.s3.embedded.EmbeddedS3Extension;
import dev.propel.testkit.LambdaTestContext;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The ingest handler's CloudWatch metrics as CloudWatch reads them: the Embedded Metric Format lines it prints on
 * standard output, parsed back ({@code _aws.CloudWatchMetrics}: namespace, dimensions, names, units, values).
 */
@ExtendWith(EmbeddedS3Extension.class)
class IngestMetricsTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Instant NOW = Instant.parse("2026-11-28T13:45:10.250Z");

    private static IngestHandler handler(S3Client s3) {
        RawEventWriter writer = new RawEventWriter(s3, EmbeddedS3Extension.BUCKET, Pseudonymiser.identity());
        IngestService service = new IngestService(IngestLimits.DEFAULT, writer, Clock.fixed(NOW, ZoneOffset.UTC));
        JsonLog quiet = new JsonLog("IngestFunction", new PrintStream(new ByteArrayOutputStream(), true,
                StandardCharsets.UTF_8));
        return new IngestHandler(service, quiet, CorsPolicy.none(), EmfMetricsPublisher.forFunction("IngestFunction"));
    }

    @Test
    void aMixedBatchPrintsOneEmfLineWithTheCountsTheResponseReportsAndTheBytesStored(EmbeddedS3 s3)
            throws IOException {
        try (S3Client client = s3.client()) {
            IngestHandler handler = handler(client);
            EmfLines.Printed<APIGatewayProxyResponseEvent> printed = EmfLines.capture(() -> handler.handleRequest(
                    ApiGatewayEvents.post(ApiGatewayEvents.resource("ingest/batch-mixed.json")),
                    new LambdaTestContext("lambda-req-metrics", "IngestFunction")));
            APIGatewayProxyResponseEvent r = printed.result();
            assertEquals(202, r.getStatusCode(), r.getBody());
            JsonNode body = JSON.readTree(r.getBody());

            assertEquals(1, printed.lines().size(), String.join("\n", printed.lines()));
            JsonNode emf = printed.emf().get(0);
            assertEquals(List.of("function"), EmfLines.dimensions(emf));
            assertEquals("IngestFunction", emf.get("function").asText());
            Map<String, List<String>> metrics = EmfLines.metrics(emf);
            assertEquals(List.of("Count", "5.0"), metrics.get("EventsAccepted"));
            assertEquals(body.get("accepted").asDouble(), Double.parseDouble(metrics.get("EventsAccepted").get(1)));
            assertEquals(List.of("Count", "1.0"), metrics.get("EventsDuplicate"));
            // events, not problems: the response lists 4 problems, two of them on the same invalid event
            assertEquals(4, body.get("rejected").size());
            assertEquals(List.of("Count", "3.0"), metrics.get("EventsRejected"));
            assertEquals(4, metrics.size(), metrics.toString());

            // the anchor for the bytes: the stored object's own size in the embedded S3
            String key = client.listObjectsV2(b -> b.bucket(EmbeddedS3Extension.BUCKET).prefix("raw/"))
                    .contents().stream().filter(o -> o.key().contains("lambda-req-metrics")).findFirst()
                    .orElseThrow().key();
            long size = client.headObject(b -> b.bucket(EmbeddedS3Extension.BUCKET).key(key)).contentLength();
            assertEquals("Bytes", metrics.get("BytesStored").get(0));
            assertEquals((double) size, Double.parseDouble(metrics.get("BytesStored").get(1)));
            assertFalse(printed.lines().get(0).contains("alice"), "no user ids in metrics");
        }
    }

    @Test
    void aRejectedRequestCountsAnErrorByStatusOnItsOwnDimensionSet(EmbeddedS3 s3) {
        try (S3Client client = s3.client()) {
            IngestHandler handler = handler(client);
            EmfLines.Printed<APIGatewayProxyResponseEvent> printed = EmfLines.capture(() -> handler.handleRequest(
                    ApiGatewayEvents.post("{not json", false, Map.of()),
                    new LambdaTestContext("lambda-req-bad", "IngestFunction")));
            assertEquals(400, printed.result().getStatusCode(), printed.result().getBody());

            assertEquals(1, printed.emf().size(), String.join("\n", printed.lines()));
            JsonNode emf = printed.emf().get(0);
            assertEquals(List.of("function", "status"), EmfLines.dimensions(emf));
            assertEquals("400", emf.get("status").asText());
            assertEquals(Map.of("Errors", List.of("Count", "1.0")), EmfLines.metrics(emf));
        }
    }
}
