package dev.propel.functions.report;

import dev.propel.functions.jobinput.JobInput;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The UTC days a growth report covers, both ends included. Read from the function's input:
 * <ul>
 * <li>{@code {"date": "YYYY-MM-DD"}} — the {@value #DEFAULT_DAYS} days ending that day;</li>
 * <li>{@code {"from": …, "to": …}} — that range; {@code {"to": …}} alone — the default window ending then;</li>
 * <li>an EventBridge scheduled event or {@code {}} — the default window ending the day before the event's
 * {@code time} (or the clock): the last whole day, which the hourly datasets stage has finished by then.</li>
 * </ul>
 */
public record ReportRange(LocalDate from, LocalDate to) {
    /** Days of the default window: four whole weeks, so weekday effects compare like with like. */
    public static final int DEFAULT_DAYS = 28;
    /** Longest range one report covers (the page and the clean/ scan for decisions stay bounded). */
    public static final int MAX_DAYS = 92;

    public ReportRange {
        if (from == null || to == null) {
            throw new JobInput.Invalid(from == null ? "from" : "to", "from and to are required");
        }
        JobInput.checkRange(from, to, MAX_DAYS, "report");
    }

    /** The default window ending on {@code to}. */
    public static ReportRange ending(LocalDate to) {
        return new ReportRange(to.minusDays(DEFAULT_DAYS - 1L), to);
    }

    /** Number of days covered. */
    public int length() {
        return (int) ChronoUnit.DAYS.between(from, to) + 1;
    }

    /** Each day of the range in order. */
    public List<LocalDate> days() {
        List<LocalDate> out = new ArrayList<>(length());
        for (LocalDate d = from; !d.isAfter(to); d = d.plusDays(1)) {
            out.add(d);
        }
        return out;
    }

    /** Whether {@code day} is inside the range. */
    public boolean contains(LocalDate day) {
        return !day.isBefore(from) && !day.isAfter(to);
    }

    /** Parses the handler input; {@code now} stands for the clock when the input carries no time. */
    public static ReportRange parse(Map<String, ?> input, Instant now) {
        Map<String, ?> in = JobInput.of(input);
        if (in.get("date") != null) {
            return ending(JobInput.day(in, "date"));
        }
        if (in.get("from") != null) {
            if (in.get("to") == null) {
                throw new JobInput.Invalid("to", "to is required with from");
            }
            return new ReportRange(JobInput.day(in, "from"), JobInput.day(in, "to"));
        }
        if (in.get("to") != null) {
            return ending(JobInput.day(in, "to"));
        }
        Instant at = JobInput.time(in, now);
        return ending(at.atOffset(ZoneOffset.UTC).toLocalDate().minusDays(1));
    }

}
