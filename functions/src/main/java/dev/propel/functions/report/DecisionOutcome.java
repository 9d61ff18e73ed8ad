package dev.propel.functions.report;

import java.util.Optional;

/**
 * Measured outcome of the decisions of one action in one propensity band.
 *
 * @param sessions  sessions that got this action in this band (a session decided several times counts once)
 * @param converted of them, sessions that purchased within the attribution window after the first such decision
 * @param explored  of them, sessions whose action was drawn by exploration rather than taken from the band
 * @param meanPropensity mean conversion propensity the decisions were made at (orders the bands); NaN when the
 *                  decision events do not carry it
 */
public record DecisionOutcome(String action, String band, long sessions, long converted, long explored,
        double meanPropensity) {
    /** The conversion rate, 0 when there are no sessions. */
    public double rate() {
        return sessions == 0 ? 0 : (double) converted / sessions;
    }

    /** The 95 % Wilson interval of the conversion rate; empty without sessions. */
    public Optional<Interval> interval() {
        return Interval.wilson(converted, sessions);
    }
}
