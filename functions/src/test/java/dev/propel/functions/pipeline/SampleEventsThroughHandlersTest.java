package dev.propel.functions.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import com.amazonaws.services.lambda.runtime.events.S3Event;
import com.fasterxml.jackson.databind.JsonNode;
import dev.propel.core.layout.S3Layout;
import dev.propel.core.storage.S3ClientFactory;
import dev.propel.functions.datasets.BuildDatasetsHandler;
import dev.propel.functions.events.SampleEvents;
import dev.propel.functions.ingest.IngestHandler;
import dev.propel.functions.metrics.EmfLines;
import dev.propel.functions.preprocess.PreprocessHandler;
import dev.propel.functions.report.GrowthReport;
import dev.propel.functions.report.GrowthReportHandler;
import dev.propel.functions.serving.DecideHandler;
import dev.propel.functions.serving.PredictHandler;
import dev.propel.functions.serving.RankHandler;
import dev.propel.functions.testing.ApiEvents;
import dev.propel.s3.embedded.EmbeddedS3;
import dev.propel.s3.embedded.EmbeddedS3Extension;
import dev.propel.testkit.LambdaTestContext;
import dev.propel.testkit.TestModels;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Every file of {@code events/} — unchanged, as {@code sam local invoke -e} would send it — deserialised by the
 * Lambda runtime's serializer and run through its function's handler against the embedded S3. The bucket is the
 * one the sample S3 notification names, so the files need no editing.
 */
