package dev.propel.core.features;

import dev.propel.core.event.BehaviourEvent;
import dev.propel.core.event.EventTypes;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Computes the {@link FeatureSchema#SESSION} features of a session from its events strictly before a cut. Used by
 * the datasets stage for every training row and by serving for a live session, so both see the same numbers.
 *
 * <p>Only events with {@code timestamp < cut} are read; {@code decision} events (written by Propel itself) are not
 * behaviour and are ignored. Events are expected in time order.
 */
public final class SessionFeatures {
    /** Number of numeric session features. */
    public static final int NUMERIC = FeatureSchema.numericNames(FeatureSchema.SESSION).size();
    /** Number of categorical session features. */
    public static final int CATEGORICAL = FeatureSchema.categoricalNames(FeatureSchema.SESSION).size();

    /** Event property naming the device type (mobile, desktop, tablet, ...), as apps and tag managers send it. */
    public static final String DEVICE_PROPERTY = "device";
    /** Event property naming the session's traffic source (search, email, ads, ...). */
    public static final String SOURCE_PROPERTY = "source";
    /** Fallback for {@link #SOURCE_PROPERTY}: the UTM parameter most web shops forward as-is. */
    public static final String UTM_SOURCE_PROPERTY = "utm_source";

    private static final List<String> NUMERIC_NAMES = FeatureSchema.numericNames(FeatureSchema.SESSION);
    private static final List<String> CATEGORICAL_NAMES = FeatureSchema.categoricalNames(FeatureSchema.SESSION);

    private SessionFeatures() {
    }

    /** The session features of the events before {@code cut}, as a named row, with the user history unknown. */
    public static FeatureRow compute(List<BehaviourEvent> events, Instant cut) {
        return compute(events, cut, null);
    }

    /**
     * The session features of the events before {@code cut} and the visitor's history as of the session start, as
     * a named row.
     *
     * @param history the visitor's earlier sessions, or null when unknown (the {@code user_prior_*} values are then
     *                missing)
     */
    public static FeatureRow compute(List<BehaviourEvent> events, Instant cut, UserHistory history) {
        float[] num = new float[NUMERIC];
        String[] cat = new String[CATEGORICAL];
        computeInto(events, cut, history, num, 0, cat, 0);
        return new FeatureRow(NUMERIC_NAMES, num, CATEGORICAL_NAMES, cat);
    }

    /** Whether an event counts as user behaviour for features (everything except Propel's own decisions). */
    public static boolean isBehaviour(BehaviourEvent e) {
        return !EventTypes.DECISION.equals(e.type());
    }

    /** Whether an event is visible to features computed at {@code cut}. */
    public static boolean visible(BehaviourEvent e, Instant cut) {
        return e.timestamp().isBefore(cut) && isBehaviour(e);
    }

    /**
     * Writes the session features into {@code num[numOffset..]} and {@code cat[catOffset..]} in schema order, so
     * that a caller can assemble a longer row (the item task) without intermediate objects.
     */
    public static void computeInto(List<BehaviourEvent> events, Instant cut, float[] num, int numOffset,
            String[] cat, int catOffset) {
        computeInto(events, cut, null, num, numOffset, cat, catOffset);
    }

    /** As {@link #computeInto(List, Instant, float[], int, String[], int)}, with the visitor's history (or null). */
    public static void computeInto(List<BehaviourEvent> events, Instant cut, UserHistory history, float[] num,
            int numOffset, String[] cat, int catOffset) {
        int n = 0;
        int clicks = 0;
        int emptyCartEvents = 0;
        int cartItemsNow = 0;
        int views = 0;
        int carts = 0;
        int removes = 0;
        int searches = 0;
        int identified = 0;
        double cartValue = 0;
        double viewPriceSum = 0;
        int viewPriced = 0;
        double maxViewPrice = Double.NaN;
        Instant first = null;
        Instant last = null;
        String lastType = null;
        String device = null;
        Instant deviceAt = null;
        String source = null;
        Instant sourceAt = null;
        Set<String> items = null;
        Map<String, Integer> cartBalance = null;
        for (int i = 0, size = events.size(); i < size; i++) {
            BehaviourEvent e = events.get(i);
            if (!visible(e, cut)) {
                continue;
            }
            n++;
            if (cartItemsNow == 0) {
                emptyCartEvents++;
            }
            if (EventTypes.CLICK.equals(e.type())) {
                clicks++;
            }
            if (first == null || e.timestamp().isBefore(first)) {
                first = e.timestamp();
            }
            if (last == null || !e.timestamp().isBefore(last)) {
                last = e.timestamp();
                lastType = e.type();
            }
            if (e.userId() != null) {
                identified = 1;
            }
            Map<String, String> props = e.properties();
            if (props != null && !props.isEmpty()) {
                // the earliest event carrying the value wins (ties: the first in list order)
                if (deviceAt == null || e.timestamp().isBefore(deviceAt)) {
                    String d = property(props, DEVICE_PROPERTY);
                    if (d != null) {
                        device = d;
                        deviceAt = e.timestamp();
                    }
                }
                if (sourceAt == null || e.timestamp().isBefore(sourceAt)) {
                    String src = property(props, SOURCE_PROPERTY);
                    if (src == null) {
                        src = property(props, UTM_SOURCE_PROPERTY);
                    }
                    if (src != null) {
                        source = src;
                        sourceAt = e.timestamp();
                    }
                }
            }
            String item = e.itemId();
            if (item != null) {
                if (items == null) {
                    items = new HashSet<>();
                }
                items.add(item);
            }
            switch (e.type()) {
                case EventTypes.VIEW, EventTypes.CLICK -> {
                    views++;
                    if (e.price() != null) {
                        double p = e.price();
                        viewPriceSum += p;
                        viewPriced++;
                        maxViewPrice = Double.isNaN(maxViewPrice) ? p : Math.max(maxViewPrice, p);
                    }
                }
                case EventTypes.ADD_TO_CART -> {
                    carts++;
                    cartValue += amount(e);
                    if (item != null) {
                        if (cartBalance == null) {
                            cartBalance = new HashMap<>();
                        }
                        if (cartBalance.merge(item, 1, Integer::sum) == 1) {
                            cartItemsNow++;
                        }
                    }
                }
                case EventTypes.REMOVE_FROM_CART -> {
                    removes++;
                    cartValue -= amount(e);
                    if (item != null) {
                        if (cartBalance == null) {
                            cartBalance = new HashMap<>();
                        }
                        if (cartBalance.merge(item, -1, Integer::sum) == 0) {
                            cartItemsNow--;
                        }
                    }
                }
                case EventTypes.SEARCH -> searches++;
                default -> {
                    // purchases and custom events count as events only
                }
            }
        }
        int cartItems = 0;
        if (cartBalance != null) {
            for (int b : cartBalance.values()) {
                if (b > 0) {
                    cartItems++;
                }
            }
        }
        double duration = n == 0 ? 0 : (last.toEpochMilli() - first.toEpochMilli()) / 1000.0;
        int o = numOffset;
        num[o++] = n;
        num[o++] = views;
        num[o++] = carts;
        num[o++] = removes;
        num[o++] = searches;
        num[o++] = items == null ? 0 : items.size();
        num[o++] = cartItems;
        num[o++] = (float) Math.max(0, cartValue);
        num[o++] = (float) duration;
        num[o++] = n > 1 ? (float) (duration / (n - 1)) : 0f;
        num[o++] = viewPriced == 0 ? Float.NaN : (float) (viewPriceSum / viewPriced);
        num[o++] = (float) maxViewPrice;
        num[o++] = first == null ? Float.NaN : first.atOffset(ZoneOffset.UTC).getHour();
        num[o++] = identified;
        num[o++] = clicks;
        num[o++] = emptyCartEvents;
        num[o++] = history == null ? Float.NaN : history.priorSessions();
        num[o] = history == null ? Float.NaN : history.priorOrders();
        cat[catOffset] = lastType;
        cat[catOffset + 1] = first == null ? null : first.atOffset(ZoneOffset.UTC).getDayOfWeek().name();
        cat[catOffset + 2] = device;
        cat[catOffset + 3] = source;
    }

    /** A property's value trimmed and in lower case ("Mobile " and "mobile" are one category), null if blank. */
    private static String property(Map<String, String> props, String key) {
        String v = props.get(key);
        if (v == null) {
            return null;
        }
        v = v.strip();
        return v.isEmpty() ? null : v.toLowerCase(Locale.ROOT);
    }

    /** price x quantity of a cart event (quantity defaults to 1, no price counts 0). */
    static double amount(BehaviourEvent e) {
        if (e.price() == null) {
            return 0;
        }
        return e.price() * (e.quantity() == null ? 1 : e.quantity());
    }
}
