package dev.propel.datagen.decisions;

import dev.propel.datagen.simulator.ShopperModel;
import dev.propel.datagen.simulator.ShopperModel.Device;

/**
 * How a shopper reacts to the action {@code /decide} took (documented in {@code docs/simulator.md}): the action
 * shifts the log-odds that the session converts by an amount that depends on the band and on what is observable
 * of the shopper (device, returning visitor). A discount wins over price-sensitive mobile shoppers but costs
 * {@link #DISCOUNT_SHARE} of the order; recommendations help undecided browsers and distract shoppers who were
 * about to buy. The numbers are chosen so that the default policy is not the best one and the best action differs
 * by band and device.
 */
public final class ShopperReaction {
    /** Share of the order value a discount gives away. */
    public static final double DISCOUNT_SHARE = 0.15;
    public static final String NONE = "none";
    public static final String DISCOUNT = "offer_discount";
    public static final String RECOMMENDATIONS = "show_recommendations";

    private ShopperReaction() {
    }

    /**
     * Change of the conversion log-odds under an action.
     *
     * @param action    the action taken; unknown actions have no effect
     * @param band      the logging policy's band name ({@code low}, {@code medium}, {@code high})
     * @param device    the shopper's device
     * @param returning whether the shopper has visited before (loyal shoppers care less about discounts)
     */
    public static double uplift(String action, String band, Device device, boolean returning) {
        return switch (action) {
            case DISCOUNT -> {
                double u = switch (device) {
                    case MOBILE -> 1.0;
                    case TABLET -> 0.6;
                    case DESKTOP -> 0.2;
                };
                if (band.equals("high")) {
                    u -= 0.5; // most of them were going to buy at full price anyway
                }
                yield returning ? u - 0.3 : u;
            }
            case RECOMMENDATIONS -> switch (band) {
                case "low" -> device == Device.DESKTOP ? 0.7 : 0.3;
                case "medium" -> 0.1;
                default -> -0.3;
            };
            default -> 0.0;
        };
    }

    /** P(session converts | its posterior before the decision, the action). */
    public static double conversion(double posterior, String action, String band, Device device, boolean returning) {
        double p = Math.min(1 - 1e-12, Math.max(1e-12, posterior));
        return ShopperModel.sigmoid(Math.log(p / (1 - p)) + uplift(action, band, device, returning));
    }

    /** Share of the order value the shop keeps under an action. */
    public static double keptShare(String action) {
        return DISCOUNT.equals(action) ? 1 - DISCOUNT_SHARE : 1.0;
    }
}
