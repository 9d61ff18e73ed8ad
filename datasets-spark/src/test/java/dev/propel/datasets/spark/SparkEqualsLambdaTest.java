package dev.propel.datasets.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.propel.core.event.BehaviourEvent;
import dev.propel.core.event.EventTypes;
import dev.propel.datagen.decisions.DecisionScenario;
import dev.propel.datagen.simulator.DirtRates;
import dev.propel.datagen.simulator.ShopSimulator;
import dev.propel.datagen.simulator.SimulationConfig;
import dev.propel.datagen.simulator.SimulationResult;
import dev.propel.functions.datasets.BuildSettings;
import dev.propel.functions.datasets.ChainSettings;
import dev.propel.functions.datasets.DatasetBuilder;
import dev.propel.functions.datasets.DayReport;
import dev.propel.s3.embedded.EmbeddedS3;
import dev.propel.s3.embedded.EmbeddedS3Extension;
import dev.propel.testkit.GzipJsonLines;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.apache.spark.api.java.JavaSparkContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Both builders on the same clean objects: the Lambda builder in-process, the Spark job in {@code local[2]} reading
 * and writing the embedded S3 through s3a. Every table, manifest, pointer and the sessions dataset must be equal
 * (rows order-insensitive), and bad input must fail alike.
 */
@ExtendWith(EmbeddedS3Extension.class)
class SparkEqualsLambdaTest {
    private static JavaSparkContext spark;

    @BeforeAll
    static void startSpark() {
        spark = LocalSpark.start(2);
    }

    @AfterAll
    static void stopSpark() {
        spark.close();
    }

    @Test
    void aSeededShopGivesTheSameTablesOnBothEngines(EmbeddedS3 s3) {
        SimulationResult sim = new ShopSimulator(SimulationConfig.defaults().withUsers(400).withDays(3)
                .withStart(LocalDate.of(2026, 11, 2)).withSeed(20261129L).withItems(300).withCategories(6)
                .withDirt(DirtRates.none())).runInMemory();
        List<BehaviourEvent> events = new ArrayList<>(sim.distinctEvents());
        // a retried upload: the same events again in a later object, which both builders must drop
        events.addAll(sim.distinctEvents().subList(0, 50));
        TreeSet<LocalDate> days = new TreeSet<>();
        for (BehaviourEvent e : sim.distinctEvents()) {
            days.add(LocalDate.ofInstant(e.timestamp(), ZoneOffset.UTC));
        }
        TwoBuckets b = TwoBuckets.create(s3, "shop");
        b.putCleanInBoth("sim", sim.distinctEvents());
        b.putCleanInBoth("retry", sim.distinctEvents().subList(0, 50));

        List<DayReport> lambda = new DatasetBuilder(s3.client(), b.lambda(), BuildSettings.defaults())
                .build(new ArrayList<>(days));
        List<DayReport> onSpark = b.sparkBuilder(spark, SparkSettings.defaults()).build(new ArrayList<>(days), 0);

        assertEquals(days.size(), onSpark.size());
        for (int i = 0; i < days.size(); i++) {
            assertSameCounts(lambda.get(i), onSpark.get(i));
            b.assertSameDay(lambda.get(i).day());
        }
        assertTrue(lambda.stream().mapToLong(DayReport::duplicates).sum() >= 50, "the retried objects were read");
        assertTrue(lambda.stream().mapToLong(DayReport::conversionRows).sum() > 1000, "a real workload: " + lambda);
        b.assertSameObject("stats/items/latest.json");
    }

    @Test
    void aDaySplitIntoSeveralPartsHoldsTheSameRows(EmbeddedS3 s3) {
        // with decisions: each is joined in its visitor's task, judged complete on the whole window's newest event
        SimulationResult sim = new ShopSimulator(SimulationConfig.defaults().withUsers(300).withDays(1)
                .withStart(LocalDate.of(2026, 11, 2)).withSeed(7L).withItems(200).withCategories(5)
                .withDirt(DirtRates.none()), DecisionScenario.DEFAULT).runInMemory();
        LocalDate day = LocalDate.of(2026, 11, 2);
        TwoBuckets b = TwoBuckets.create(s3, "split");
        b.putCleanInBoth("sim", sim.distinctEvents());

        DayReport lambda = new DatasetBuilder(s3.client(), b.lambda(), BuildSettings.defaults()).build(day, 0);
        // parts of 4 KiB of input: several tasks, several part files, the same rows
        DayReport onSpark = b.sparkBuilder(spark, SparkSettings.of(BuildSettings.defaults(), 4096)).build(day, 0);

        assertSameCounts(lambda, onSpark);
        assertTrue(b.sparkManifestFiles("datasets/conversion/dt=" + day + "/").size() > 1, "split into parts");
        assertTrue(b.lambdaManifestRows("datasets/decisions/dt=" + day + "/") > 20, "decisions were joined");
        b.assertSameDay(day);
    }

