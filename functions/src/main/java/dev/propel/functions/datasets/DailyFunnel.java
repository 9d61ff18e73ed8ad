package dev.propel.functions.datasets;

import dev.propel.core.csv.CsvWriter;
import java.time.LocalDate;
import java.util.Collection;
import java.util.List;
import java.util.Set;

/** The day's {@code stats/daily} partition: one funnel row (events, sessions, users, funnel stages and rates). */
final class DailyFunnel implements DayTable<CsvPartition> {
    static final List<String> COLUMNS = List.of("dt", "events", "sessions", "converting_sessions", "users",
            "new_users", "returning_users", "viewers", "carters", "buyers", "purchases", "revenue",
            "session_conversion_rate", "view_to_cart_rate", "cart_to_purchase_rate", "user_conversion_rate");

    @Override
    public CsvPartition build(DayInput day) {
        return row(day.day(), day.tally(), day.sessions().size(), day.converting(),
                newUsers(day.tally().active(), day.prevUsers()));
    }

    /** Active actors the registry of the day before did not know. */
    static int newUsers(Collection<String> active, UserRegistry prevUsers) {
        int n = 0;
        for (String a : active) {
            if (prevUsers.get(a) == null) {
                n++;
            }
        }
        return n;
    }

    /** The funnel row from the day's counts (the Spark job merges them from its tasks first). */
    static CsvPartition row(LocalDate day, DayTally t, int sessions, int converting, int newUsers) {
        int active = t.active().size();
        CsvPartition daily = new CsvPartition(COLUMNS);
        CsvWriter w = daily.row();
        w.field(day.toString()).field(t.dayEvents()).field((long) sessions).field((long) converting)
                .field((long) active).field((long) newUsers).field((long) (active - newUsers))
                .field((long) t.viewers().size()).field((long) t.carters().size()).field((long) t.buyers().size())
                .field(t.purchases()).field(Math.round(t.revenue() * 100) / 100.0)
                .field(rate(converting, sessions)).field(rate(overlap(t.viewers(), t.carters()), t.viewers().size()))
                .field(rate(overlap(t.carters(), t.buyers()), t.carters().size()))
                .field(rate(t.buyers().size(), active));
        daily.endRow();
        return daily;
    }

    /** How many of {@code stage} also reached {@code next}: funnel rates stay within 0..1 even when logs start
     * mid-funnel (buyers whose cart event is older than the data). */
    private static int overlap(Set<String> stage, Set<String> next) {
        int n = 0;
        for (String a : stage) {
            if (next.contains(a)) {
                n++;
            }
        }
        return n;
    }

    /** A share rounded to 4 decimals; NaN (an empty CSV field) when there is nothing to divide by. */
    static double rate(long num, long den) {
        return den == 0 ? Double.NaN : Math.round(num * 10000.0 / den) / 10000.0;
    }
}
