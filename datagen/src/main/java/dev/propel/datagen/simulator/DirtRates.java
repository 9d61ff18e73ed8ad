package dev.propel.datagen.simulator;

/**
 * How much realistic dirt the simulator mixes into its deliveries. Rates are probabilities per event unless
 * stated otherwise; all dirt is applied on the way out, so it never changes the ground truth.
 *
 * @param duplicate      an event is delivered a second time with the same {@code event_id}
 * @param late           an event is delivered 5 minutes to 6 hours after it happened (offline app, retry queue)
 * @param outOfOrder     an event is delayed 1 to 120 seconds, so it overtakes or is overtaken by its neighbours
 * @param clockSkew      share of USERS whose device clock is off (minutes, sometimes hours): their timestamps
 *                       are shifted by a constant
 * @param missingOptional an event loses one optional field ({@code price}, {@code quantity} or {@code properties})
 * @param invalid        an extra, invalid event is delivered next to the real one (see {@link InvalidDelivery})
 * @param missingSession share of SESSIONS sent without {@code session_id} (the pipeline must cut them at 30
 *                       minutes of inactivity)
 */
public record DirtRates(
        double duplicate,
        double late,
        double outOfOrder,
        double clockSkew,
        double missingOptional,
        double invalid,
        double missingSession) {

    public DirtRates {
        check("duplicate", duplicate);
        check("late", late);
        check("outOfOrder", outOfOrder);
        check("clockSkew", clockSkew);
        check("missingOptional", missingOptional);
        check("invalid", invalid);
        check("missingSession", missingSession);
    }

    /** No dirt at all: every event delivered once, in time, valid and complete. */
    public static DirtRates none() {
        return new DirtRates(0, 0, 0, 0, 0, 0, 0);
    }

    /** The default mix: a little of everything, in proportions seen in real client telemetry. */
    public static DirtRates defaults() {
        return new DirtRates(0.01, 0.005, 0.02, 0.02, 0.03, 0.002, 0.10);
    }

    public DirtRates withDuplicate(double v) {
        return new DirtRates(v, late, outOfOrder, clockSkew, missingOptional, invalid, missingSession);
    }

    public DirtRates withLate(double v) {
        return new DirtRates(duplicate, v, outOfOrder, clockSkew, missingOptional, invalid, missingSession);
    }

    public DirtRates withOutOfOrder(double v) {
        return new DirtRates(duplicate, late, v, clockSkew, missingOptional, invalid, missingSession);
    }

    public DirtRates withClockSkew(double v) {
        return new DirtRates(duplicate, late, outOfOrder, v, missingOptional, invalid, missingSession);
    }

    public DirtRates withMissingOptional(double v) {
        return new DirtRates(duplicate, late, outOfOrder, clockSkew, v, invalid, missingSession);
    }

    public DirtRates withInvalid(double v) {
        return new DirtRates(duplicate, late, outOfOrder, clockSkew, missingOptional, v, missingSession);
    }

    public DirtRates withMissingSession(double v) {
        return new DirtRates(duplicate, late, outOfOrder, clockSkew, missingOptional, invalid, v);
    }

    private static void check(String name, double rate) {
        if (!(rate >= 0 && rate <= 1)) {
            throw new IllegalArgumentException(name + " rate must be within [0, 1], was " + rate);
        }
    }
}
