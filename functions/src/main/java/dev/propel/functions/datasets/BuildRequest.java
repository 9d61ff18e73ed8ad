package dev.propel.functions.datasets;

import dev.propel.functions.jobinput.JobInput;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
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
public record BuildRequest(List<LocalDate> days, int lateDays) {
    /** Most days of late arrivals a manual run may read after each day. */
    public static final int MAX_LATE_DAYS = 62;

    /** A request without late arrivals beyond the regular look-ahead. */
    public BuildRequest(List<LocalDate> days) {
        this(days, 0);
    }

    /** Longest backfill one invocation accepts (one Lambda run must finish within 15 minutes). */
    public static final int MAX_DAYS = 62;

    /** Parses the handler input; {@code now} is the clock used when the input carries no time. */
    public static BuildRequest parse(Map<String, ?> input, Instant now) {
        Map<String, ?> in = JobInput.of(input);
        int lateDays = lateDays(in);
        if (in.get("date") != null) {
            return new BuildRequest(List.of(JobInput.day(in, "date")), lateDays);
        }
        if (in.get("from") != null || in.get("to") != null) {
            LocalDate from = JobInput.day(in, "from");
            LocalDate to = JobInput.day(in, "to");
            JobInput.checkRange(from, to, MAX_DAYS, "invocation");
            List<LocalDate> days = new ArrayList<>();
            for (LocalDate d = from; !d.isAfter(to); d = d.plusDays(1)) {
                days.add(d);
            }
            return new BuildRequest(days, lateDays);
        }
        Instant at = JobInput.time(in, now);
        Instant closedHour = at.truncatedTo(ChronoUnit.HOURS).minus(1, ChronoUnit.HOURS);
        TreeSet<LocalDate> days = new TreeSet<>();
        days.add(closedHour.minus(1, ChronoUnit.HOURS).atOffset(ZoneOffset.UTC).toLocalDate());
        days.add(closedHour.atOffset(ZoneOffset.UTC).toLocalDate());
        return new BuildRequest(List.copyOf(days));
    }

    /**
     * {@code late_days}: events are partitioned by the time they were received, so a day's events that arrived
     * later (imports of old logs, offline clients, a backfill) are only seen when that many days of later
     * partitions are read too.
     */
    private static int lateDays(Map<String, ?> in) {
        Object v = in.get("late_days");
        if (v == null) {
            return 0;
        }
        int n;
        try {
            n = v instanceof Number num ? num.intValue() : Integer.parseInt(v.toString().trim());
        } catch (NumberFormatException e) {
            throw new JobInput.Invalid("late_days", "late_days is not a whole number");
        }
        if (n < 0 || n > MAX_LATE_DAYS) {
            throw new JobInput.Invalid("late_days", "late_days must be between 0 and " + MAX_LATE_DAYS);
        }
        return n;
    }

}
