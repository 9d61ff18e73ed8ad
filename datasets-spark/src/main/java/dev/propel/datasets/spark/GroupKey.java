package dev.propel.datasets.spark;

import java.io.Serializable;
import java.util.Comparator;
import org.apache.spark.Partitioner;

/**
 * The key of a grouping shuffle (by actor, by item) with a secondary sort: records are partitioned by
 * {@code group} alone and sorted by group, then read order. A task then streams one group's records at a time, in
 * the Lambda builder's read order, instead of holding every group of its partition in memory as
 * {@code groupByKey}/{@code cogroup} do; Spark's sort shuffle spills what does not fit.
 *
 * @param group   the actor or item id
 * @param ordinal the record's read order ({@link CleanLine#ordinal()}); {@link #FIRST} sorts before every line
 */
record GroupKey(String group, long ordinal) implements Serializable {
    /** The ordinal of a record that leads its group (an actor's previous history). */
    static final long FIRST = Long.MIN_VALUE;

    /** Group, then ordinal: the order a task reads its partition in. */
    static final class Order implements Comparator<GroupKey>, Serializable {
        private static final long serialVersionUID = 1L;

        @Override
        public int compare(GroupKey a, GroupKey b) {
            int c = a.group.compareTo(b.group);
            return c != 0 ? c : Long.compare(a.ordinal, b.ordinal);
        }
    }

    /** Hash of the group alone, so all of a group's records meet in one task whatever their ordinals. */
    static final class ByGroup extends Partitioner {
        private static final long serialVersionUID = 1L;
        private final int partitions;

        ByGroup(int partitions) {
            this.partitions = partitions;
        }

        @Override
        public int numPartitions() {
            return partitions;
        }

        @Override
        public int getPartition(Object key) {
            return Math.floorMod(((GroupKey) key).group.hashCode(), partitions);
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof ByGroup g && g.partitions == partitions;
        }

        @Override
        public int hashCode() {
            return partitions;
        }
    }
}
