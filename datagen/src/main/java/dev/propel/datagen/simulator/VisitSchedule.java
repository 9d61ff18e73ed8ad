package dev.propel.datagen.simulator;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.SplittableRandom;

/**
 * When shoppers visit: first visits spread over the simulated days, return visits after an exponential gap, both
 * thinned by weekday and hour-of-day traffic profiles. Draws from the behaviour stream.
 */
final class VisitSchedule {
    static final long HOUR = 3_600_000L;
    private static final long DAY = 24 * HOUR;
    /** Relative traffic by hour of day (UTC): quiet nights, a lunch bump, an evening peak. */
    private static final double[] HOUR_PROFILE = {0.9, 0.6, 0.4, 0.3, 0.3, 0.4, 0.7, 1.1, 1.4, 1.6, 1.7, 1.8, 1.9,
        1.8, 1.7, 1.7, 1.8, 2.0, 2.3, 2.6, 2.7, 2.5, 2.0, 1.4};
    /** Relative traffic by weekday, Monday first; the maximum is 1 (used for thinning). */
    private static final double[] WEEKDAY_FACTOR = {0.87, 0.84, 0.84, 0.87, 0.80, 0.91, 1.0};

    private final SplittableRandom rng;
    private final long origin;
    private final int days;
    private final double[] hourCumulative = new double[24];

    /** @param rng the behaviour stream, shared with {@link ShopperBehaviour} */
    VisitSchedule(SplittableRandom rng, LocalDate start, int days) {
        this.rng = rng;
        this.origin = start.atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli();
        this.days = days;
        double acc = 0;
        for (int h = 0; h < 24; h++) {
            acc += HOUR_PROFILE[h];
            hourCumulative[h] = acc;
        }
    }

    /** A first visit: a day drawn uniformly, thinned by the weekday profile, and an hour from the hour profile. */
    long firstStart() {
        while (true) {
            int day = rng.nextInt(days);
            if (rng.nextDouble() < weekdayFactor(day)) {
                return origin + day * DAY + timeOfDay();
            }
        }
    }

    /**
     * A return visit: at least {@code notBefore}, after an exponential gap (mean 1.5 days), thinned by the weekday
     * and hour profiles by rejection (a rejected draw is redrawn whole, so no day inherits another's traffic);
     * -1 when it falls after the simulated period.
     */
    long nextStart(long notBefore) {
        for (int attempt = 0; attempt < 100; attempt++) {
            long candidate = notBefore + (long) (-Math.log(1 - rng.nextDouble()) * 1.5 * DAY);
            long day = Math.floorDiv(candidate - origin, DAY);
            if (day >= days) {
                return -1;
            }
            if (rng.nextDouble() >= weekdayFactor(day)) {
                continue;
            }
            long t = origin + day * DAY + timeOfDay();
            if (t >= notBefore) {
                return t;
            }
        }
        return -1;
    }

    private double weekdayFactor(long day) {
        DayOfWeek dow = Instant.ofEpochMilli(origin + day * DAY).atZone(ZoneOffset.UTC).getDayOfWeek();
        return WEEKDAY_FACTOR[dow.getValue() - 1];
    }

    /** Milliseconds after midnight, following the hour profile. */
    private long timeOfDay() {
        double r = rng.nextDouble() * hourCumulative[23];
        int hour = 0;
        while (hourCumulative[hour] <= r) {
            hour++;
        }
        return hour * HOUR + (long) (rng.nextDouble() * HOUR);
    }
}
