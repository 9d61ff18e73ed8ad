package dev.propel.functions.datasets;

import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What one day's build read and wrote, with its timings: the handler's answer and the benchmark's figures.
 *
 * @param day            the day partition built
 * @param objects        clean objects read (day plus look-back and look-ahead hours)
 * @param linesRead      event lines read
 * @param duplicates     lines dropped as duplicate {@code event_id}s
 * @param dayEvents      distinct behaviour events timestamped on the day
 * @param sessions       sessions that end on the day
 * @param conversionRows rows of {@code datasets/conversion/dt=day}
 * @param itemRows       rows of {@code datasets/item/dt=day}
 * @param items          rows of the cumulative item stats partition
 * @param users          rows of the cumulative user registry partition
 * @param readMillis     reading and deduplicating clean objects (including previous stats)
 * @param computeMillis  sessionising and computing all tables
 * @param writeMillis    writing all objects
 * @param computeCpuMillis CPU time of the building thread in the compute part (immune to other processes)
 * @param cpuMillis      CPU time for the whole day: the building thread plus the reading threads' fetch and parse
 *                       (the S3 server's own work excluded)
 * @param trigger        why the day was built: {@code requested}, {@code previous} (missing before a requested
 *                       day), {@code late} (its clean inputs changed since it was built), {@code chain} or
 *                       {@code cascade} (a day it is built on changed)
 */
public record DayReport(LocalDate day, int objects, long linesRead, long duplicates, long dayEvents, int sessions,
        long conversionRows, long itemRows, int items, int users, long readMillis, long computeMillis,
        long writeMillis, long computeCpuMillis, long cpuMillis, String trigger) {

    /** Lines read per second of the whole build. */
    public double linesPerSecond() {
        long ms = readMillis + computeMillis + writeMillis;
        return ms == 0 ? 0 : linesRead * 1000.0 / ms;
    }

    /** The report as a JSON-friendly map (counts and timings only, no ids). */
    public Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("dt", day.toString());
        m.put("trigger", trigger);
        m.put("objects", objects);
        m.put("lines_read", linesRead);
        m.put("duplicates", duplicates);
        m.put("day_events", dayEvents);
        m.put("sessions", sessions);
        m.put("conversion_rows", conversionRows);
        m.put("item_rows", itemRows);
        m.put("items", items);
        m.put("users", users);
        m.put("read_ms", readMillis);
        m.put("compute_ms", computeMillis);
        m.put("write_ms", writeMillis);
        m.put("compute_cpu_ms", computeCpuMillis);
        m.put("cpu_ms", cpuMillis);
        return m;
    }
}