    @Test
    void theRealRees46SampleGivesTheSameTables(EmbeddedS3 s3) throws Exception {
        Path file = RealSample.file();
        Assumptions.assumeTrue(file != null && Files.isRegularFile(file), "real samples absent: " + file);
        List<BehaviourEvent> events = RealSample.rees46(file);
        TwoBuckets b = TwoBuckets.create(s3, "rees46");
        b.putCleanInBoth("1569888000000-rees46", events);
        LocalDate day = LocalDate.parse("2019-10-01");

        DayReport lambda = new DatasetBuilder(s3.client(), b.lambda(), BuildSettings.defaults()).build(day, 0);
        DayReport onSpark = b.sparkBuilder(spark, SparkSettings.defaults()).build(day, 0);

        assertSameCounts(lambda, onSpark);
        assertTrue(lambda.sessions() > 100, "sessions: " + lambda.sessions());
        b.assertSameDay(day);
    }

    @Test
    void anEmptyDayWritesTheSameEmptyTables(EmbeddedS3 s3) {
        TwoBuckets b = TwoBuckets.create(s3, "empty");
        LocalDate day = LocalDate.of(2026, 11, 5);

        DayReport lambda = new DatasetBuilder(s3.client(), b.lambda(), BuildSettings.defaults()).build(day, 0);
        DayReport onSpark = b.sparkBuilder(spark, SparkSettings.defaults()).build(day, 0);

        assertSameCounts(lambda, onSpark);
        assertEquals(0, onSpark.conversionRows());
        b.assertSameDay(day);
    }

    @Test
    void aMalformedCleanLineFailsTheDayWithTheLambdaBuildersMessage(EmbeddedS3 s3) {
        TwoBuckets b = TwoBuckets.create(s3, "malformed");
        Instant at = Instant.parse("2026-11-03T10:15:00Z");
        b.putCleanInBoth("good", List.of(new BehaviourEvent("e-1", EventTypes.VIEW, "u-1", null, "s-1", "i-1", at,
                9.5, null, Map.of(), null)));
        b.putRawInBoth("clean/dt=2026-11-03/hour=10/bad" + dev.propel.core.layout.S3Layout.EVENT_OBJECT_SUFFIX,
                GzipJsonLines.lines(List.of("{\"event_id\": \"e-2\", \"type\": \"view\", \"timestamp\": ",
                        " not json")));
        LocalDate day = LocalDate.of(2026, 11, 3);

        RuntimeException lambda = assertThrows(RuntimeException.class,
                () -> new DatasetBuilder(s3.client(), b.lambda(), BuildSettings.defaults()).build(day, 0));
        RuntimeException onSpark = assertThrows(RuntimeException.class,
                () -> b.sparkBuilder(spark, SparkSettings.defaults()).build(day, 0));

        assertEquals(lambda.getClass(), onSpark.getClass());
        assertEquals(lambda.getMessage(), onSpark.getMessage());
        assertTrue(onSpark.getMessage().contains("bad"), onSpark.getMessage());
    }

    @Test
    void theSparkJobWaitsForTheDayChainLockLikeTheLambdaBuilder(EmbeddedS3 s3) {
        TwoBuckets b = TwoBuckets.create(s3, "locked");
        Instant now = Instant.parse("2026-11-29T06:00:00Z");
        // the hourly function's run holds the chain for ten more minutes
        b.putInSpark("stats/_chain/lock.json", "{\"owner\": \"hourly-run\", \"expires\": \"2026-11-29T06:10:00Z\"}");
        ChainSettings noWait = new ChainSettings(7, 62, 7, Duration.ofMinutes(15), 0, Duration.ofMillis(1),
                Duration.ofMillis(1));

        IllegalStateException busy = assertThrows(IllegalStateException.class,
                () -> b.sparkBuilder(spark, SparkSettings.defaults(), noWait, Clock.fixed(now, ZoneOffset.UTC))
                        .build(LocalDate.of(2026, 11, 5), 0));

        assertTrue(busy.getMessage().contains("being built by run hourly-run"), busy.getMessage());
        assertEquals(new TreeSet<>(List.of("stats/_chain/lock.json")), b.sparkKeys("stats/"), "nothing built");
        assertTrue(b.sparkKeys("datasets/").isEmpty(), "nothing built");
    }

    private static void assertSameCounts(DayReport lambda, DayReport spark) {
        assertEquals(lambda.day(), spark.day());
        assertEquals(lambda.objects(), spark.objects(), "objects");
        assertEquals(lambda.linesRead(), spark.linesRead(), "lines read");
        assertEquals(lambda.duplicates(), spark.duplicates(), "duplicates");
        assertEquals(lambda.dayEvents(), spark.dayEvents(), "day events");
        assertEquals(lambda.sessions(), spark.sessions(), "sessions");
        assertEquals(lambda.conversionRows(), spark.conversionRows(), "conversion rows");
        assertEquals(lambda.itemRows(), spark.itemRows(), "item rows");
        assertEquals(lambda.items(), spark.items(), "items");
        assertEquals(lambda.users(), spark.users(), "users");
        assertEquals(lambda.trigger(), spark.trigger(), "trigger");
    }
}
