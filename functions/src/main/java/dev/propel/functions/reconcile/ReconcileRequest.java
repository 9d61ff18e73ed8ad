package dev.propel.functions.reconcile;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.Map;

/**
 * Which receive-time days a reconciliation checks, read from the function input: {@code {"from","to"}} (inclusive),
 * {@code {"date"}}, or a scheduled event / {@code {}}: yesterday and today by the event's {@code time} (else the
 * clock), so a daily run covers every hour at least once. {@code "rebuild": false} skips the datasets rebuild.
 *
 * @param rebuild whether the days repaired are rebuilt by the datasets stage afterwards
 */
public record ReconcileRequest(LocalDate from, LocalDate to, boolean rebuild) {
    /** Longest range one invocation checks (a listing per day and area; 92 days is raw/'s lifetime and more). */
    public static final int MAX_DAYS = 92;

    /** A bad input: the message says what is wrong, {@link #field()} names the field. */
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

    /** Parses the handler input; {@code now} is used when the input carries no time. */
    public static ReconcileRequest parse(Map<String, ?> input, Instant now) {
        Map<String, ?> in = input == null ? Map.of() : input;
        boolean rebuild = !"false".equals(String.valueOf(in.get("rebuild")));
        if (in.get("date") != null) {
            LocalDate d = day(in, "date");
            return new ReconcileRequest(d, d, rebuild);
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
            return new ReconcileRequest(from, to, rebuild);
        }
        Instant at = now;
        if (in.get("time") != null) {
            try {
                at = Instant.parse(in.get("time").toString());
            } catch (DateTimeParseException e) {
                throw new Invalid("time", "time is not an ISO-8601 UTC instant");
            }
        }
        LocalDate today = at.atOffset(ZoneOffset.UTC).toLocalDate();
        return new ReconcileRequest(today.minusDays(1), today, rebuild);
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
