package dev.propel.functions.datasets;

import dev.propel.core.csv.CsvWriter;
import dev.propel.core.event.BehaviourEvent;
import dev.propel.core.event.EventTypes;
import dev.propel.core.features.FeatureSchema;
import dev.propel.core.features.ItemStats;
import dev.propel.core.features.ItemStatsTable;
import dev.propel.core.features.Session;
import dev.propel.core.features.SessionFeatures;
import dev.propel.core.features.SessionItems;
import dev.propel.core.features.Sessioniser;
import dev.propel.core.features.UserHistory;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Computes every table of one day from that day's events (plus look-back and look-ahead) and the previous stats
 * partitions: the conversion and item datasets, cumulative item stats and user registry, the daily funnel and the
 * retention cohorts. Pure: no I/O, so it is tested and benchmarked directly.
 *
 * <p>A session belongs to the day of its LAST event: sessions that end in the look-back belong to the previous day,
 * sessions that go on into the look-ahead belong to the next one, so each session is counted once.
 */
public final class DayTables {
    static final List<String> CONVERSION_IDS = List.of("session_key", "cut_at");
    static final List<String> ITEM_IDS = List.of("session_key", "item_id", "candidate_source", "cut_at");
    static final String LABEL = "label";
    static final List<String> DAILY_COLUMNS = List.of("dt", "events", "sessions", "converting_sessions", "users",
            "new_users", "returning_users", "viewers", "carters", "buyers", "purchases", "revenue",
            "session_conversion_rate", "view_to_cart_rate", "cart_to_purchase_rate", "user_conversion_rate");
    static final List<String> RETENTION_COLUMNS =
            List.of("activity_dt", "cohort_dt", "day_n", "cohort_size", "retained_users", "retention_rate");

    private static final List<String> CONVERSION_NUMERIC = FeatureSchema.numericNames(FeatureSchema.CONVERSION);
    private static final List<String> CONVERSION_CATEGORICAL =
            FeatureSchema.categoricalNames(FeatureSchema.CONVERSION);
    private static final List<String> ITEM_NUMERIC = FeatureSchema.numericNames(FeatureSchema.ITEM);
    private static final List<String> ITEM_CATEGORICAL = FeatureSchema.categoricalNames(FeatureSchema.ITEM);

    /** Everything computed for a day, with the day's sessions (the sessions dataset is written from them). */
    record Output(LocalDate day, CsvPartition conversion, CsvPartition item, ItemStatsTable items,
            UserRegistry users, CsvPartition daily, CsvPartition retention, int sessions, long dayEvents,
            List<Session> daySessions) {
    }

    private final BuildSettings settings;

    public DayTables(BuildSettings settings) {
        this.settings = settings;
    }

    public static List<String> conversionColumns() {
        return columns(CONVERSION_IDS, CONVERSION_NUMERIC, CONVERSION_CATEGORICAL);
    }

    public static List<String> itemColumns() {
        return columns(ITEM_IDS, ITEM_NUMERIC, ITEM_CATEGORICAL);
    }

    private static List<String> columns(List<String> ids, List<String> numeric, List<String> categorical) {
        List<String> c = new ArrayList<>(ids);
        c.addAll(numeric);
        c.addAll(categorical);
        c.add(LABEL);
        return List.copyOf(c);
    }

    /**
     * Builds the day's tables.
     *
     * @param events    deduplicated events of the day's clean hours plus look-back and look-ahead
     * @param prevItems item stats of the latest partition BEFORE the day (features never see the day's own counts)
     * @param prevUsers user registry of the latest partition before the day
     */
    Output build(LocalDate day, List<BehaviourEvent> events, ItemStatsTable prevItems, UserRegistry prevUsers) {
        List<Session> sessions = sessionsOfDay(day, events);
        CsvPartition conversion = new CsvPartition(conversionColumns());
        CsvPartition item = new CsvPartition(itemColumns());
        List<ItemStats> popular = popular(prevItems);
        int converting = 0;
        Map<String, List<Session>> sessionsByActor = new HashMap<>();
        for (Session s : sessions) {
            sessionsByActor.computeIfAbsent(actorOf(s), k -> new ArrayList<>()).add(s);
        }
        Map<String, int[]> daySessions = new HashMap<>();
        for (Session s : sessions) {
            UserHistory history = historyAtStart(s, prevUsers.historyOf(actorOf(s)), sessionsByActor.get(actorOf(s)));
            boolean bought = writeSessionRows(s, history, prevItems, popular, conversion, item);
            if (bought) {
                converting++;
            }
            int[] counts = daySessions.computeIfAbsent(actorOf(s), k -> new int[2]);
            counts[0]++;
            counts[1] += bought ? 1 : 0;
        }

        DayTally tally = new DayTally(day);
        for (BehaviourEvent e : events) {
            tally.add(e);
        }
        ItemStatsTable items = prevItems.plus(tally.itemWindow());
        UserRegistry users = prevUsers.plus(day, tally.active(), daySessions);
        CsvPartition daily = daily(day, tally, sessions.size(), converting, newUsers(tally.active(), prevUsers));
        CsvPartition retention = retention(day, users, tally.active());
        return new Output(day, conversion, item, items, users, daily, retention, sessions.size(), tally.dayEvents(),
                sessions);
    }

