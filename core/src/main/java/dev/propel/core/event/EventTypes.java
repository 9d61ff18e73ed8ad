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

    /**
     * The canonical spelling of a type name: lower-case snake_case, so {@code "Add To Cart"},
     * {@code "add-to-cart"}, {@code "AddToCart"} and {@code " ADD_TO_CART "} all become {@code add_to_cart}.
     * Already-canonical names are returned as they are, without allocating.
     */
    public static String normalise(String type) {
        if (isCanonical(type)) {
            return type;
        }
        String t = type.strip();
        StringBuilder b = new StringBuilder(t.length() + 4);
        boolean pendingSeparator = false;
        for (int i = 0; i < t.length(); i++) {
            char c = t.charAt(i);
            boolean upper = c >= 'A' && c <= 'Z';
            boolean lowerOrDigit = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
            if (upper || lowerOrDigit) {
                char prev = i > 0 ? t.charAt(i - 1) : ' ';
                // camelCase boundary: a capital after a lower-case letter or digit starts a new word
                boolean camelBoundary = upper && ((prev >= 'a' && prev <= 'z') || (prev >= '0' && prev <= '9'));
                if ((pendingSeparator || camelBoundary) && b.length() > 0) {
                    b.append('_');
                }
                pendingSeparator = false;
                b.append(upper ? (char) (c + ('a' - 'A')) : c);
            } else {
                pendingSeparator = true;
            }
        }
        return b.toString();
    }

    /** Whether a normalised type name is well-formed: starts with a letter, then letters, digits, underscores. */
    public static boolean isWellFormed(String normalisedType) {
        if (normalisedType.isEmpty()) {
            return false;
        }
        char first = normalisedType.charAt(0);
        return first >= 'a' && first <= 'z' && isCanonical(normalisedType);
    }

    private static boolean isCanonical(String s) {
        int n = s.length();
        if (n == 0 || s.charAt(0) == '_' || s.charAt(n - 1) == '_') {
            return false;
        }
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_')) {
                return false;
            }
            if (c == '_' && s.charAt(i - 1) == '_') {
                return false;
            }
        }
        return true;
    }
}
