package dev.propel.datagen.simulator;

/**
 * What a run produced, counted.
 *
 * @param users              shoppers who visited
 * @param sessions           sessions
 * @param convertingSessions sessions with at least one purchase
 * @param events             true events (each with one conversion truth row)
 * @param deliveries         valid deliveries, duplicates included
 * @param duplicates         second deliveries of an already sent {@code event_id}
 * @param late               events delivered 5 minutes or more after they happened
 * @param outOfOrder         events delayed by 1 to 120 seconds
 * @param invalid            invalid deliveries
 * @param missingOptional    events that lost an optional field
 * @param sessionsWithoutId  sessions sent without {@code session_id}
 * @param skewedUsers        users whose clock is off
 * @param itemTruthRows      item truth rows
 * @param purchases          purchase events
 */
public record SimulationSummary(
        long users,
        long sessions,
        long convertingSessions,
        long events,
        long deliveries,
        long duplicates,
        long late,
        long outOfOrder,
        long invalid,
        long missingOptional,
        long sessionsWithoutId,
        long skewedUsers,
        long itemTruthRows,
        long purchases) {

    /** Share of sessions that bought something. */
    public double conversionRate() {
        return sessions == 0 ? 0 : (double) convertingSessions / sessions;
    }
}
