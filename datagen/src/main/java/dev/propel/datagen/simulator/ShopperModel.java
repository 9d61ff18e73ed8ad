package dev.propel.datagen.simulator;

import java.time.DayOfWeek;

/**
 * The known probability model behind every simulated session (documented in {@code docs/simulator.md}).
 *
 * <p>A session has a hidden intent, {@code buyer} or {@code browser}, drawn at its start with probability
 * {@link #priorLogit prior} = a logistic function of what is observable at the start (returning visitor, past
 * purchases, hour, weekend, device, traffic source). Each next action is then drawn from a per-intent
 * distribution that depends only on the observable session state ({@link #actionProbabilities}); which item an
 * action concerns, and the time between events, do not depend on the intent. Buyers always purchase (they never
 * leave before checkout) and browsers never do, so "converts" = "buyer", and the exact posterior after any prefix
 * is Bayes' rule: {@code logit P = priorLogit + Σ log(q_buyer(action_i | state_i) / q_browser(action_i | state_i))}.
 *
 * <p>At checkout a buyer picks a main item from the cart by a softmax over {@link #itemUtility utilities} and buys
 * every other cart item with probability {@code sigmoid(u - EXTRA_ITEM_OFFSET)}; hence, exactly,
 * {@code P(i bought) = softmax_i + (1 - softmax_i) * sigmoid(u_i - EXTRA_ITEM_OFFSET)}.
 */
public final class ShopperModel {
    public static final int VIEW = 0;
    public static final int CLICK = 1;
    public static final int ADD_TO_CART = 2;
    public static final int REMOVE_FROM_CART = 3;
    public static final int SEARCH = 4;
    public static final int CHECKOUT = 5;
    public static final int END = 6;
    public static final int ACTIONS = 7;

    /** Offset of the utility for buying a cart item besides the main one. */
    public static final double EXTRA_ITEM_OFFSET = 1.8;

    //                                           view  click  cart   remove search checkout end
    private static final double[] BROWSER_FIRST = {0.75, 0, 0, 0, 0.25, 0, 0};
    private static final double[] BUYER_FIRST = {0.80, 0, 0, 0, 0.20, 0, 0};
    private static final double[] BROWSER = {0.50, 0.14, 0.05, 0.10, 0.06, 0, 0.28};
    private static final double[] BUYER = {0.44, 0.16, 0.18, 0.04, 0.05, 0.24, 0};
    private static final double[] AFTER_PURCHASE = {0.30, 0, 0, 0, 0, 0, 0.70};

    /** Device of a shopper, sent as property {@code device}. */
    public enum Device { DESKTOP, MOBILE, TABLET }

    /** Traffic source of a session, sent as property {@code source}. */
    public enum Source { DIRECT, SEARCH, EMAIL, SOCIAL, ADS }

    private ShopperModel() {
    }

    /** Log-odds that a session is a buyer, from what is observable when it starts. */
    public static double priorLogit(boolean returning, int pastPurchases, int hourOfDay, DayOfWeek day,
                                    Device device, Source source) {
        double z = -3.9;
        if (returning) {
            z += 0.8;
        }
        z += 0.45 * Math.log1p(pastPurchases);
        if (hourOfDay < 6) {
            z -= 0.5;
        } else if (hourOfDay >= 18 && hourOfDay <= 22) {
            z += 0.35;
        } else if (hourOfDay >= 12 && hourOfDay < 18) {
            z += 0.1;
        }
        if (day == DayOfWeek.SATURDAY || day == DayOfWeek.SUNDAY) {
            z += 0.25;
        }
        z += switch (device) {
            case DESKTOP -> 0.25;
            case MOBILE -> -0.25;
            case TABLET -> 0.0;
        };
        z += switch (source) {
            case DIRECT -> 0.0;
            case SEARCH -> 0.15;
            case EMAIL -> 0.6;
            case SOCIAL -> -0.4;
            case ADS -> -0.1;
        };
        return z;
    }

    /**
     * Fills {@code out} with the probability of each next action (indexed by the action constants) for one intent
     * and the observable state.
     *
     * @param buyer     the intent
     * @param step      number of events the session has had so far
     * @param viewedAny whether the session has viewed an item (clicks and cart adds need one)
     * @param cartSize  distinct items in the cart (removal and checkout need one)
     * @param purchased whether the session has checked out already
     */
    public static void actionProbabilities(boolean buyer, int step, boolean viewedAny, int cartSize,
                                           boolean purchased, double[] out) {
        double[] weights;
        if (purchased) {
            weights = AFTER_PURCHASE;
        } else if (step == 0) {
            weights = buyer ? BUYER_FIRST : BROWSER_FIRST;
        } else {
            weights = buyer ? BUYER : BROWSER;
        }
        double total = 0;
        for (int a = 0; a < ACTIONS; a++) {
            double w = weights[a];
            if ((a == CLICK || a == ADD_TO_CART) && !viewedAny) {
                w = 0;
            } else if ((a == REMOVE_FROM_CART || a == CHECKOUT) && cartSize == 0) {
                w = 0;
            }
            out[a] = w;
            total += w;
        }
        for (int a = 0; a < ACTIONS; a++) {
            out[a] /= total;
        }
    }

    /**
     * Utility of buying a cart item, from the session's observable behaviour towards it.
     *
     * @param views         views of the item in the session
     * @param clicks        clicks on it
     * @param adds          add-to-cart events for it
     * @param lastAdded     whether it is the item most recently added to the cart
     * @param price         its unit price
     * @param categoryShare share of the session's item events (view, click, add) in the item's category
     */
    public static double itemUtility(int views, int clicks, int adds, boolean lastAdded, double price,
                                     double categoryShare) {
        double u = 0.7 * Math.log1p(views);
        if (clicks > 0) {
            u += 0.5;
        }
        u += 0.4 * Math.max(0, adds - 1);
        if (lastAdded) {
            u += 0.6;
        }
        u -= 0.35 * Math.log(price / 50.0);
        u += 1.0 * categoryShare;
        return u;
    }

    /** The logistic function. */
    public static double sigmoid(double z) {
        return 1.0 / (1.0 + Math.exp(-z));
    }
}
