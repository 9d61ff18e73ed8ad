package dev.propel.datagen.simulator;

import dev.propel.core.event.BehaviourEvent;
import dev.propel.datagen.truth.ConversionTruth;
import dev.propel.datagen.truth.DecisionTruth;
import dev.propel.datagen.truth.ItemTruth;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A whole simulation held in memory.
 *
 * @param deliveries      everything sent, in receive order (valid, duplicate and invalid)
 * @param conversionTruth one row per true event, in true order within each session
 * @param itemTruth       one row per candidate item of each converting session
 * @param summary         the counts
 * @param decisionTruth   one row per simulated decision (empty without a decision scenario)
 */
public record SimulationResult(List<Delivery> deliveries, List<ConversionTruth> conversionTruth,
                               List<ItemTruth> itemTruth, SimulationSummary summary,
                               List<DecisionTruth> decisionTruth) {

    /** A result without decisions. */
    public SimulationResult(List<Delivery> deliveries, List<ConversionTruth> conversionTruth,
                            List<ItemTruth> itemTruth, SimulationSummary summary) {
        this(deliveries, conversionTruth, itemTruth, summary, List.of());
    }

    /** The valid deliveries' events in receive order, duplicates included (what a client would POST). */
    public List<BehaviourEvent> events() {
        return deliveries.stream()
                .filter(d -> d instanceof EventDelivery)
                .map(d -> ((EventDelivery) d).event())
                .toList();
    }

    /** Each true event once (first delivery of each {@code event_id}), in receive order. */
    public List<BehaviourEvent> distinctEvents() {
        Map<String, BehaviourEvent> byId = new LinkedHashMap<>();
        for (BehaviourEvent e : events()) {
            byId.putIfAbsent(e.eventId(), e);
        }
        return List.copyOf(byId.values());
    }

    /** The invalid deliveries. */
    public List<InvalidDelivery> invalid() {
        return deliveries.stream()
                .filter(d -> d instanceof InvalidDelivery)
                .map(d -> (InvalidDelivery) d)
                .toList();
    }
}
