package dev.propel.functions.reconcile;

import dev.propel.functions.jobinput.JobInput;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
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

    /** Parses the handler input; {@code now} is used when the input carries no time. */
    public static ReconcileRequest parse(Map<String, ?> input, Instant now) {
        Map<String, ?> in = JobInput.of(input);
        boolean rebuild = !"false".equals(String.valueOf(in.get("rebuild")));
        if (in.get("date") != null) {
            LocalDate d = JobInput.day(in, "date");
            return new ReconcileRequest(d, d, rebuild);
        }
        if (in.get("from") != null || in.get("to") != null) {
            LocalDate from = JobInput.day(in, "from");
            LocalDate to = JobInput.day(in, "to");
            JobInput.checkRange(from, to, MAX_DAYS, "invocation");
            return new ReconcileRequest(from, to, rebuild);
        }
        Instant at = JobInput.time(in, now);
        LocalDate today = at.atOffset(ZoneOffset.UTC).toLocalDate();
        return new ReconcileRequest(today.minusDays(1), today, rebuild);
    }

}
