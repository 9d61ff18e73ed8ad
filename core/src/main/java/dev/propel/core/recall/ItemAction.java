package dev.propel.core.recall;

import java.util.Locale;

/** What a shopper did with an item, as recall weighs it (a purchase says more than a view). */
public enum ItemAction {
    VIEW, CLICK, CART, PURCHASE;

    private static final ItemAction[] VALUES = values();

    /** The action of an event type; custom types count as views. */
    public static ItemAction ofEventType(String type) {
        if (type == null) {
            return VIEW;
        }
        return switch (type.toLowerCase(Locale.ROOT)) {
            case "click" -> CLICK;
            case "add_to_cart" -> CART;
            case "purchase" -> PURCHASE;
            default -> VIEW;
        };
    }

    /** The action stored as {@link #ordinal()}. */
    public static ItemAction of(int ordinal) {
        return VALUES[ordinal];
    }

    /** Whether the shopper showed intent to buy (carted or bought). */
    public boolean intent() {
        return this == CART || this == PURCHASE;
    }
}
