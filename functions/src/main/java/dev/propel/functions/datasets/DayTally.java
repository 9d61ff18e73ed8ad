package dev.propel.functions.datasets;

import dev.propel.core.event.BehaviourEvent;
import dev.propel.core.event.EventTypes;
import dev.propel.core.features.ItemStats;
import dev.propel.core.features.SessionFeatures;
import java.io.Serializable;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What the daily funnel and the item stats count of one day: the behaviour events whose timestamp falls on the day,
 * whatever session they belong to. One definition for both builders: the Lambda builder adds a whole day's events
 * in input order; the Spark job adds one actor's events per tally and {@link #merge}s the tallies (every count
 * here is a sum or a set union), and builds the {@link #itemWindow()} from one item's events per tally in input
 * order, because an item's last-seen price depends on that order.
 */
public final class DayTally implements Serializable {
    private static final long serialVersionUID = 1L;

    private final long fromMillis;
    private final long toMillis;
    private final Set<String> active = new HashSet<>();
    private final Set<String> viewers = new HashSet<>();
    private final Set<String> carters = new HashSet<>();
    private final Set<String> buyers = new HashSet<>();
    private final Map<String, long[]> itemCounts = new HashMap<>();
    private final Map<String, Instant> itemLastSeen = new HashMap<>();
    private final Map<String, Double> itemPrice = new HashMap<>();
    private long dayEvents;
    private long purchases;
    private double revenue;

    /** An empty tally of {@code day} (UTC). */
    public DayTally(LocalDate day) {
        this.fromMillis = day.atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli();
        this.toMillis = day.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli();
    }

    /** Counts one event if it is a behaviour event timestamped on the day; call in input order. */
    public void add(BehaviourEvent e) {
        Instant t = e.timestamp();
        if (t.isBefore(Instant.ofEpochMilli(fromMillis)) || !t.isBefore(Instant.ofEpochMilli(toMillis))
                || !SessionFeatures.isBehaviour(e)) {
            return;
        }
        dayEvents++;
        String actor = e.actorId() == null ? "" : e.actorId();
        active.add(actor);
        String type = e.type();
        boolean view = EventTypes.VIEW.equals(type) || EventTypes.CLICK.equals(type);
        boolean cart = EventTypes.ADD_TO_CART.equals(type);
        boolean purchase = EventTypes.PURCHASE.equals(type);
        if (view) {
            viewers.add(actor);
        } else if (cart) {
            carters.add(actor);
        } else if (purchase) {
            buyers.add(actor);
            purchases++;
            if (e.price() != null) {
                revenue += e.price() * (e.quantity() == null ? 1 : e.quantity());
            }
        }
        if (e.itemId() != null && (view || cart || purchase)) {
            long[] c = itemCounts.computeIfAbsent(e.itemId(), k -> new long[3]);
            c[view ? 0 : cart ? 1 : 2]++;
            Instant last = itemLastSeen.get(e.itemId());
            if (last == null || !t.isBefore(last)) {
                itemLastSeen.put(e.itemId(), t);
                if (e.price() != null) {
                    itemPrice.put(e.itemId(), e.price());
                }
            }
        }
    }

    /**
     * Adds another tally's actor counts (events, actors, funnel sets, purchases, revenue). Item counts are not
     * merged: an item's window comes from one tally over all its events in input order.
     */
    public void merge(DayTally other) {
        dayEvents += other.dayEvents;
        purchases += other.purchases;
        revenue += other.revenue;
        active.addAll(other.active);
        viewers.addAll(other.viewers);
        carters.addAll(other.carters);
        buyers.addAll(other.buyers);
    }

    /** The day's per-item counts, last-seen time and price (the window added to the cumulative item stats). */
    public List<ItemStats> itemWindow() {
        List<ItemStats> window = new ArrayList<>(itemCounts.size());
        for (Map.Entry<String, long[]> c : itemCounts.entrySet()) {
            long[] v = c.getValue();
            window.add(new ItemStats(c.getKey(), v[0], v[1], v[2], ItemStats.conversionRate(v[0], v[2]),
                    itemLastSeen.get(c.getKey()), itemPrice.get(c.getKey())));
        }
        return window;
    }

    public long dayEvents() {
        return dayEvents;
    }

    public long purchases() {
        return purchases;
    }

    public double revenue() {
        return revenue;
    }

    /** Actors with at least one behaviour event on the day ({@code ""} for events without any id). */
    public Set<String> active() {
        return active;
    }

    public Set<String> viewers() {
        return viewers;
    }

    public Set<String> carters() {
        return carters;
    }

    public Set<String> buyers() {
        return buyers;
    }
}
