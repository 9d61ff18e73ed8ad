package dev.propel.functions.events;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.S3Event;
import com.amazonaws.services.lambda.runtime.events.ScheduledEvent;
import org.junit.jupiter.api.Test;

/** Every file in events/ is a well-formed event of the type its function expects. */
class SampleEventsTest {

    /** Each sample file and the function it is for; a new file must be added here and to the handler tests. */
    static final java.util.Map<String, String> FILES = java.util.Map.of(
            "ingest-events.json", "IngestFunction",
            "preprocess-s3-put.json", "PreprocessFunction",
            "build-datasets-scheduled.json", "BuildDatasetsFunction",
            "build-datasets-day.json", "BuildDatasetsFunction",
            "predict.json", "PredictFunction",
            "rank.json", "RankFunction",
            "rank-catalogue.json", "RankFunction",
            "rank-context-item.json", "RankFunction",
            "decide.json", "DecideFunction",
            "growth-report.json", "GrowthReportFunction");

    @Test
    void everySampleFileIsKnown() throws java.io.IOException {
        try (var files = java.nio.file.Files.list(SampleEvents.folder())) {
            assertEquals(new java.util.TreeSet<>(FILES.keySet()),
                    files.map(p -> p.getFileName().toString()).collect(java.util.stream.Collectors.toCollection(
                            java.util.TreeSet::new)));
        }
    }

    @Test
    void apiGatewayEventsDeserialiseWithTheRuntimeSerializer() {
        for (String[] f : new String[][] {{"ingest-events.json", "/events"}, {"predict.json", "/predict"},
                {"rank.json", "/rank"}, {"rank-catalogue.json", "/rank"}, {"rank-context-item.json", "/rank"},
                {"decide.json", "/decide"}}) {
            APIGatewayProxyRequestEvent e = SampleEvents.load(f[0], APIGatewayProxyRequestEvent.class);
            assertEquals("POST", e.getHttpMethod(), f[0]);
            assertEquals(f[1], e.getPath(), f[0]);
            assertEquals("application/json", e.getHeaders().get("Content-Type"), f[0]);
            assertNotNull(e.getRequestContext().getRequestId(), f[0]);
            assertFalse(e.getBody().isBlank(), f[0]);
            // the template's BinaryMediaTypes */* makes API Gateway base64-encode every body: so do the samples
            assertTrue(e.getIsBase64Encoded(), f[0]);
            byte[] body = java.util.Base64.getDecoder().decode(e.getBody());
            assertTrue(parse(body).isObject(), f[0]);
        }
    }

    private static com.fasterxml.jackson.databind.JsonNode parse(byte[] json) {
        try {
            return new com.fasterxml.jackson.databind.ObjectMapper().readTree(json);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void s3PutEventCarriesAUrlEncodedRawKey() {
        S3Event e = SampleEvents.load("preprocess-s3-put.json", S3Event.class);
        var record = e.getRecords().get(0);
        assertEquals("ObjectCreated:Put", record.getEventName());
        assertEquals("raw/dt%3D2026-11-28/hour%3D09/1795857302000-c6af9ac6-7b61-11e6-9a41-93e8deadbeef.jsonl.gz",
                record.getS3().getObject().getKey());
        assertEquals("raw/dt=2026-11-28/hour=09/1795857302000-c6af9ac6-7b61-11e6-9a41-93e8deadbeef.jsonl.gz",
                record.getS3().getObject().getUrlDecodedKey());
    }

    @Test
    void scheduleEventDeserialises() {
        for (String file : new String[] {"build-datasets-scheduled.json", "growth-report.json"}) {
            ScheduledEvent e = SampleEvents.load(file, ScheduledEvent.class);
            assertEquals("aws.events", e.getSource(), file);
            assertEquals("Scheduled Event", e.getDetailType(), file);
            assertNotNull(e.getTime(), file);
        }
    }
}
