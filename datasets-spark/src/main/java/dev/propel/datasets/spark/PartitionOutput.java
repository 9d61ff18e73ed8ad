package dev.propel.datasets.spark;

import dev.propel.functions.datasets.DayTally;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.HashMap;

/** What one actor-partition task of a day hands back to the driver besides the part files it wrote. */
sealed interface PartitionOutput extends Serializable permits PartitionOutput.PartDay, PartitionOutput.SessionText,
        PartitionOutput.DecisionRow {

    /**
     * One task's share of the day: the rows it wrote into its conversion and item parts, the funnel tally of its
     * actors (merged in the task, so the driver receives one per task, not one per actor), and per actor with
     * sessions ending on the day {@code {sessions, buying sessions}}.
     *
     * @param events distinct events of the task's actors in the window read
     */
    record PartDay(int part, long conversionRows, long itemRows, DayTally tally, HashMap<String, int[]> daySessions,
            long events) implements PartitionOutput {
    }

    /** One line of the sessions dataset with the key it is ordered by (start time, then session key). */
    record SessionText(String sortKey, String json) implements PartitionOutput {
    }

    /**
     * One row of the day's decisions table as its text fields ({@code LoggedDecision} is not serializable; its
     * fields read back to the same row).
     */
    record DecisionRow(ArrayList<String> fields) implements PartitionOutput {
    }
}
