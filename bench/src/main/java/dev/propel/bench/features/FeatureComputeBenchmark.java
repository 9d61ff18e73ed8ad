package dev.propel.bench.features;

import dev.propel.core.event.BehaviourEvent;
import dev.propel.core.event.EventTypes;
import dev.propel.core.features.FeatureRow;
import dev.propel.core.features.ItemFeatures;
import dev.propel.core.features.ItemStats;
import dev.propel.core.features.ItemStatsTable;
import dev.propel.core.features.SessionFeatures;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What serving pays for features per request: the session features of a live session, and the item-task rows of
 * 200 candidates (one pass over the session plus a stats lookup per candidate).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class FeatureComputeBenchmark {
    @Param({"20"})
    public int sessionEvents;

    private List<BehaviourEvent> session;
    private List<String> candidates;
    private ItemStatsTable stats;
    private Instant cut;

    @Setup
    public void setUp() {
        SplittableRandom rnd = new SplittableRandom(7);
        Instant t0 = Instant.parse("2026-11-28T10:00:00Z");
        session = new ArrayList<>();
        for (int i = 0; i < sessionEvents; i++) {
            String type = i % 7 == 6 ? EventTypes.ADD_TO_CART : EventTypes.VIEW;
            session.add(new BehaviourEvent("e" + i, type, "u1", null, null, "item-" + rnd.nextInt(50),
                    t0.plusSeconds(30L * i), 10.0 + i, null, Map.of(), null));
        }
        List<ItemStats> rows = new ArrayList<>();
        for (int i = 0; i < 5000; i++) {
            rows.add(new ItemStats("item-" + i, 100 + i, i % 20, i % 7, ItemStats.conversionRate(100 + i, i % 7),
                    t0, 9.5));
        }
        stats = ItemStatsTable.of(rows);
        candidates = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            candidates.add("item-" + (i * 13 % 5000));
        }
        cut = t0.plusSeconds(3600);
    }

    @Benchmark
    public FeatureRow sessionFeatures() {
        return SessionFeatures.compute(session, cut);
    }

    private final float[] batch = new float[200 * ItemFeatures.NUMERIC];
    private final String[] batchCategorical = new String[200 * ItemFeatures.CATEGORICAL];

    @Benchmark
    public float[] itemBatch200Into() {
        ItemFeatures.computeInto(session, candidates, cut, stats, batch, batchCategorical);
        return batch;
    }

    @Benchmark
    public List<FeatureRow> itemRows200() {
        return ItemFeatures.computeAll(session, candidates, cut, stats);
    }
}