    /**
     * The sessions that end on {@code day} among {@code events} (in input order: ties keep it). Sessions never
     * span actors, so the Spark job calls this per actor with that actor's events and gets the same sessions.
     */
    public List<Session> sessionsOfDay(LocalDate day, List<BehaviourEvent> events) {
        Instant from = day.atStartOfDay(ZoneOffset.UTC).toInstant();
        Instant to = day.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant();
        // Propel's own decision events are not behaviour: they must neither join nor prolong sessions
        List<BehaviourEvent> behaviour = new ArrayList<>(events.size());
        for (BehaviourEvent e : events) {
            if (SessionFeatures.isBehaviour(e)) {
                behaviour.add(e);
            }
        }
        List<Session> all = new Sessioniser(settings.sessionGap()).sessionise(behaviour);
        List<Session> sessions = new ArrayList<>();
        for (Session s : all) {
            if (!s.end().isBefore(from) && s.end().isBefore(to)) {
                sessions.add(s);
            }
        }
        return sessions;
    }

    /** The popular items added as item-task candidates to every session of the day. */
    public List<ItemStats> popular(ItemStatsTable prevItems) {
        return prevItems.mostPopular(settings.popularCandidates());
    }

    /**
     * Writes one session's conversion and item rows; returns whether the session bought.
     *
     * @param history the actor's history at the session's start ({@link #historyAtStart})
     */
    public boolean writeSessionRows(Session s, UserHistory history, ItemStatsTable prevItems,
            List<ItemStats> popular, CsvPartition conversion, CsvPartition item) {
        Instant firstPurchase = firstPurchase(s.events());
        float[] sessionNum = new float[SessionFeatures.NUMERIC];
        String[] sessionCat = new String[SessionFeatures.CATEGORICAL];
        writeConversionRows(s, firstPurchase, history, conversion, sessionNum, sessionCat);
        writeItemRows(s, firstPurchase, history, prevItems, popular, item, sessionNum, sessionCat,
                new float[SessionItems.NUMERIC]);
        return firstPurchase != null;
    }

    /** Active actors the registry of the day before did not know. */
    public static int newUsers(Collection<String> active, UserRegistry prevUsers) {
        int n = 0;
        for (String a : active) {
            if (prevUsers.get(a) == null) {
                n++;
            }
        }
        return n;
    }