@ExtendWith(EmbeddedS3Extension.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SampleEventsThroughHandlersTest {
    private static final String BUCKET = "propel-123456789012-events";
    /** The object key the sample S3 notification announces (URL-decoded). */
    private static final String SAMPLE_RAW_KEY =
            "raw/dt=2026-11-28/hour=09/1795857302000-c6af9ac6-7b61-11e6-9a41-93e8deadbeef.jsonl.gz";

    private static Map<String, String> env;

    @BeforeAll
    static void bucketAndModels(EmbeddedS3 s3) {
        s3.createBucket(BUCKET);
        env = Map.of(S3ClientFactory.BUCKET_ENV, BUCKET, S3ClientFactory.ENDPOINT_ENV, s3.endpoint().toString());
        try (S3Client client = s3.client()) {
            TestModels.publish(client, BUCKET, TestModels.conversion(), "20261128T080000Z");
            TestModels.publish(client, BUCKET, TestModels.item(), "20261128T080000Z");
            TestModels.publishStats(client, BUCKET);
        }
    }

    @Test
    @Order(1)
    void ingestEventsJson(EmbeddedS3 s3) {
        APIGatewayProxyResponseEvent r = new IngestHandler(env).handleRequest(ApiEvents.sample("ingest-events.json"),
                new LambdaTestContext("c6af9ac6-7b61-11e6-9a41-93e8deadbeef", "IngestFunction"));
        assertEquals(202, r.getStatusCode(), r.getBody());
        assertEquals(6, ApiEvents.parse(r.getBody()).get("accepted").asInt());
        try (S3Client client = s3.client()) {
            var raw = client.listObjectsV2(b -> b.bucket(BUCKET).prefix(S3Layout.RAW)).contents();
            assertEquals(1, raw.size());
            // Put the stored batch where the sample notification says it is, as if it had arrived at 09:15.
            client.copyObject(b -> b.sourceBucket(BUCKET).sourceKey(raw.get(0).key())
                    .destinationBucket(BUCKET).destinationKey(SAMPLE_RAW_KEY));
        }
    }

    @Test
    @Order(2)
    void preprocessS3PutJson(EmbeddedS3 s3) {
        S3Event event = SampleEvents.load("preprocess-s3-put.json", S3Event.class);
        new PreprocessHandler(env).handleRequest(event, new LambdaTestContext("pre-1", "PreprocessFunction"));
        try (S3Client client = s3.client()) {
            var clean = client.headObject(b -> b.bucket(BUCKET).key(S3Layout.cleanKeyFor(SAMPLE_RAW_KEY)));
            assertTrue(clean.contentLength() > 0);
        }
    }

    @Test
    @Order(3)
    @SuppressWarnings("unchecked")
    void buildDatasetsScheduleJson(EmbeddedS3 s3) {
        Map<String, Object> input = SampleEvents.load("build-datasets-scheduled.json", Map.class);
        Map<String, Object> out = new BuildDatasetsHandler(env).handleRequest(input,
                new LambdaTestContext("build-1", "BuildDatasetsFunction"));
        List<Map<String, Object>> days = (List<Map<String, Object>>) out.get("days");
        assertFalse(days == null || days.isEmpty(), String.valueOf(out));
        Map<String, Object> day = days.stream().filter(d -> "2026-11-28".equals(d.get("dt"))).findFirst()
                .orElseThrow(() -> new AssertionError("no 2026-11-28 in " + out));
        assertTrue(((Number) day.get("sessions")).intValue() >= 1, String.valueOf(day));
        try (S3Client client = s3.client()) {
            assertFalse(client.listObjectsV2(b -> b.bucket(BUCKET).prefix(S3Layout.statsPrefix("items")))
                    .contents().isEmpty());
        }
    }

    @Test
    @Order(4)
    @SuppressWarnings("unchecked")
    void buildDatasetsDayJson() {
        Map<String, Object> input = SampleEvents.load("build-datasets-day.json", Map.class);
        BuildDatasetsHandler handler = new BuildDatasetsHandler(env);
        EmfLines.Printed<Map<String, Object>> printed = EmfLines.capture(() -> handler.handleRequest(input,
                new LambdaTestContext("build-2", "BuildDatasetsFunction")));
        Map<String, Object> out = printed.result();
        List<Map<String, Object>> days = (List<Map<String, Object>>) out.get("days");
        assertEquals(1, days.size(), String.valueOf(out));
        assertEquals(input.get("date"), days.get(0).get("dt"));

        // the EMF line carries the rows the handler's own answer reports for the day
        JsonNode emf = EmfLines.lineWith(printed.emf(), "ConversionRows");
        assertEquals(List.of("function"), EmfLines.dimensions(emf));
        assertEquals("BuildDatasetsFunction", emf.get("function").asText());
        Map<String, List<String>> metrics = EmfLines.metrics(emf);
        assertEquals(List.of("Count", String.valueOf(((Number) days.get(0).get("conversion_rows")).doubleValue())),
                metrics.get("ConversionRows"));
        assertEquals(List.of("Count", String.valueOf(((Number) days.get(0).get("item_rows")).doubleValue())),
                metrics.get("ItemRows"));
        assertEquals(List.of("Count", "1.0"), metrics.get("DaysBuilt"));
    }

    @Test
    @Order(4)
    void predictJson() {
        APIGatewayProxyResponseEvent r = new PredictHandler(env).handleRequest(ApiEvents.sample("predict.json"),
                new LambdaTestContext("predict-1", "PredictFunction"));
        assertEquals(200, r.getStatusCode(), r.getBody());
        JsonNode body = ApiEvents.parse(r.getBody());
        assertEquals("conversion", body.get("model").asText());
        double p = body.get("predictions").get(0).asDouble();
        assertTrue(p > 0 && p < 1, r.getBody());
    }

    @Test
    @Order(5)
    void rankJson() {
        APIGatewayProxyResponseEvent r = new RankHandler(env).handleRequest(ApiEvents.sample("rank.json"),
                new LambdaTestContext("rank-1", "RankFunction"));
        assertEquals(200, r.getStatusCode(), r.getBody());
        JsonNode items = ApiEvents.parse(r.getBody()).get("items");
        assertEquals(3, items.size(), r.getBody());
        for (JsonNode item : items) {
            // sku-0007 is hidden by the request's filters.
            assertFalse(item.get("item_id").asText().equals("sku-0007"), r.getBody());
        }
    }

    @Test
    @Order(6)
    void decideJson(EmbeddedS3 s3) {
        APIGatewayProxyResponseEvent r = new DecideHandler(env).handleRequest(ApiEvents.sample("decide.json"),
                new LambdaTestContext("decide-1", "DecideFunction"));
        assertEquals(200, r.getStatusCode(), r.getBody());
        JsonNode body = ApiEvents.parse(r.getBody());
        assertFalse(body.get("action").asText().isBlank());
        try (S3Client client = s3.client()) {
            long rawObjects = client.listObjectsV2(b -> b.bucket(BUCKET).prefix(S3Layout.RAW)).contents().size();
            // the ingested batch, its copy at the sample key, and the decision event written back
            assertEquals(3, rawObjects);
        }
    }

    @Test
    @Order(7)
    @SuppressWarnings("unchecked")
    void growthReportJson(EmbeddedS3 s3) {
        Map<String, Object> input = SampleEvents.load("growth-report.json", Map.class);
        Map<String, Object> out = new GrowthReportHandler(env).handleRequest(input,
                new LambdaTestContext("report-1", "GrowthReportFunction"));
        // the scheduled run of 2026-11-29 reports on the four weeks to 2026-11-28, the day built above
        assertEquals("reports/growth/2026-11-28/index.html", out.get("key"), String.valueOf(out));
        assertTrue(((Number) out.get("days_with_stats")).intValue() >= 1, String.valueOf(out));
        assertEquals(2, ((Number) out.get("model_versions")).intValue(), String.valueOf(out));
        try (S3Client client = s3.client()) {
            String html = client.getObjectAsBytes(b -> b.bucket(BUCKET).key((String) out.get("key")))
                    .asUtf8String();
            assertTrue(html.contains("Growth report") && !html.contains("NaN"), html);
            assertEquals(html, GrowthReport.latestPage(client, BUCKET).orElse(null), "latest.json points at it");
        }
    }
}
