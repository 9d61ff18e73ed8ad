package dev.propel.datagen.simulator;

import java.util.Comparator;
import java.util.PriorityQueue;

/**
 * The deliveries in flight between the simulated clients and the server, handed to the sink in receive order
 * (ties in the order they were sent), so a run's memory is bounded by what is in flight.
 */
final class DeliveryQueue {
    private record Pending(long at, long seq, Delivery delivery) {
    }

    private final PriorityQueue<Pending> pending = new PriorityQueue<>(
            Comparator.comparingLong(Pending::at).thenComparingLong(Pending::seq));
    private final SimulationSink sink;
    private long seq;
    private long validDeliveries;

    DeliveryQueue(SimulationSink sink) {
        this.sink = sink;
    }

    /** Queues one delivery until its receive time. */
    void add(Delivery d) {
        pending.add(new Pending(d.deliveredAtMillis(), seq++, d));
        if (d instanceof EventDelivery) {
            validDeliveries++;
        }
    }

    /** Hands on every queued delivery received before {@code t}: nothing sent later can be received earlier. */
    void flushBefore(long t) {
        while (!pending.isEmpty() && pending.peek().at() < t) {
            sink.delivery(pending.poll().delivery());
        }
    }

    /** Valid deliveries queued so far, duplicates included. */
    long validDeliveries() {
        return validDeliveries;
    }
}
