package dev.propel.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.propel.core.event.BehaviourEvent;
import dev.propel.core.event.EventJson;
import dev.propel.core.event.EventTypes;
import dev.propel.s3.embedded.EmbeddedS3;
import dev.propel.s3.embedded.EmbeddedS3Extension;
import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Clean objects land where the preprocess stage puts them, as gzip JSON lines the pipeline reads back. */
@ExtendWith(EmbeddedS3Extension.class)
class CleanObjectsTest {
    private static BehaviourEvent event(String id, Instant at, Instant receivedAt) {
        return new BehaviourEvent(id, EventTypes.VIEW, "u-1", null, "s-1", "sku-1", at, null, null, null,
                receivedAt);
    }

    @Test
    void onePartitionPerReceiveHourEventTimeWhenNotReceived(EmbeddedS3 s3) throws IOException {
        s3.createBucket("kit");
        BehaviourEvent late = event("e-1", Instant.parse("2026-11-28T08:59:00Z"),
                Instant.parse("2026-11-28T10:05:00Z"));
        BehaviourEvent onTime = event("e-2", Instant.parse("2026-11-28T09:10:00Z"), null);
        BehaviourEvent sameHour = event("e-3", Instant.parse("2026-11-28T09:40:00Z"),
                Instant.parse("2026-11-28T09:41:00Z"));

        List<String> keys = CleanObjects.put(s3.client(), "kit", "sim", List.of(late, onTime, sameHour));

        assertEquals(List.of("clean/dt=2026-11-28/hour=09/sim.jsonl.gz", "clean/dt=2026-11-28/hour=10/sim.jsonl.gz"),
                keys);
        assertEquals(List.of(onTime, sameHour), read(s3, keys.get(0)));
        assertEquals(List.of(late), read(s3, keys.get(1)));
    }

    @Test
    void textLinesAreWrittenAsGiven() throws IOException {
        byte[] gz = GzipJsonLines.lines(List.of("{\"a\":1}", "not json"));
        try (BufferedReader r = new BufferedReader(new InputStreamReader(
                new GZIPInputStream(new ByteArrayInputStream(gz)), StandardCharsets.UTF_8))) {
            assertEquals(List.of("{\"a\":1}", "not json"), r.lines().toList());
        }
    }

    private static List<BehaviourEvent> read(EmbeddedS3 s3, String key) throws IOException {
        byte[] gz = s3.client().getObjectAsBytes(b -> b.bucket("kit").key(key)).asByteArray();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(
                new GZIPInputStream(new ByteArrayInputStream(gz)), StandardCharsets.UTF_8))) {
            return r.lines().map(EventJson::parse).toList();
        }
    }
}
