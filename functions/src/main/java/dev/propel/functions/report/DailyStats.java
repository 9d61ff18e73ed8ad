package dev.propel.functions.report;

import java.time.LocalDate;

/**
 * One row of {@code stats/daily}: the day's counts. Rates are derived here from the counts (the stored rate
 * columns are empty when their denominator is zero), so a day without sessions never yields NaN.
 *
 * @param viewers  distinct visitors with a view or click that day
 * @param carters  distinct visitors with an add-to-cart that day
 * @param buyers   distinct visitors with a purchase that day
 * @param purchases purchase events (orders)
 * @param revenue  sum of price × quantity of the purchases, in the shop's currency
 * @param viewToCart     share of viewers who also added to cart, as stored; NaN when undefined (no viewers)
 * @param cartToPurchase share of carters who also purchased, as stored; NaN when undefined (no carters)
 */
public record DailyStats(LocalDate day, long events, long sessions, long convertingSessions, long users,
        long newUsers, long returningUsers, long viewers, long carters, long buyers, long purchases,
        double revenue, double viewToCart, double cartToPurchase) {

    public DailyStats {
        revenue = Double.isFinite(revenue) ? revenue : 0;
    }

    /** Share of sessions with a purchase; NaN without sessions. */
    public double sessionConversion() {
        return sessions == 0 ? Double.NaN : (double) convertingSessions / sessions;
    }

    /** Whether the day saw any behaviour at all. */
    public boolean empty() {
        return events == 0 && sessions == 0 && users == 0;
    }
}
