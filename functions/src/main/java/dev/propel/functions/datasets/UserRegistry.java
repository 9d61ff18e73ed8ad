package dev.propel.functions.datasets;

import dev.propel.core.csv.CsvReader;
import dev.propel.core.csv.CsvWriter;
import dev.propel.core.features.UserHistory;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Every actor seen up to a day, with the day they were first and last seen ({@code stats/users/}): what tells
 * new from returning users and sizes the retention cohorts. Each day's partition is the previous one plus that
 * day's active actors.
 */
public final class UserRegistry {
    public static final List<String> COLUMNS =
            List.of("actor_id", "first_seen", "last_seen", "active_days", "sessions", "buying_sessions");
    /** Columns of partitions written before the session counts existed (read with counts 0). */
    private static final List<String> COLUMNS_V1 = COLUMNS.subList(0, 4);

    /**
     * One actor's history.
     *
     * @param sessions       sessions of the actor that ended on or before {@code lastSeen}'s partition day
     * @param buyingSessions those of them with at least one purchase
     */
    record User(String actorId, LocalDate firstSeen, LocalDate lastSeen, int activeDays, int sessions,
            int buyingSessions) {
        /** The history features of a session that starts after every session counted here. */
        UserHistory history() {
            return new UserHistory(sessions, buyingSessions);
        }
    }

    /**
     * Actors not seen for this long before the registry's day leave it (one who comes back counts as new): ids come
     * from callers, and a registry that only ever grows would grow the datasets stage's memory until it fails.
     */
    static final int RETENTION_DAYS = 400;
    /** At most this many actors are kept, the most recently seen. */
    static final int MAX_USERS = 5_000_000;

    private final Map<String, User> users;

    private UserRegistry(Map<String, User> users) {
        this.users = users;
    }

    public static UserRegistry empty() {
        return new UserRegistry(Map.of());
    }

    /** Reads a partition's CSV (uncompressed stream). */
    public static UserRegistry read(InputStream csv) {
        CsvReader r = new CsvReader(new BufferedReader(new InputStreamReader(csv, StandardCharsets.UTF_8), 1 << 16));
        List<String> header = r.next();
        Map<String, User> m = new HashMap<>();
        if (header == null) {
            return new UserRegistry(m);
        }
        boolean counts = header.equals(COLUMNS);
        if (!counts && !header.equals(COLUMNS_V1)) {
            throw new IllegalArgumentException("unexpected users columns " + header);
        }
        for (List<String> f = r.next(); f != null; f = r.next()) {
            m.put(f.get(0), new User(f.get(0), LocalDate.parse(f.get(1)), LocalDate.parse(f.get(2)),
                    Integer.parseInt(f.get(3)), counts ? Integer.parseInt(f.get(4)) : 0,
                    counts ? Integer.parseInt(f.get(5)) : 0));
        }
        return new UserRegistry(m);
    }

    /**
     * This registry with the actors active on {@code day} added, and the sessions that ended on that day counted
     * (idempotent for a day already included).
     *
     * @param daySessions per actor, {@code {sessions, buying sessions}} of the sessions ending on {@code day}
     */
    public UserRegistry plus(LocalDate day, Collection<String> activeActors, Map<String, int[]> daySessions) {
        Map<String, User> m = new HashMap<>(users);
        for (String a : activeActors) {
            User u = m.get(a);
            int[] c = daySessions.getOrDefault(a, NO_SESSIONS);
            if (u == null) {
                m.put(a, new User(a, day, day, 1, c[0], c[1]));
            } else if (u.lastSeen().isBefore(day)) {
                m.put(a, new User(a, u.firstSeen().isAfter(day) ? day : u.firstSeen(), day, u.activeDays() + 1,
                        u.sessions() + c[0], u.buyingSessions() + c[1]));
            }
        }
        return new UserRegistry(bounded(m, day, RETENTION_DAYS, MAX_USERS));
    }

    /** Drops actors unseen for {@code retentionDays} before {@code day}, then all but the {@code max} most recent. */
    static Map<String, User> bounded(Map<String, User> m, LocalDate day, int retentionDays, int max) {
        LocalDate cutoff = day.minusDays(retentionDays);
        m.values().removeIf(u -> u.lastSeen().isBefore(cutoff));
        if (m.size() <= max) {
            return m;
        }
        List<User> recent = new ArrayList<>(m.values());
        recent.sort(Comparator.comparing(User::lastSeen).reversed().thenComparing(User::actorId));
        Map<String, User> kept = new HashMap<>(max * 2);
        for (User u : recent.subList(0, max)) {
            kept.put(u.actorId(), u);
        }
        return kept;
    }

    private static final int[] NO_SESSIONS = {0, 0};

    /** The history of an actor as of the end of this registry's day: a first visit when unknown. */
    public UserHistory historyOf(String actorId) {
        User u = users.get(actorId);
        return u == null ? UserHistory.FIRST_VISIT : u.history();
    }

    User get(String actorId) {
        return users.get(actorId);
    }

    /** Every actor of the registry (the Spark job pairs each with its history). */
    public java.util.Set<String> actors() {
        return java.util.Collections.unmodifiableSet(users.keySet());
    }

    public int size() {
        return users.size();
    }

    /** Number of actors per first-seen day. */
    Map<LocalDate, Integer> cohortSizes() {
        Map<LocalDate, Integer> m = new HashMap<>();
        for (User u : users.values()) {
            m.merge(u.firstSeen(), 1, Integer::sum);
        }
        return m;
    }

    /** Writes the partition rows sorted by actor id (deterministic bytes). */
    public void writeTo(CsvPartition out) {
        List<User> sorted = new ArrayList<>(users.values());
        sorted.sort(Comparator.comparing(User::actorId));
        for (User u : sorted) {
            CsvWriter w = out.row();
            w.field(u.actorId()).field(u.firstSeen().toString()).field(u.lastSeen().toString())
                    .field((long) u.activeDays()).field((long) u.sessions()).field((long) u.buyingSessions());
            out.endRow();
        }
    }
}
