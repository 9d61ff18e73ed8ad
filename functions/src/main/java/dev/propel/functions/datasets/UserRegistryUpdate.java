package dev.propel.functions.datasets;

/**
 * The day's {@code stats/users} partition: the registry before the day plus the day's active actors, with the
 * sessions that ended on the day counted.
 */
final class UserRegistryUpdate implements DayTable<UserRegistry> {

    @Override
    public UserRegistry build(DayInput day) {
        return day.prevUsers().plus(day.day(), day.tally().active(), day.sessionCountsByActor());
    }
}
