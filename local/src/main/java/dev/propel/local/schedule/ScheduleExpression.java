package dev.propel.local.schedule;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.BitSet;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An EventBridge schedule expression: {@code rate(N minute|minutes|hour|hours|day|days)} or
 * {@code cron(minutes hours day-of-month month day-of-week year)} in UTC. Cron fields take {@code *}, {@code ?},
 * numbers, ranges, lists, steps and month/day names; {@code L}, {@code W} and {@code #} are not supported.
 */
public final class ScheduleExpression {
    private static final Pattern RATE = Pattern.compile("rate\\(\\s*(\\d+)\\s+(minutes?|hours?|days?)\\s*\\)");
    private static final Pattern CRON = Pattern.compile("cron\\((.*)\\)");
    private static final String[] MONTHS = {"JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT",
        "NOV", "DEC"};
    private static final String[] DAYS = {"SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"};

    private final String text;
    private final Duration rate;
    private final BitSet minutes;
    private final BitSet hours;
    private final BitSet daysOfMonth;
    private final BitSet months;
    private final BitSet daysOfWeek;
    private final BitSet years;
    private final boolean anyDayOfMonth;
    private final boolean anyDayOfWeek;

    private ScheduleExpression(String text, Duration rate, String[] cron) {
        this.text = text;
        this.rate = rate;
        if (cron == null) {
            minutes = hours = daysOfMonth = months = daysOfWeek = years = null;
            anyDayOfMonth = anyDayOfWeek = true;
            return;
        }
        minutes = field(cron[0], 0, 59, null, 0);
        hours = field(cron[1], 0, 23, null, 0);
        daysOfMonth = field(cron[2], 1, 31, null, 0);
        months = field(cron[3], 1, 12, MONTHS, 1);
        daysOfWeek = field(cron[4], 1, 7, DAYS, 1);
        years = field(cron[5], 1970, 2199, null, 0);
        anyDayOfMonth = cron[2].equals("?") || cron[2].equals("*");
        anyDayOfWeek = cron[4].equals("?") || cron[4].equals("*");
    }

    /** Parses an expression; throws {@link IllegalArgumentException} naming what is wrong. */
    public static ScheduleExpression parse(String expression) {
        String e = expression == null ? "" : expression.trim();
        Matcher r = RATE.matcher(e);
        if (r.matches()) {
            long n = Long.parseLong(r.group(1));
            if (n <= 0) {
                throw new IllegalArgumentException("schedule: rate must be positive: " + e);
            }
            ChronoUnit unit = r.group(2).startsWith("minute") ? ChronoUnit.MINUTES
                    : r.group(2).startsWith("hour") ? ChronoUnit.HOURS : ChronoUnit.DAYS;
            return new ScheduleExpression(e, Duration.of(n, unit), null);
        }
        Matcher c = CRON.matcher(e);
        if (c.matches()) {
            String[] fields = c.group(1).trim().split("\\s+");
            if (fields.length != 6) {
                throw new IllegalArgumentException("schedule: cron needs 6 fields (minutes hours day-of-month month"
                        + " day-of-week year): " + e);
            }
            return new ScheduleExpression(e, null, fields);
        }
        throw new IllegalArgumentException("schedule: not a rate(...) or cron(...) expression: " + e);
    }

    /** The first firing strictly after {@code after}. */
    public Instant next(Instant after) {
        if (rate != null) {
            return after.plus(rate);
        }
        LocalDateTime t = LocalDateTime.ofInstant(after, ZoneOffset.UTC).truncatedTo(ChronoUnit.MINUTES)
                .plusMinutes(1);
        LocalDateTime limit = t.plusYears(5);
        while (t.isBefore(limit)) {
            if (!years.get(t.getYear() - 1970) || !months.get(t.getMonthValue())) {
                t = t.plusMonths(1).withDayOfMonth(1).withHour(0).withMinute(0);
                continue;
            }
            if (!dayMatches(t)) {
                t = t.plusDays(1).withHour(0).withMinute(0);
                continue;
            }
            if (!hours.get(t.getHour())) {
                t = t.plusHours(1).withMinute(0);
                continue;
            }
            if (!minutes.get(t.getMinute())) {
                t = t.plusMinutes(1);
                continue;
            }
            return t.toInstant(ZoneOffset.UTC);
        }
        throw new IllegalStateException("schedule: " + text + " never fires in the next five years");
    }

    private boolean dayMatches(LocalDateTime t) {
        boolean dom = daysOfMonth.get(t.getDayOfMonth());
        boolean dow = daysOfWeek.get(t.getDayOfWeek().getValue() % 7 + 1);
        if (anyDayOfMonth) {
            return dow;
        }
        if (anyDayOfWeek) {
            return dom;
        }
        return dom && dow;
    }

    @Override
    public String toString() {
        return text;
    }

    private static BitSet field(String spec, int min, int max, String[] names, int nameBase) {
        BitSet bits = new BitSet();
        for (String part : spec.toUpperCase(Locale.ROOT).split(",")) {
            if (part.contains("L") && names == null || part.contains("W") || part.contains("#")
                    || part.equals("L")) {
                throw new IllegalArgumentException("schedule: cron field '" + spec + "' uses L, W or #, which the"
                        + " local stack does not support");
            }
            int step = 1;
            int slash = part.indexOf('/');
            if (slash >= 0) {
                step = Integer.parseInt(part.substring(slash + 1));
                part = part.substring(0, slash);
            }
            int from;
            int to;
            if (part.equals("*") || part.equals("?")) {
                from = min;
                to = max;
            } else if (part.contains("-")) {
                String[] ab = part.split("-", 2);
                from = value(ab[0], names, nameBase);
                to = value(ab[1], names, nameBase);
            } else {
                from = value(part, names, nameBase);
                to = slash >= 0 ? max : from;
            }
            if (from < min || to > max || from > to || step <= 0) {
                throw new IllegalArgumentException("schedule: cron field '" + spec + "' out of range " + min + "-"
                        + max);
            }
            for (int v = from; v <= to; v += step) {
                bits.set(min >= 1970 ? v - 1970 : v);
            }
        }
        return bits;
    }

    private static int value(String s, String[] names, int nameBase) {
        if (names != null) {
            for (int i = 0; i < names.length; i++) {
                if (names[i].equals(s)) {
                    return i + nameBase;
                }
            }
        }
        try {
            return Integer.parseInt(s);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("schedule: '" + s + "' is not a cron value", e);
        }
    }
}
