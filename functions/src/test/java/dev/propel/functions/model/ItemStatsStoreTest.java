package dev.propel.functions.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.propel.core.features.ItemStatsTable;
import dev.propel.core.log.JsonLog;
import dev.propel.s3.embedded.EmbeddedS3;
import dev.propel.s3.embedded.EmbeddedS3Extension;
import dev.propel.testkit.TestModels;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

/** Item stats follow {@code stats/items/latest.json}; a broken pointer keeps the loaded table. */
@ExtendWith(EmbeddedS3Extension.class)
class ItemStatsStoreTest {
    private static final String BUCKET = EmbeddedS3Extension.BUCKET;

    @Test
    void emptyUntilPublishedThenLoadedAndKeptWhenThePointerBreaks(EmbeddedS3 server) {
        S3Client s3 = server.client();
        AtomicLong clock = new AtomicLong();
        ByteArrayOutputStream logBytes = new ByteArrayOutputStream();
        ItemStatsStore store = new ItemStatsStore(s3, BUCKET, Duration.ofSeconds(10), clock::get,
                new JsonLog("test", new PrintStream(logBytes, true, StandardCharsets.UTF_8)));

        assertEquals(0, store.current().size());

        TestModels.publishStats(s3, BUCKET);
        assertEquals(0, store.current().size(), "not re-checked before the interval");
        clock.addAndGet(Duration.ofSeconds(11).toNanos());
        ItemStatsTable loaded = store.current();
        assertEquals(TestModels.stats().size(), loaded.size());
        assertEquals(TestModels.stats().mostPopular(3).stream().map(i -> i.itemId()).toList(),
                loaded.mostPopular(3).stream().map(i -> i.itemId()).toList());
        assertEquals(TestModels.stats().get("sku-0000").purchases(), loaded.get("sku-0000").purchases());
        assertTrue(store.partition().endsWith("part-00000.csv.gz"));

        s3.putObject(b -> b.bucket(BUCKET).key(ItemStatsStore.pointerKey()),
                RequestBody.fromString("{\"key\": \"stats/items/dt=2026-11-28/missing.csv.gz\"}"));
        clock.addAndGet(Duration.ofSeconds(11).toNanos());
        assertSame(loaded, store.current());
        assertTrue(logBytes.toString(StandardCharsets.UTF_8).contains("item stats not loaded, keeping previous"));
    }
}
