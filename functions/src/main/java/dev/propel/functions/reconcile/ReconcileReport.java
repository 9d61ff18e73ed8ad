package dev.propel.functions.reconcile;

import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * What one reconciliation of {@code raw/} against {@code clean/} and {@code quarantine/} found and did.
 *
 * @param from     first day checked (receive-time partition)
 * @param to       last day checked, inclusive
 * @param checked  raw objects whose hour was closed long enough to be checked
 * @param covered  of those, objects that already had a clean object or a quarantine entry
 * @param young    raw objects left alone because their hour is too recent (their notification may be in flight)
 * @param repairs  objects re-preprocessed, in key order
 * @param days     the days whose clean data changed, to rebuild downstream (receive-time partitions)
 */
public record ReconcileReport(LocalDate from, LocalDate to, long checked, long covered, long young,
        List<Repair> repairs, SortedSet<LocalDate> days) {

    public ReconcileReport {
        repairs = List.copyOf(repairs);
        days = java.util.Collections.unmodifiableSortedSet(new TreeSet<>(days));
    }

    /**
     * One raw object that had neither a clean object nor a quarantine entry, and what re-preprocessing did.
     *
     * @param rawKey  the raw object
     * @param status  the {@code PreprocessOutcome} status ({@code CLEANED}, {@code QUARANTINED}, {@code MISSING}) or
     *                {@code FAILED} when S3 failed again (the next run retries it)
     * @param wrote   whether a clean object or quarantine entry now exists for it
     */
    public record Repair(String rawKey, String status, boolean wrote) {
    }

    /** Whether nothing was missing. */
    public boolean clean() {
        return repairs.isEmpty();
    }

    /** Repairs that failed again (S3 trouble): a non-empty list fails a scheduled run so it is retried. */
    public List<Repair> failures() {
        return repairs.stream().filter(r -> r.status().equals("FAILED")).toList();
    }

    /** The report as a JSON-ready map (keys, counts, days; never event contents). */
    public Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("from", from.toString());
        m.put("to", to.toString());
        m.put("checked", checked);
        m.put("covered", covered);
        m.put("young", young);
        m.put("repaired", repairs.stream().map(r -> {
            Map<String, Object> x = new LinkedHashMap<>();
            x.put("key", r.rawKey());
            x.put("status", r.status());
            x.put("wrote", r.wrote());
            return x;
        }).toList());
        m.put("days", days.stream().map(LocalDate::toString).toList());
        return m;
    }
}
