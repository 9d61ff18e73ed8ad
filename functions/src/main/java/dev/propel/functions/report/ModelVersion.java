package dev.propel.functions.report;

import java.time.Instant;

/**
 * Quality of one published model version, from its {@code report.json} (test split). Metrics are NaN when the
 * report lacks them; the page prints those as a dash.
 *
 * @param current whether {@code models/<task>/latest.json} points at this version (what serving loads)
 */
public record ModelVersion(String task, String version, Instant createdAt, double rocAuc, double prAuc,
        double logLoss, long testRows, String dataRange, boolean current) {
}
