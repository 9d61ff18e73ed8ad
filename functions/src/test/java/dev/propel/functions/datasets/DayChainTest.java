package dev.propel.functions.datasets;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.propel.core.event.BehaviourEvent;
import dev.propel.core.event.EventTypes;
import dev.propel.core.features.LatestItemStats;
import dev.propel.s3.embedded.EmbeddedS3;
import dev.propel.s3.embedded.EmbeddedS3Extension;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.core.sync.RequestBody;

/** The day chain against the embedded S3: gaps, cascades, late clean objects, the lock and concurrent builds. */
@ExtendWith(EmbeddedS3Extension.class)
class DayChainTest {
    static final LocalDate D1 = LocalDate.parse("2026-11-20");
    private static final AtomicInteger BUCKETS = new AtomicInteger();
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-28T12:00:00Z"), ZoneOffset.UTC);
    private static final ChainSettings FAST = new ChainSettings(7, 62, 7, Duration.ofMinutes(15), 200,
            Duration.ofMillis(20), Duration.ofMillis(20));

    private static int seq;

    /** Two users a day: one new to that day ({@code n<k>}) and a regular ({@code r}); one item per day. */
    static List<BehaviourEvent> day(LocalDate d, String tag) {
        Instant t = d.atTime(10, 0).toInstant(ZoneOffset.UTC);
        List<BehaviourEvent> out = new ArrayList<>();
        out.add(ev(t, EventTypes.VIEW, "n-" + d + tag, "item-" + d));
        out.add(ev(t.plusSeconds(60), EventTypes.PURCHASE, "n-" + d + tag, "item-" + d));
        out.add(ev(t.plusSeconds(3600), EventTypes.VIEW, "r", "item-" + d));
        return out;
    }

    static BehaviourEvent ev(Instant at, String type, String user, String item) {
        return new BehaviourEvent("chain-" + (seq++), type, user, null, null, item, at, 4.0, null, Map.of(), null);
    }

    static CleanBucket bucket(EmbeddedS3 s3, int days) {
        String name = "chain-" + BUCKETS.incrementAndGet();
        s3.createBucket(name);
        CleanBucket b = new CleanBucket(s3.client(), name);
        for (int i = 0; i < days; i++) {
            b.putClean("day-" + i, day(D1.plusDays(i), ""));
        }
        return b;
    }

    static DatasetBuilder builder(CleanBucket b, ChainSettings chain) {
        return new DatasetBuilder(b.s3, b.bucket, BuildSettings.defaults(), chain, CLOCK);
    }

    static List<LocalDate> days(int from, int to) {
        List<LocalDate> out = new ArrayList<>();
        for (int i = from; i <= to; i++) {
            out.add(D1.plusDays(i));
        }
        return out;
    }

    static Set<String> users(CleanBucket b, LocalDate d) {
        Set<String> out = new TreeSet<>();
        b.csv("stats/users/dt=" + d + "/part-00000.csv.gz").forEach(r -> out.add(r.get("actor_id")));
        return out;
    }

    static List<String> built(List<DayReport> reports) {
        return reports.stream().map(r -> r.day() + ":" + r.trigger()).toList();
    }

    @Test
    void aMissingPreviousDayIsBuiltFirstAndTheChainEqualsAnInOrderBuild(EmbeddedS3 s3) {
        CleanBucket b = bucket(s3, 3);
        builder(b, FAST).build(List.of(D1));
        List<DayReport> r = builder(b, FAST).build(List.of(D1.plusDays(2)));
        assertEquals(List.of(D1.plusDays(1) + ":previous", D1.plusDays(2) + ":requested"), built(r));
        assertTrue(users(b, D1.plusDays(2)).contains("n-" + D1.plusDays(1)),
                "the day before, missing until now, is in the chain: its new user is known on the third day");

        CleanBucket inOrder = bucket(s3, 3);
        builder(inOrder, FAST).build(days(0, 2));
        for (String table : List.of("items", "users")) {
            assertArrayEquals(inOrder.get("stats/" + table + "/dt=" + D1.plusDays(2) + "/part-00000.csv.gz"),
                    b.get("stats/" + table + "/dt=" + D1.plusDays(2) + "/part-00000.csv.gz"), table);
        }
    }

    @Test
    void aGapLongerThanTheLimitFailsNamingTheMissingDay(EmbeddedS3 s3) {
        CleanBucket b = bucket(s3, 4);
        ChainSettings oneDay = new ChainSettings(1, 62, 7, Duration.ofMinutes(15), 2, Duration.ofMillis(10),
                Duration.ofMillis(10));
        builder(b, oneDay).build(List.of(D1));
        DayChain.MissingDay e = assertThrows(DayChain.MissingDay.class,
                () -> builder(b, oneDay).build(List.of(D1.plusDays(3))));
        assertEquals(D1.plusDays(2), e.day());
        assertTrue(e.getMessage().contains("the stats of " + D1.plusDays(2) + " are missing"), e.getMessage());
        assertTrue(e.getMessage().contains("build " + D1.plusDays(1) + " to " + D1.plusDays(2) + " first"),
                e.getMessage());
        assertEquals(Set.of(D1), new PartitionStore(b.s3, b.bucket).days("stats/items/"), "nothing half-built");
        builder(b, FAST).build(List.of(D1.plusDays(3))); // a larger limit fills the gap
        assertEquals(new TreeSet<>(days(0, 3)), new PartitionStore(b.s3, b.bucket).days("stats/items/"));
    }

