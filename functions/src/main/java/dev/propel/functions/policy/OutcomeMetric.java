package dev.propel.functions.policy;

/** What a policy's value is measured in, per decided session. */
public enum OutcomeMetric {
    /** Share of decided sessions that purchased after the decision. */
    CONVERSION("conversion"),
    /**
     * Purchases weighted by the share of the order the shop keeps after the action's cost (a discount gives part of
     * it away): orders per session net of discount cost, in units of an order.
     */
    NET_CONVERSION("net_conversion"),
    /** Gross value bought after the decision, less the action's cost share of it: revenue per session. */
    NET_REVENUE("net_revenue");

    private final String id;

    OutcomeMetric(String id) {
        this.id = id;
    }

    /** The name used on the command line and in reports. */
    public String id() {
        return id;
    }

    /** The metric named {@code id}, or an error listing the names. */
    public static OutcomeMetric of(String id) {
        for (OutcomeMetric m : values()) {
            if (m.id.equals(id)) {
                return m;
            }
        }
        throw new IllegalArgumentException("unknown metric '" + id + "': use conversion, net_conversion or"
                + " net_revenue");
    }

    /** The outcome of one decision in this metric. */
    public double of(LoggedDecision d, ActionCosts costs) {
        return switch (this) {
            case CONVERSION -> d.purchased() ? 1 : 0;
            case NET_CONVERSION -> d.purchased() ? costs.keptShare(d.action()) : 0;
            case NET_REVENUE -> d.revenue() * costs.keptShare(d.action());
        };
    }
}
