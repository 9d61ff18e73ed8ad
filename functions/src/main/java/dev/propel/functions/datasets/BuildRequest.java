package dev.propel.functions.datasets;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Which day partitions an invocation of the datasets stage builds, read from its input:
 * <ul>
 * <li>{@code {"date": "YYYY-MM-DD"}} — that day (manual run);</li>
 * <li>{@code {"from": "YYYY-MM-DD", "to": "YYYY-MM-DD"}} — each day of the inclusive range (backfill);</li>
 * <li>an EventBridge scheduled event ({@code {"detail-type": "Scheduled Event", "time": "…Z", …}}) or {@code {}}
 * — the days touched by the last closed hour and by the hour before it, so that a day is built again once the
 * first hour of the next day (its look-ahead) has closed.</li>
 * </ul>
 */
public record BuildRequest(List<LocalDate> days) {
    /** Longest backfill one invocation accepts (one Lambda run must finish within 15 minutes). */
    public static final int MAX_DAYS = 62;

    /** A bad request: the message says what is wrong, {@link #field()} names the input field. */
    public static final class Invalid extends IllegalArgumentException {
        private static final long serialVersionUID = 1L;
        private final String field;

        Invalid(String field, String message) {
            super(message);
            this.field = field;
        }

        public String field() {
            return field;
        }
    }

    /** Parses the handler input; {@code now} is the clock used when the input carries no time. */
    public static BuildRequest parse(Map<String, ?> input, Instant now) {
        Map<String, ?> in = input == null ? Map.of() : input;
        if (in.get("date") != null) {
            return new BuildRequest(List.of(day(in, "date")));
        }
        if (in.get("from") != null || in.get("to") != null) {
            LocalDate from = day(in, "from");
            LocalDate to = day(in, "to");
            if (to.isBefore(from)) {
                throw new Invalid("to", "to is before from");
            }
            if (ChronoUnit.DAYS.between(from, to) >= MAX_DAYS) {
                throw new Invalid("to", "at most " + MAX_DAYS + " days per invocation");
            }
            List<LocalDate> days = new ArrayList<>();
            for (LocalDate d = from; !d.isAfter(to); d = d.plusDays(1)) {
                days.add(d);
            }
            return new BuildRequest(days);
        }
        Instant at = now;
        Object time = in.get("time");
        if (time != null) {
            try {
                at = Instant.parse(time.toString());
            } catch (DateTimeParseException e) {
                throw new Invalid("time", "time is not an ISO-8601 UTC instant");
            }
        }
        Instant closedHour = at.truncatedTo(ChronoUnit.HOURS).minus(1, ChronoUnit.HOURS);
        TreeSet<LocalDate> days = new TreeSet<>();
        days.add(closedHour.minus(1, ChronoUnit.HOURS).atOffset(ZoneOffset.UTC).toLocalDate());
        days.add(closedHour.atOffset(ZoneOffset.UTC).toLocalDate());
        return new BuildRequest(List.copyOf(days));
    }

    private static LocalDate day(Map<String, ?> in, String field) {
        Object v = in.get(field);
        if (v == null) {
            throw new Invalid(field, field + " is required");
        }
        try {
            return LocalDate.parse(v.toString());
        } catch (DateTimeParseException e) {
            throw new Invalid(field, field + " must be a date YYYY-MM-DD");
        }
    }
}
