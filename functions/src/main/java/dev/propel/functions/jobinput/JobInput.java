package dev.propel.functions.jobinput;

import dev.propel.core.log.JsonLog;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Reads the input of a batch function invoked by a schedule or by hand (datasets build, reconciliation, growth
 * report): days, day ranges and the scheduled event's {@code time}, with errors that name the field at fault.
 */
public final class JobInput {
    private JobInput() {
    }

    /** A bad input: the message says what is wrong, {@link #field()} names the input field. */
    public static final class Invalid extends IllegalArgumentException {
        private static final long serialVersionUID = 1L;
        private final String field;

        /** An input error on {@code field}. */
        public Invalid(String field, String message) {
            super(message);
            this.field = field;
        }

        /** The input field at fault. */
        public String field() {
            return field;
        }

        /** The function's answer to the bad input, {@code {"error", "field"}}, logged as a warning. */
        public Map<String, Object> answer(JsonLog log, String requestId) {
            log.warn("bad request").with("request_id", requestId).with("field", field).log();
            Map<String, Object> error = new LinkedHashMap<>();
            error.put("error", getMessage());
            error.put("field", field);
            return error;
        }
    }

    /** The input as a map ({@code null} reads as empty). */
    public static Map<String, ?> of(Map<String, ?> input) {
        return input == null ? Map.of() : input;
    }

    /** A required {@code YYYY-MM-DD} field. */
    public static LocalDate day(Map<String, ?> in, String field) {
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

    /** The scheduled event's {@code time} (EventBridge), or {@code now} when the input carries none. */
    public static Instant time(Map<String, ?> in, Instant now) {
        Object time = in.get("time");
        if (time == null) {
            return now;
        }
        try {
            return Instant.parse(time.toString());
        } catch (DateTimeParseException e) {
            throw new Invalid("time", "time is not an ISO-8601 UTC instant");
        }
    }

    /** Checks an inclusive range: {@code to} not before {@code from}, at most {@code maxDays} days. */
    public static void checkRange(LocalDate from, LocalDate to, int maxDays, String per) {
        if (to.isBefore(from)) {
            throw new Invalid("to", "to is before from");
        }
        if (ChronoUnit.DAYS.between(from, to) >= maxDays) {
            throw new Invalid("to", "at most " + maxDays + " days per " + per);
        }
    }
}
