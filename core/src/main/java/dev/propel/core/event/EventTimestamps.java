package dev.propel.core.event;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;

/**
 * Parses event timestamps: ISO-8601 with a UTC offset ({@code 2026-11-28T09:15:00.123Z},
 * {@code 2026-11-28T10:15:00+01:00}) or epoch milliseconds. The common shape is parsed by hand because
 * {@link DateTimeFormatter} costs about a microsecond per call, a tenth of the per-event budget of ingest and
 * more than all of preprocessing's; anything unusual falls back to the JDK parser.
 */
public final class EventTimestamps {
    /** Earliest plausible event time; also catches epoch seconds sent where milliseconds are expected. */
    public static final Instant EARLIEST = Instant.parse("2000-01-01T00:00:00Z");
    /** Latest plausible event time. */
    public static final Instant LATEST = Instant.parse("2100-01-01T00:00:00Z");

    private EventTimestamps() {
    }

    /**
     * Parses an ISO-8601 date-time that carries an offset.
     *
     * @throws DateTimeException when the text is not such a date-time
     */
    public static Instant parseIso(String s) {
        Instant fast = parseCommon(s);
        if (fast != null) {
            return fast;
        }
        return OffsetDateTime.parse(s, DateTimeFormatter.ISO_OFFSET_DATE_TIME).toInstant();
    }

    /** Epoch milliseconds as an instant. */
    public static Instant ofEpochMilli(long millis) {
        return Instant.ofEpochMilli(millis);
    }

    /** Whether an instant lies in the plausible range [{@link #EARLIEST}, {@link #LATEST}). */
    public static boolean plausible(Instant t) {
        return !t.isBefore(EARLIEST) && t.isBefore(LATEST);
    }

    /**
     * The same text as {@link Instant#toString()} (ISO-8601 UTC, 0, 3, 6 or 9 fraction digits), written without
     * {@link DateTimeFormatter}: stored lines carry two instants each, and the JDK path costs more than the rest
     * of serialising an event.
     */
    public static String format(Instant t) {
        long sec = t.getEpochSecond();
        if (sec < YEAR_0000 || sec >= YEAR_10000) {
            return t.toString();
        }
        long day = Math.floorDiv(sec, 86_400L);
        int secondOfDay = (int) Math.floorMod(sec, 86_400L);
        LocalDate d = LocalDate.ofEpochDay(day);
        char[] c = new char[30];
        put(c, 0, d.getYear(), 4);
        c[4] = '-';
        put(c, 5, d.getMonthValue(), 2);
        c[7] = '-';
        put(c, 8, d.getDayOfMonth(), 2);
        c[10] = 'T';
        put(c, 11, secondOfDay / 3600, 2);
        c[13] = ':';
        put(c, 14, secondOfDay / 60 % 60, 2);
        c[16] = ':';
        put(c, 17, secondOfDay % 60, 2);
        int n = 19;
        int nanos = t.getNano();
        if (nanos > 0) {
            c[n++] = '.';
            if (nanos % 1_000_000 == 0) {
                put(c, n, nanos / 1_000_000, 3);
                n += 3;
            } else if (nanos % 1000 == 0) {
                put(c, n, nanos / 1000, 6);
                n += 6;
            } else {
                put(c, n, nanos, 9);
                n += 9;
            }
        }
        c[n++] = 'Z';
        return new String(c, 0, n);
    }

    private static final long YEAR_0000 = -62_167_219_200L;
    private static final long YEAR_10000 = 253_402_300_800L;

    private static void put(char[] c, int at, int value, int width) {
        for (int i = at + width - 1; i >= at; i--) {
            c[i] = (char) ('0' + value % 10);
            value /= 10;
        }
    }

    /** {@code yyyy-MM-ddTHH:mm:ss[.f{1,9}](Z|±HH:MM|±HHMM)}, or null to let the JDK parser decide. */
    private static Instant parseCommon(String s) {
        int n = s.length();
        if (n < 20 || s.charAt(4) != '-' || s.charAt(7) != '-' || (s.charAt(10) != 'T' && s.charAt(10) != 't')
                || s.charAt(13) != ':' || s.charAt(16) != ':') {
            return null;
        }
        int year = digits(s, 0, 4);
        int month = digits(s, 5, 2);
        int day = digits(s, 8, 2);
        int hour = digits(s, 11, 2);
        int minute = digits(s, 14, 2);
        int second = digits(s, 17, 2);
        if (year < 0 || month < 1 || month > 12 || day < 1 || day > 31 || hour < 0 || hour > 23 || minute < 0
                || minute > 59 || second < 0 || second > 59) {
            return null;
        }
        int i = 19;
        int nanos = 0;
        if (i < n && s.charAt(i) == '.') {
            i++;
            int start = i;
            while (i < n && s.charAt(i) >= '0' && s.charAt(i) <= '9') {
                if (i - start < 9) {
                    nanos = nanos * 10 + (s.charAt(i) - '0');
                }
                i++;
            }
            int len = i - start;
            if (len == 0 || len > 9) {
                return null;
            }
            for (int k = len; k < 9; k++) {
                nanos *= 10;
            }
        }
        if (i >= n) {
            return null;
        }
        int offsetSeconds;
        char c = s.charAt(i);
        if ((c == 'Z' || c == 'z') && i == n - 1) {
            offsetSeconds = 0;
        } else if (c == '+' || c == '-') {
            int oh;
            int om;
            if (n - i == 6 && s.charAt(i + 3) == ':') {
                oh = digits(s, i + 1, 2);
                om = digits(s, i + 4, 2);
            } else if (n - i == 5) {
                oh = digits(s, i + 1, 2);
                om = digits(s, i + 3, 2);
            } else {
                return null;
            }
            if (oh < 0 || oh > 18 || om < 0 || om > 59) {
                return null;
            }
            offsetSeconds = (c == '-' ? -1 : 1) * (oh * 3600 + om * 60);
        } else {
            return null;
        }
        long epochDay;
        try {
            epochDay = LocalDate.of(year, month, day).toEpochDay();
        } catch (DateTimeException e) {
            return null;
        }
        long epochSecond = epochDay * 86_400L + hour * 3600L + minute * 60L + second - offsetSeconds;
        return Instant.ofEpochSecond(epochSecond, nanos);
    }

    private static int digits(String s, int from, int count) {
        int v = 0;
        for (int i = from; i < from + count; i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            v = v * 10 + (c - '0');
        }
        return v;
    }
}
