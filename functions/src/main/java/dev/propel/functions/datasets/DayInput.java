package dev.propel.functions.datasets;

import dev.propel.core.event.BehaviourEvent;
import dev.propel.core.event.EventTypes;
import dev.propel.core.features.ItemStatsTable;
import dev.propel.core.features.Session;
import dev.propel.core.features.UserHistory;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What every table of one day is built from: the sessions that end on the day (each with the actor's history at its
 * start), the tally of the day's events, and the cumulative stats of the latest partitions before the day.
 *
 * @param sessions  the sessions ending on the day, in the order the sessioniser cut them
 * @param tally     the day's behaviour events counted in input order
 * @param prevItems item stats of the latest partition before the day (features never see the day's own counts)
 * @param prevUsers user registry of the latest partition before the day
 */
record DayInput(LocalDate day, List<DaySession> sessions, DayTally tally, ItemStatsTable prevItems,
        UserRegistry prevUsers) {

    /**
     * One session of the day with what its rows need.
     *
     * @param history       the actor's history at the session's start ({@link #historyAtStart})
     * @param firstPurchase the time of its first purchase, null when it bought nothing
     */
    record DaySession(Session session, UserHistory history, Instant firstPurchase) {

        boolean bought() {
            return firstPurchase != null;
        }
    }

    DayInput {
        sessions = List.copyOf(sessions);
    }

    /**
     * The input of {@code day}.
     *
     * @param events   deduplicated events of the day's clean hours plus look-back and look-ahead
     * @param sessions the sessions among them that end on the day
     */
    static DayInput of(LocalDate day, List<BehaviourEvent> events, List<Session> sessions, ItemStatsTable prevItems,
            UserRegistry prevUsers) {
        Map<String, List<Session>> sessionsByActor = new HashMap<>();
        for (Session s : sessions) {
            sessionsByActor.computeIfAbsent(actorOf(s), k -> new ArrayList<>()).add(s);
        }
        List<DaySession> daySessions = new ArrayList<>(sessions.size());
        for (Session s : sessions) {
            UserHistory history = historyAtStart(s, prevUsers.historyOf(actorOf(s)), sessionsByActor.get(actorOf(s)));
            daySessions.add(new DaySession(s, history, firstPurchase(s.events())));
        }
        DayTally tally = new DayTally(day);
        for (BehaviourEvent e : events) {
            tally.add(e);
        }
        return new DayInput(day, daySessions, tally, prevItems, prevUsers);
    }

    /** Sessions of the day that bought something. */
    int converting() {
        int n = 0;
        for (DaySession s : sessions) {
            if (s.bought()) {
                n++;
            }
        }
        return n;
    }

    /** Per actor, {@code {sessions, buying sessions}} of the day: what the user registry adds to its counts. */
    Map<String, int[]> sessionCountsByActor() {
        Map<String, int[]> counts = new HashMap<>();
        for (DaySession s : sessions) {
            int[] c = counts.computeIfAbsent(actorOf(s.session()), k -> new int[2]);
            c[0]++;
            c[1] += s.bought() ? 1 : 0;
        }
        return counts;
    }

    /**
     * The actor's history as of the session's first event: the registry of the days before (sessions that ended on
     * earlier days) plus the actor's sessions of this day that ended before this one started. Nothing at or after
     * the session start is counted, so the history knows nothing of the session's own outcome.
     */
    static UserHistory historyAtStart(Session s, UserHistory before, List<Session> actorSessionsOfDay) {
        UserHistory h = before;
        for (Session other : actorSessionsOfDay) {
            if (other != s && other.end().isBefore(s.start())) {
                h = h.plusSession(firstPurchase(other.events()) != null);
            }
        }
        return h;
    }

    /** The actor a session is counted under ({@code ""} for sessions without any id). */
    static String actorOf(Session s) {
        return s.actorId() == null ? "" : s.actorId();
    }

    /** The time of the first purchase among {@code events}, null when there is none. */
    static Instant firstPurchase(List<BehaviourEvent> events) {
        for (BehaviourEvent e : events) {
            if (EventTypes.PURCHASE.equals(e.type())) {
                return e.timestamp();
            }
        }
        return null;
    }
}
