package dev.propel.core.event;

import java.util.Set;

/** The built-in event type names of the ingest contract; any other well-formed name is a custom type. */
public final class EventTypes {
    public static final String VIEW = "view";
    public static final String CLICK = "click";
    public static final String ADD_TO_CART = "add_to_cart";
    public static final String REMOVE_FROM_CART = "remove_from_cart";
    public static final String PURCHASE = "purchase";
    public static final String SEARCH = "search";
    /** Written by the decide function so a decision's outcome can be measured later. */
    public static final String DECISION = "decision";

    public static final Set<String> BUILT_IN =
            Set.of(VIEW, CLICK, ADD_TO_CART, REMOVE_FROM_CART, PURCHASE, SEARCH, DECISION);

    /** Built-in types that are about one item and therefore need {@code item_id}. */
    public static final Set<String> ITEM_EVENTS = Set.of(VIEW, CLICK, ADD_TO_CART, REMOVE_FROM_CART, PURCHASE);

    private EventTypes() {
    }
}
