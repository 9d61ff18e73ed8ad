package dev.propel.core.features;

import java.util.ArrayList;
import java.util.List;

/**
 * The one definition of Propel's session and item features: names, order, kind and meaning, with a version that
 * datasets and models carry. Training (the datasets stage) and serving compute the values with
 * {@link SessionFeatures} and {@link ItemFeatures}; this class is what keeps their columns identical.
 *
 * <p>Bump {@link #VERSION} whenever a name, meaning, order or computation changes.
 */
public final class FeatureSchema {
    /** Version of the feature definitions, written into every dataset manifest and model. */
    public static final int VERSION = 2;

    /** Features of the session so far, used by both tasks (the whole row of the {@code conversion} task). */
    public static final List<FeatureSpec> SESSION = List.of(
            FeatureSpec.numeric("session_events", "behaviour events in the session before the cut"),
            FeatureSpec.numeric("session_views", "view and click events before the cut"),
            FeatureSpec.numeric("session_carts", "add_to_cart events before the cut"),
            FeatureSpec.numeric("session_removes", "remove_from_cart events before the cut"),
            FeatureSpec.numeric("session_searches", "search events before the cut"),
            FeatureSpec.numeric("session_distinct_items", "distinct items touched (any item event) before the cut"),
            FeatureSpec.numeric("session_cart_items", "distinct items with more add_to_cart than remove_from_cart"),
            FeatureSpec.numeric("session_cart_value",
                    "sum of price x quantity of add_to_cart minus remove_from_cart events, floored at 0"),
            FeatureSpec.numeric("session_duration_s", "seconds from the first to the last event before the cut"),
            FeatureSpec.numeric("session_mean_gap_s", "mean seconds between consecutive events (0 with one event)"),
            FeatureSpec.numeric("session_mean_view_price", "mean price of priced view/click events; empty if none"),
            FeatureSpec.numeric("session_max_view_price", "highest price of priced view/click events; empty if none"),
            FeatureSpec.numeric("session_hour_of_day", "UTC hour (0-23) of the session's first event"),
            FeatureSpec.numeric("session_identified", "1 if any event carries a user_id (logged-in), else 0"),
            FeatureSpec.numeric("session_clicks", "click events before the cut"),
            FeatureSpec.numeric("session_empty_cart_events",
                    "events before the cut that happened while the cart was empty"),
            FeatureSpec.numeric("user_prior_sessions",
                    "the actor's sessions that ended before this session started (0 = first visit); empty if unknown"),
            FeatureSpec.numeric("user_prior_orders",
                    "how many of the actor's earlier sessions contained a purchase; empty if unknown"),
            FeatureSpec.categorical("session_last_event_type", "type of the latest event before the cut"),
            FeatureSpec.categorical("session_day_of_week", "UTC day of week of the first event (MONDAY..SUNDAY)"),
            FeatureSpec.categorical("session_device",
                    "property `device` of the earliest event that has one before the cut (trimmed, lower case); "
                            + "empty if none"),
            FeatureSpec.categorical("session_source",
                    "property `source`, else `utm_source`, of the earliest event that has one before the cut "
                            + "(trimmed, lower case); empty if none"));

    /** Features of one candidate item within the session so far. */
    public static final List<FeatureSpec> ITEM_IN_SESSION = List.of(
            FeatureSpec.numeric("item_in_session", "1 if the session touched the item before the cut, else 0"),
            FeatureSpec.numeric("item_views", "view and click events on the item before the cut"),
            FeatureSpec.numeric("item_dwell_s",
                    "seconds from each view/click of the item to the session's next event, summed (the latest "
                            + "event has no dwell: its end is not observed)"),
            FeatureSpec.numeric("item_position_from_end",
                    "distinct items touched after this item's last touch (0 = most recent); items not in the "
                            + "session get the session's distinct item count"),
            FeatureSpec.numeric("item_carts", "add_to_cart events on the item before the cut"),
            FeatureSpec.numeric("item_removes", "remove_from_cart events on the item before the cut"),
            FeatureSpec.numeric("item_in_cart", "1 if the item has more add_to_cart than remove_from_cart events"),
            FeatureSpec.numeric("item_price",
                    "latest price of the item seen in the session, else its price in item stats; empty if none"));

    /** Features of one candidate item from item stats of EARLIER windows (never the window being labelled). */
    public static final List<FeatureSpec> ITEM_STATS = List.of(
            FeatureSpec.numeric("item_known", "1 if the item is in item stats, else 0 (then the stats below are 0)"),
            FeatureSpec.numeric("item_log_views", "ln(1 + views) of the item in item stats"),
            FeatureSpec.numeric("item_log_carts", "ln(1 + add_to_cart events) of the item in item stats"),
            FeatureSpec.numeric("item_log_purchases", "ln(1 + purchases) of the item in item stats"),
            FeatureSpec.numeric("item_conversion_rate", "purchases / views of the item in item stats (0 to 1)"));

    /** Full column list of the {@code conversion} task. */
    public static final List<FeatureSpec> CONVERSION = SESSION;

    /** Full column list of the {@code item} task: session, item-in-session, item stats. */
    public static final List<FeatureSpec> ITEM = concat(SESSION, ITEM_IN_SESSION, ITEM_STATS);

    private FeatureSchema() {
    }

    /** Names of the numeric features of a list, in order. */
    public static List<String> numericNames(List<FeatureSpec> specs) {
        return names(specs, FeatureSpec.Kind.NUMERIC);
    }

    /** Names of the categorical features of a list, in order. */
    public static List<String> categoricalNames(List<FeatureSpec> specs) {
        return names(specs, FeatureSpec.Kind.CATEGORICAL);
    }

    private static List<String> names(List<FeatureSpec> specs, FeatureSpec.Kind kind) {
        List<String> out = new ArrayList<>();
        for (FeatureSpec s : specs) {
            if (s.kind() == kind) {
                out.add(s.name());
            }
        }
        return List.copyOf(out);
    }

    @SafeVarargs
    private static List<FeatureSpec> concat(List<FeatureSpec>... parts) {
        List<FeatureSpec> out = new ArrayList<>();
        for (List<FeatureSpec> p : parts) {
            out.addAll(p);
        }
        return List.copyOf(out);
    }
}
