package dev.propel.datasets.spark;

/**
 * An actor's history of the days before, from the previous {@code stats/users} part (core's {@code UserHistory}
 * is not serializable).
 */
record PriorHistory(int sessions, int orders) implements ActorRecord {
}
