package dev.propel.functions.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.propel.core.event.IngestLimits;
import dev.propel.core.log.JsonLog;
import dev.propel.core.privacy.Pseudonymiser;
import dev.propel.functions.AthenaDdl;
import dev.propel.functions.AthenaLayoutCheck;
import dev.propel.functions.BucketContents;
import dev.propel.functions.storage.RawEventWriter;
import dev.propel.s3.embedded.EmbeddedS3;
import dev.propel.s3.embedded.EmbeddedS3Extension;
import dev.propel.testkit.LambdaTestContext;
import java.io.OutputStream;
import java.io.PrintStream;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.s3.S3Client;

/** What ingest writes is what docs/athena.sql's propel_raw_events declares. */
@ExtendWith(EmbeddedS3Extension.class)
class AthenaLayoutTest {
    @Test
    void rawObjectsMatchTheRawTable(EmbeddedS3 s3) {
        AthenaDdl raw = AthenaDdl.table("propel_raw_events");
        assertEquals(List.of("event_id", "type", "user_id", "anonymous_id", "session_id", "item_id", "timestamp",
                "price", "quantity", "properties", "received_at"), List.copyOf(raw.columns().keySet()));
        try (S3Client client = s3.client()) {
            Instant now = Instant.parse("2026-11-28T23:59:59.999Z");
            IngestService service = new IngestService(IngestLimits.DEFAULT,
                    new RawEventWriter(client, EmbeddedS3Extension.BUCKET, Pseudonymiser.identity()),
                    Clock.fixed(now, ZoneOffset.UTC));
            IngestHandler handler = new IngestHandler(service,
                    new JsonLog("IngestFunction", new PrintStream(OutputStream.nullOutputStream())));
            assertEquals(202, handler.handleRequest(
                    ApiGatewayEvents.post(ApiGatewayEvents.resource("ingest/batch-mixed.json")),
                    new LambdaTestContext("athena", "IngestFunction")).getStatusCode());
            BucketContents bucket = new BucketContents(client, EmbeddedS3Extension.BUCKET);
            List<String> keys = bucket.keys("raw/dt=2026-11-28/hour=23/");
            assertEquals(1, keys.size());
            AthenaLayoutCheck.check(raw, keys.get(0), bucket.gzipLines(keys.get(0)));
        }
    }
}