    @Test
    void rebuildingADayRebuildsTheDaysAfterItAndARerunChangesNothing(EmbeddedS3 s3) {
        CleanBucket b = bucket(s3, 3);
        builder(b, FAST).build(days(0, 2));
        Map<String, byte[]> before = b.snapshot("stats/items/");
        // a backfill of the first day brings a user nobody had seen
        b.putClean("backfill", List.of(ev(D1.atTime(15, 0).toInstant(ZoneOffset.UTC), EventTypes.VIEW, "late-user",
                "item-x")));
        List<DayReport> r = builder(b, FAST).build(List.of(D1));
        assertEquals(List.of(D1 + ":requested", D1.plusDays(1) + ":cascade", D1.plusDays(2) + ":cascade"),
                built(r));
        assertTrue(users(b, D1.plusDays(2)).contains("late-user"));
        assertTrue(!java.util.Arrays.equals(before.get("stats/items/dt=" + D1.plusDays(2) + "/part-00000.csv.gz"),
                b.get("stats/items/dt=" + D1.plusDays(2) + "/part-00000.csv.gz")), "the cascade reached the end");
        assertEquals(D1.plusDays(2).toString(), b.json(LatestItemStats.LATEST_KEY).get("dt").asText(),
                "rebuilding an old day never moves the pointer back");

        Map<String, byte[]> after = b.snapshot("stats/");
        assertEquals(List.of(D1 + ":requested"), built(builder(b, FAST).build(List.of(D1))),
                "nothing changed: the next days are current and are not rebuilt");
        Map<String, byte[]> again = b.snapshot("stats/");
        for (String k : after.keySet()) {
            if (!k.startsWith("stats/_chain/")) {
                assertArrayEquals(after.get(k), again.get(k), k);
            }
        }
    }

    @Test
    void cleanObjectsLandingAfterADaysBuildGetItRebuiltByTheNextRun(EmbeddedS3 s3) {
        CleanBucket b = bucket(s3, 3);
        builder(b, FAST).build(days(0, 2));
        // a redriven or reconciled object of the second day lands after that day was built
        b.putClean("redriven", List.of(ev(D1.plusDays(1).atTime(18, 0).toInstant(ZoneOffset.UTC),
                EventTypes.PURCHASE, "redriven-user", "item-y")));
        List<DayReport> r = builder(b, FAST).build(List.of(D1.plusDays(2))); // the next scheduled run
        assertEquals(List.of(D1.plusDays(1) + ":late", D1.plusDays(2) + ":requested"), built(r));
        List<Map<String, String>> daily = b.csv("stats/daily/dt=" + D1.plusDays(1) + "/part-00000.csv.gz");
        assertEquals("2", daily.get(0).get("purchases"));
        assertTrue(users(b, D1.plusDays(2)).contains("redriven-user"));
    }

    @Test
    void aHeldLockMakesAnotherBuildWaitThenFailAndAnExpiredOneIsTakenOver(EmbeddedS3 s3) {
        CleanBucket b = bucket(s3, 1);
        Instant now = CLOCK.instant();
        ChainSettings brief = new ChainSettings(7, 62, 7, Duration.ofMinutes(15), 2, Duration.ofMillis(10),
                Duration.ofMillis(10));
        b.s3.putObject(p -> p.bucket(b.bucket).key(ChainLock.KEY), RequestBody.fromString(
                "{\"owner\":\"other-run\",\"expires\":\"" + now.plusSeconds(60) + "\"}"));
        ChainLock.Busy busy = assertThrows(ChainLock.Busy.class, () -> builder(b, brief).build(List.of(D1)));
        assertTrue(busy.getMessage().contains("other-run"), busy.getMessage());
        assertTrue(new PartitionStore(b.s3, b.bucket).days("stats/items/").isEmpty());

        Clock later = Clock.offset(CLOCK, Duration.ofSeconds(61)); // the other run crashed: its lease ran out
        new DatasetBuilder(b.s3, b.bucket, BuildSettings.defaults(), brief, later).build(List.of(D1));
        assertEquals(Set.of(D1), new PartitionStore(b.s3, b.bucket).days("stats/items/"));
        assertEquals(Instant.EPOCH.toString(), b.json(ChainLock.KEY).get("expires").asText(), "released");
    }

    @Test
    void concurrentBuildsTakeTurnsAndLeaveTheSameChainAsOneBuild(EmbeddedS3 s3) throws Exception {
        CleanBucket b = bucket(s3, 3);
        ExecutorService pool = Executors.newFixedThreadPool(3);
        try {
            // the hourly run, a backfill and a duplicate delivery of the hourly run, at once
            List<Future<List<DayReport>>> runs = List.of(
                    pool.submit(() -> builder(b, FAST).build(days(2, 2))),
                    pool.submit(() -> builder(b, FAST).build(days(0, 2))),
                    pool.submit(() -> builder(b, FAST).build(days(2, 2))));
            for (Future<List<DayReport>> f : runs) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
        CleanBucket once = bucket(s3, 3);
        builder(once, FAST).build(days(0, 2));
        PartitionStore store = new PartitionStore(b.s3, b.bucket);
        for (LocalDate d : days(0, 2)) {
            for (String table : List.of("items", "users", "daily", "retention")) {
                String key = "stats/" + table + "/dt=" + d + "/part-00000.csv.gz";
                assertArrayEquals(once.get(key), b.get(key), key);
            }
            DayMarker m = store.marker(d).orElseThrow();
            assertEquals(store.partETag("stats/items/", d), m.itemsETag(), "the record names the part there");
            assertEquals(store.partETag("stats/users/", d), m.usersETag());
        }
        assertEquals(D1.plusDays(2).toString(), b.json(LatestItemStats.LATEST_KEY).get("dt").asText());
    }
}
