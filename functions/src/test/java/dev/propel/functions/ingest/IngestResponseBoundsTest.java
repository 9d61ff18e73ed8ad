package dev.propel.functions.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.propel.functions.storage.RawEventWriter;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.propel.core.event.IngestLimits;
import dev.propel.core.log.JsonLog;
import dev.propel.core.privacy.Pseudonymiser;
import dev.propel.s3.embedded.EmbeddedS3;
import dev.propel.s3.embedded.EmbeddedS3Extension;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A body built to produce as many problems as fit in 1 MB (repeated unknown fields, each one a rejected-list entry)
 * gets a bounded answer: the first {@link IngestResult#MAX_REJECTED_LISTED} problems plus their total count, far
 * under Lambda's 6 MB response limit, where the full list used to be about 14 MB (API Gateway answers 502 then).
 */
@ExtendWith(EmbeddedS3Extension.class)
class IngestResponseBoundsTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Instant NOW = Instant.parse("2026-11-28T13:45:10.250Z");

    private IngestHandler handler(EmbeddedS3 s3) {
        RawEventWriter writer = new RawEventWriter(s3.client(), EmbeddedS3Extension.BUCKET, Pseudonymiser.identity());
        IngestService service = new IngestService(IngestLimits.DEFAULT, writer, Clock.fixed(NOW, ZoneOffset.UTC));
        return new IngestHandler(service, new JsonLog("IngestFunction",
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8)));
    }

    /** One valid event and many invalid ones, each carrying as many one-letter unknown fields as fit. */
    private static String manyProblems() {
        StringBuilder b = new StringBuilder(IngestLimits.DEFAULT.maxBodyBytes());
        b.append("{\"events\":[{\"event_id\":\"ok-1\",\"type\":\"view\",\"anonymous_id\":\"a\",\"session_id\":\"s\","
                + "\"item_id\":\"i\",\"timestamp\":\"2026-11-28T13:40:00Z\"}");
        int event = 0;
        while (b.length() < IngestLimits.DEFAULT.maxBodyBytes() - 20_000 && event < 499) {
            b.append(",{\"type\":\"view\"");
            for (int f = 0; f < 400; f++) {
                b.append(",\"x").append(f).append("\":1");
            }
            b.append('}');
            event++;
        }
        return b.append("]}").toString();
    }

    @Test
    void rejectedListIsCappedAndCountsEveryProblem(EmbeddedS3 s3) throws Exception {
        String body = manyProblems();
        assertTrue(body.length() <= IngestLimits.DEFAULT.maxBodyBytes(), "fits the body limit: " + body.length());
        APIGatewayProxyResponseEvent r = handler(s3).handleRequest(ApiGatewayEvents.post(body), null);
        assertEquals(202, r.getStatusCode());
        assertTrue(r.getBody().length() < 64 * 1024, "answer of " + r.getBody().length() + " characters");
        JsonNode j = JSON.readTree(r.getBody());
        assertEquals(1, j.get("accepted").asInt());
        assertEquals(IngestResult.MAX_REJECTED_LISTED, j.get("rejected").size());
        assertTrue(j.get("rejected_count").asInt() > 10_000, r.getBody().substring(0, 200));
        assertEquals(1, j.get("rejected").get(0).get("index").asInt(), "the first problems, in request order");
    }

    @Test
    void aFewProblemsAreAllListedWithTheirCount(EmbeddedS3 s3) throws Exception {
        String body = "{\"events\":[{\"event_id\":\"ok-1\",\"type\":\"view\",\"anonymous_id\":\"a\","
                + "\"session_id\":\"s\",\"item_id\":\"i\",\"timestamp\":\"2026-11-28T13:40:00Z\"},"
                + "{\"event_id\":\"bad-1\",\"type\":\"view\",\"anonymous_id\":\"a\",\"session_id\":\"s\","
                + "\"timestamp\":\"2026-11-28T13:40:00Z\"}]}";
        JsonNode j = JSON.readTree(handler(s3).handleRequest(ApiGatewayEvents.post(body), null).getBody());
        assertEquals(j.get("rejected").size(), j.get("rejected_count").asInt());
        assertEquals("item_id", j.get("rejected").get(0).get("field").asText(), j.toString());
    }
}
