package dev.propel.datagen.simulator;

import dev.propel.datagen.decisions.DecisionScenario;
import dev.propel.datagen.truth.ConversionTruth;
import dev.propel.datagen.truth.DecisionTruth;
import dev.propel.datagen.truth.ItemTruth;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A seeded, deterministic simulation of an online shop (see {@code docs/simulator.md}): shoppers with tastes,
 * sessions through a view → click → cart → purchase funnel drawn from the known {@link ShopperModel}, realistic
 * dirt on the way out, and the exact ground-truth probabilities next to the events.
 *
 * <p>Use {@link #run(SimulationSink)} to stream a large run (memory stays bounded by the events in flight) or
 * {@link #runInMemory()} for a small one.
 */
public final class ShopSimulator {
    private final SimulationConfig config;
    private final DecisionScenario decisions;

    public ShopSimulator(SimulationConfig config) {
        this(config, null);
    }

    /**
     * A simulator whose shop also calls {@code /decide} once per session and whose shoppers react to the action
     * ({@code decisions} null: no decisions, exactly as {@link #ShopSimulator(SimulationConfig)}).
     */
    public ShopSimulator(SimulationConfig config, DecisionScenario decisions) {
        this.config = Objects.requireNonNull(config, "config");
        this.decisions = decisions;
    }

    /** Runs the whole simulation, handing deliveries (in receive order) and truth rows to the sink. */
    public SimulationSummary run(SimulationSink sink) {
        return new SimulationRun(config, sink, decisions).execute();
    }

    /** Runs the whole simulation and keeps everything in memory; for tests and demos of modest size. */
    public SimulationResult runInMemory() {
        List<Delivery> deliveries = new ArrayList<>();
        List<ConversionTruth> conversion = new ArrayList<>();
        List<ItemTruth> items = new ArrayList<>();
        List<DecisionTruth> decided = new ArrayList<>();
        SimulationSummary summary = run(new SimulationSink() {
            @Override
            public void delivery(Delivery delivery) {
                deliveries.add(delivery);
            }

            @Override
            public void conversionTruth(ConversionTruth truth) {
                conversion.add(truth);
            }

            @Override
            public void itemTruth(ItemTruth truth) {
                items.add(truth);
            }

            @Override
            public void decisionTruth(DecisionTruth truth) {
                decided.add(truth);
            }
        });
        return new SimulationResult(List.copyOf(deliveries), List.copyOf(conversion), List.copyOf(items), summary,
                List.copyOf(decided));
    }
}
