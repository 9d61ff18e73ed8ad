package dev.propel.functions.datasets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.propel.s3.embedded.EmbeddedS3;
import dev.propel.s3.embedded.EmbeddedS3Extension;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The chain lock alone against the embedded S3: racing runs hold it one at a time, with the short confirmation. */
@ExtendWith(EmbeddedS3Extension.class)
class ChainLockTest {
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-28T12:00:00Z"), ZoneOffset.UTC);
    /** Confirmation as short as the poll: the exclusion must come from the conditional writes, not from waiting. */
    private static final ChainSettings RACE = new ChainSettings(7, 62, 7, Duration.ofMinutes(15), 5_000,
            Duration.ofMillis(5), Duration.ofMillis(5));

    @Test
    void eightRacingRunsEachHoldTheChainAloneOnce(EmbeddedS3 s3) throws Exception {
        String bucket = "lock-race";
        s3.createBucket(bucket);
        int runs = 8;
        AtomicInteger holding = new AtomicInteger();
        AtomicInteger mostAtOnce = new AtomicInteger();
        AtomicInteger turns = new AtomicInteger();
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(runs);
        try {
            List<Future<?>> all = new ArrayList<>();
            for (int i = 0; i < runs; i++) {
                ChainLock lock = new ChainLock(s3.client(), bucket, CLOCK, RACE, "run-" + i);
                all.add(pool.submit(() -> {
                    start.await();
                    lock.acquire();
                    try {
                        mostAtOnce.accumulateAndGet(holding.incrementAndGet(), Math::max);
                        Thread.sleep(20); // hold the chain a while, as a build does, so overlaps would show
                        turns.incrementAndGet();
                        holding.decrementAndGet();
                    } finally {
                        lock.release();
                    }
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> f : all) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
        assertEquals(runs, turns.get(), "every run had its turn");
        assertEquals(1, mostAtOnce.get(), "never two holders at once");
    }

    @Test
    void aRunThatHoldsTheChainKeepsItAndAnotherGivesUpNamingIt(EmbeddedS3 s3) {
        String bucket = "lock-held";
        s3.createBucket(bucket);
        ChainSettings brief = new ChainSettings(7, 62, 7, Duration.ofMinutes(15), 2, Duration.ofMillis(5),
                Duration.ofMillis(5));
        ChainLock first = new ChainLock(s3.client(), bucket, CLOCK, brief, "first");
        first.acquire();
        ChainLock.Busy busy = assertThrows(ChainLock.Busy.class,
                () -> new ChainLock(s3.client(), bucket, CLOCK, brief, "second").acquire());
        assertTrue(busy.getMessage().contains("run first"), busy.getMessage());
        first.renew(); // still ours: the other run's attempts did not replace it
        first.release();
        new ChainLock(s3.client(), bucket, CLOCK, brief, "second").acquire();
        String lock = s3.client().getObjectAsBytes(g -> g.bucket(bucket).key(ChainLock.KEY)).asUtf8String();
        assertTrue(lock.contains("\"owner\":\"second\""), lock);
    }
}
