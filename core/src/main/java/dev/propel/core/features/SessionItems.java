package dev.propel.core.features;

import dev.propel.core.event.BehaviourEvent;
import dev.propel.core.event.EventTypes;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The per-item activity of a session before a cut, gathered in one pass: the source of the
 * {@link FeatureSchema#ITEM_IN_SESSION} features for any number of candidate items. Build it once per session and
 * request, then ask for each candidate ({@link ItemFeatures} does exactly this).
 */
public final class SessionItems {
    /** Number of numeric item-in-session plus item-stats features. */
    public static final int NUMERIC = FeatureSchema.ITEM_IN_SESSION.size() + FeatureSchema.ITEM_STATS.size();

    private final Map<String, Activity> byItem;
    private final List<String> recentFirst;

    private SessionItems(Map<String, Activity> byItem, List<String> recentFirst) {
        this.byItem = byItem;
        this.recentFirst = recentFirst;
    }

    /** Gathers the item activity of the events (in time order) strictly before {@code cut}. */
    public static SessionItems of(List<BehaviourEvent> events, Instant cut) {
        Map<String, Activity> byItem = new HashMap<>();
        Activity viewing = null;
        long viewingAt = 0;
        int seq = 0;
        for (int i = 0, size = events.size(); i < size; i++) {
            BehaviourEvent e = events.get(i);
            if (!SessionFeatures.visible(e, cut)) {
                continue;
            }
            long t = e.timestamp().toEpochMilli();
            if (viewing != null) {
                // dwell is only known once the next event is seen, so the latest view never has one
                viewing.dwellMillis += Math.max(0, t - viewingAt);
                viewing = null;
            }
            String item = e.itemId();
            if (item == null) {
                continue;
            }
            Activity a = byItem.computeIfAbsent(item, Activity::new);
            a.lastTouch = seq++;
            if (e.price() != null) {
                a.price = e.price();
            }
            switch (e.type()) {
                case EventTypes.VIEW, EventTypes.CLICK -> {
                    a.views++;
                    viewing = a;
                    viewingAt = t;
                }
                case EventTypes.ADD_TO_CART -> a.carts++;
                case EventTypes.REMOVE_FROM_CART -> a.removes++;
                default -> {
                    // purchases and custom item events only mark the item as touched
                }
            }
        }
        List<Activity> order = new ArrayList<>(byItem.values());
        order.sort((x, y) -> Integer.compare(y.lastTouch, x.lastTouch));
        List<String> recentFirst = new ArrayList<>(order.size());
        for (int i = 0; i < order.size(); i++) {
            order.get(i).positionFromEnd = i;
            recentFirst.add(order.get(i).itemId);
        }
        return new SessionItems(byItem, List.copyOf(recentFirst));
    }

    /** The items the session touched before the cut, most recent first (the natural candidates). */
    public List<String> items() {
        return recentFirst;
    }

    /** Whether the session touched the item before the cut. */
    public boolean contains(String itemId) {
        return byItem.containsKey(itemId);
    }

    /**
     * Writes the item-in-session then item-stats features of {@code itemId} into {@code num[offset..]} in schema
     * order. {@code stats} comes from EARLIER windows (the latest item stats partition); null = unknown item.
     */
    public void featuresInto(String itemId, ItemStats stats, float[] num, int offset) {
        Activity a = byItem.get(itemId);
        int o = offset;
        if (a == null) {
            num[o++] = 0;
            num[o++] = 0;
            num[o++] = 0;
            num[o++] = byItem.size();
            num[o++] = 0;
            num[o++] = 0;
            num[o++] = 0;
            num[o++] = stats == null || stats.price() == null ? Float.NaN : stats.price().floatValue();
        } else {
            num[o++] = 1;
            num[o++] = a.views;
            num[o++] = a.dwellMillis / 1000f;
            num[o++] = a.positionFromEnd;
            num[o++] = a.carts;
            num[o++] = a.removes;
            num[o++] = a.carts > a.removes ? 1 : 0;
            num[o++] = !Double.isNaN(a.price) ? (float) a.price
                    : stats == null || stats.price() == null ? Float.NaN : stats.price().floatValue();
        }
        if (stats == null) {
            for (int k = 0; k < FeatureSchema.ITEM_STATS.size(); k++) {
                num[o++] = 0;
            }
        } else {
            num[o++] = 1;
            num[o++] = (float) Math.log1p(stats.views());
            num[o++] = (float) Math.log1p(stats.carts());
            num[o++] = (float) Math.log1p(stats.purchases());
            num[o] = (float) stats.conversionRate();
        }
    }

    private static final class Activity {
        final String itemId;
        int views;
        int carts;
        int removes;
        long dwellMillis;
        int lastTouch;
        int positionFromEnd;
        double price = Double.NaN;

        Activity(String itemId) {
            this.itemId = itemId;
        }
    }
}
