package dev.propel.datagen.simulator;

import dev.propel.datagen.decisions.DecisionScenario;
import dev.propel.datagen.decisions.SimulatedDecider;
import java.util.Comparator;
import java.util.PriorityQueue;
import java.util.SplittableRandom;

/**
 * One execution of a {@link SimulationConfig}: shoppers' visits in time order, each session simulated by the
 * {@link ShopperBehaviour}, its events sent through the {@link ClientDirt} into the {@link DeliveryQueue}, which
 * hands them to the sink in receive order. Independent random streams keep the behaviour (and so the ground truth)
 * identical whatever the dirt rates: one drives behaviour, one the dirt, one the ids (then the catalogue's and the
 * decider's).
 */
final class SimulationRun {
    private final SimulationConfig config;
    private final VisitSchedule schedule;
    private final ShopperBehaviour behaviour;
    private final ClientDirt dirt;
    private final DeliveryQueue queue;

    private long users;

    SimulationRun(SimulationConfig config, SimulationSink sink) {
        this(config, sink, null);
    }

    SimulationRun(SimulationConfig config, SimulationSink sink, DecisionScenario scenario) {
        this.config = config;
        SplittableRandom root = new SplittableRandom(config.seed());
        // the order of the splits fixes every stream: behaviour, dirt, ids, catalogue, then the decider
        SplittableRandom rng = root.split();
        SplittableRandom dirtRng = root.split();
        SplittableRandom idRng = root.split();
        Catalog catalog = new Catalog(config.items(), config.categories(), root.split());
        // split last, after every other stream, so the behaviour, dirt, ids and catalogue stay the same
        SimulatedDecider decider = scenario == null ? null : new SimulatedDecider(scenario, root.split());
        this.queue = new DeliveryQueue(sink);
        this.dirt = new ClientDirt(config.dirt(), dirtRng, queue);
        this.schedule = new VisitSchedule(rng, config.start(), config.days());
        this.behaviour = new ShopperBehaviour(rng, idRng, catalog, dirt, queue, sink, decider);
    }

    private record Visit(long start, Shopper shopper) {
    }

    SimulationSummary execute() {
        PriorityQueue<Visit> visits = new PriorityQueue<>(
                Comparator.comparingLong(Visit::start).thenComparingInt(v -> v.shopper().index));
        for (int u = 0; u < config.users(); u++) {
            Shopper shopper = behaviour.newShopper(u);
            visits.add(new Visit(schedule.firstStart(), shopper));
        }
        while (!visits.isEmpty()) {
            Visit visit = visits.poll();
            // what is received before this visit starts is final: anything it sends arrives later
            queue.flushBefore(visit.start());
            Shopper shopper = visit.shopper();
            if (shopper.sessions == 0) {
                users++;
            }
            long end = behaviour.simulateSession(shopper, visit.start());
            if (behaviour.returns(shopper)) {
                long next = schedule.nextStart(end + VisitSchedule.HOUR);
                if (next >= 0) {
                    visits.add(new Visit(next, shopper));
                }
            }
        }
        queue.flushBefore(Long.MAX_VALUE);
        return new SimulationSummary(users, behaviour.sessions(), behaviour.converting(), behaviour.events(),
                queue.validDeliveries(), dirt.duplicates(), dirt.late(), dirt.outOfOrder(), dirt.invalid(),
                dirt.missingOptional(), dirt.sessionsWithoutId(), dirt.skewedUsers(), behaviour.itemTruthRows(),
                behaviour.purchases());
    }
}
