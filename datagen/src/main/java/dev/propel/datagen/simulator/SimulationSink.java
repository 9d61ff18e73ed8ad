package dev.propel.datagen.simulator;

import dev.propel.datagen.truth.ConversionTruth;
import dev.propel.datagen.truth.DecisionTruth;
import dev.propel.datagen.truth.ItemTruth;

/** Receives a simulation's output as it is produced: deliveries in receive order, truth in true event order. */
public interface SimulationSink {

    /** One delivery, in server receive order. */
    void delivery(Delivery delivery);

    /** The conversion ground truth after one event; every true (non-duplicate) event gets exactly one. */
    default void conversionTruth(ConversionTruth truth) {
    }

    /** The item ground truth of one candidate of a converting session. */
    default void itemTruth(ItemTruth truth) {
    }

    /** The truth of one simulated decision (only in runs with a decision scenario), when its session ends. */
    default void decisionTruth(DecisionTruth truth) {
    }
}