    /** The day's funnel row ({@code stats/daily}). */
    public static CsvPartition daily(LocalDate day, DayTally t, int sessions, int converting, int newUsers) {
        int active = t.active().size();
        CsvPartition daily = new CsvPartition(DAILY_COLUMNS);
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

    /** The day's day-N retention rows ({@code stats/retention}) from the registry that includes the day. */
    public CsvPartition retention(LocalDate day, UserRegistry users, Collection<String> active) {
        CsvPartition retention = new CsvPartition(RETENTION_COLUMNS);
        Map<LocalDate, Integer> cohortSizes = users.cohortSizes();
        Map<LocalDate, Integer> retained = new TreeMap<>();
        for (String a : active) {
            retained.merge(users.get(a).firstSeen(), 1, Integer::sum);
        }
        for (int n = 0; n <= settings.retentionDays(); n++) {
            LocalDate cohort = day.minusDays(n);
            Integer size = cohortSizes.get(cohort);
            if (size == null) {
                continue;
            }
            int kept = retained.getOrDefault(cohort, 0);
            CsvWriter r = retention.row();
            r.field(day.toString()).field(cohort.toString()).field((long) n).field((long) size).field((long) kept)
                    .field(rate(kept, size));
            retention.endRow();
        }
        return retention;
    }

    /**
     * One row per prefix of the session before its first purchase: the cut is just after each distinct event time
     * (so ties enter together), as serving would ask right after an event. The label is whether the session went on
     * to purchase; features see only events strictly before the cut.
     */
    private void writeConversionRows(Session s, Instant firstPurchase, UserHistory history, CsvPartition out,
            float[] num, String[] cat) {
        List<Instant> cuts = new ArrayList<>();
        Instant prev = null;
        for (BehaviourEvent e : s.events()) {
            Instant t = e.timestamp();
            if (firstPurchase != null && !t.isBefore(firstPurchase)) {
                break;
            }
            if (!SessionFeatures.isBehaviour(e) || t.equals(prev)) {
                continue;
            }
            cuts.add(t.plusNanos(1));
            prev = t;
        }
        int n = cuts.size();
        int rows = Math.min(n, settings.maxPrefixes());
        String label = firstPurchase != null ? "1" : "0";
        for (int r = 0; r < rows; r++) {
            // evenly spaced prefixes, always ending with the longest
            Instant cut = cuts.get(rows == n ? r : (int) ((long) (r + 1) * n / rows) - 1);
            SessionFeatures.computeInto(s.events(), cut, history, num, 0, cat, 0);
            CsvWriter w = out.row();
            w.field(s.key()).field(cut.toString());
            for (float v : num) {
                w.field((double) v);
            }
            for (String c : cat) {
                w.field(c);
            }
            w.field(label);
            out.endRow();
        }
    }

    /**
     * One row per candidate item at one cut per session: just before the first purchase (or after the last event
     * when there is none). Candidates are the items the session touched before the cut, then the most popular
     * items of earlier windows; the label is whether the session purchased the item.
     */
    private void writeItemRows(Session s, Instant firstPurchase, UserHistory history, ItemStatsTable prevItems,
            List<ItemStats> popular, CsvPartition out, float[] sessionNum, String[] sessionCat, float[] itemNum) {
        Instant cut = firstPurchase != null ? firstPurchase : s.end().plusNanos(1);
        SessionItems items = SessionItems.of(s.events(), cut);
        if (items.items().isEmpty()) {
            return;
        }
        Set<String> purchased = new HashSet<>();
        for (BehaviourEvent e : s.events()) {
            if (EventTypes.PURCHASE.equals(e.type()) && e.itemId() != null) {
                purchased.add(e.itemId());
            }
        }
        SessionFeatures.computeInto(s.events(), cut, history, sessionNum, 0, sessionCat, 0);
        Map<String, String> candidates = new LinkedHashMap<>();
        for (String i : items.items()) {
            candidates.put(i, "session");
        }
        for (ItemStats p : popular) {
            candidates.putIfAbsent(p.itemId(), "popular");
        }
        String cutText = cut.toString();
        for (Map.Entry<String, String> c : candidates.entrySet()) {
            String itemId = c.getKey();
            items.featuresInto(itemId, prevItems.get(itemId), itemNum, 0);
            CsvWriter w = out.row();
            w.field(s.key()).field(itemId).field(c.getValue()).field(cutText);
            for (float v : sessionNum) {
                w.field((double) v);
            }
            for (float v : itemNum) {
                w.field((double) v);
            }
            for (String v : sessionCat) {
                w.field(v);
            }
            w.field(purchased.contains(itemId) ? "1" : "0");
            out.endRow();
        }
    }

    private static String actorOf(Session s) {
        return s.actorId() == null ? "" : s.actorId();
    }

    /**
     * The actor's history as of the session's first event: the registry of the days before (sessions that ended on
     * earlier days) plus the actor's sessions of this day that ended before this one started. Nothing at or after
     * the session start is counted, so the history knows nothing of the session's own outcome.
     */
    static UserHistory historyAtStart(Session s, UserRegistry before, List<Session> actorSessionsOfDay) {
        return historyAtStart(s, before.historyOf(actorOf(s)), actorSessionsOfDay);
    }

    /** {@link #historyAtStart(Session, UserRegistry, List)} from the actor's history of the days before. */
    public static UserHistory historyAtStart(Session s, UserHistory before, List<Session> actorSessionsOfDay) {
        UserHistory h = before;
        for (Session other : actorSessionsOfDay) {
            if (other != s && other.end().isBefore(s.start())) {
                h = h.plusSession(firstPurchase(other.events()) != null);
            }
        }
        return h;
    }

    private static Instant firstPurchase(List<BehaviourEvent> events) {
        for (BehaviourEvent e : events) {
            if (EventTypes.PURCHASE.equals(e.type())) {
                return e.timestamp();
            }
        }
        return null;
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

    private static double rate(long num, long den) {
        return den == 0 ? Double.NaN : Math.round(num * 10000.0 / den) / 10000.0;
    }

}
