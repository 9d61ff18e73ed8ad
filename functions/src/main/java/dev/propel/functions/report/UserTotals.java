package dev.propel.functions.report;

import java.time.LocalDate;

/**
 * Totals of the {@code stats/users} registry as of a day: every visitor seen so far.
 *
 * @param known        visitors seen up to {@code asOf}
 * @param buyers       of them, visitors with at least one buying session
 * @param repeatBuyers visitors with two or more buying sessions
 * @param returning    visitors active on two or more days
 */
public record UserTotals(LocalDate asOf, long known, long buyers, long repeatBuyers, long returning) {
}
