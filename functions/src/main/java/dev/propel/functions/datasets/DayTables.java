package dev.propel.functions.datasets;

import dev.propel.core.event.BehaviourEvent;
import dev.propel.core.features.ItemStats;
import dev.propel.core.features.ItemStatsTable;
import dev.propel.core.features.Session;
import dev.propel.core.features.SessionFeatures;
import dev.propel.core.features.Sessioniser;
import dev.propel.core.features.UserHistory;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * Computes every table of one day from that day's events (plus look-back and look-ahead) and the previous stats
 * partitions: cuts the day's sessions, then composes one {@link DayTable} per output, the conversion
 * ({@link ConversionDataset}) and item ({@link ItemDataset}) datasets, the cumulative item stats
 * ({@link ItemStatsUpdate}) and user registry ({@link UserRegistryUpdate}), the daily funnel ({@link DailyFunnel}),
 * and the retention cohorts ({@link RetentionCohorts}, from the updated registry). Pure: no I/O, so it is tested and
 * benchmarked directly. The Spark job builds the same tables per actor through the public methods here.
 *
 * <p>A session belongs to the day of its LAST event: sessions that end in the look-back belong to the previous day,
 * sessions that go on into the look-ahead belong to the next one, so each session is counted once.
 */
public final class DayTables {
    static final List<String> CONVERSION_IDS = ConversionDataset.COLUMNS.ids();
    static final List<String> ITEM_IDS = ItemDataset.COLUMNS.ids();
    static final String LABEL = DatasetColumns.LABEL;
    static final List<String> DAILY_COLUMNS = DailyFunnel.COLUMNS;
    static final List<String> RETENTION_COLUMNS = RetentionCohorts.COLUMNS;

    /** Everything computed for a day, with the day's sessions (the sessions dataset is written from them). */
    record Output(LocalDate day, CsvPartition conversion, CsvPartition item, ItemStatsTable items,
            UserRegistry users, CsvPartition daily, CsvPartition retention, int sessions, long dayEvents,
            List<Session> daySessions) {
    }

    private final BuildSettings settings;
    private final ConversionDataset conversion;
    private final ItemDataset item;
    private final DayTable<ItemStatsTable> items = new ItemStatsUpdate();
    private final DayTable<UserRegistry> users = new UserRegistryUpdate();
    private final DayTable<CsvPartition> daily = new DailyFunnel();
    private final RetentionCohorts retention;

    /** The tables as {@code settings} define them (session gap, prefixes per session, candidates, cohorts). */
    public DayTables(BuildSettings settings) {
        this.settings = settings;
        this.conversion = new ConversionDataset(settings.maxPrefixes());
        this.item = new ItemDataset(settings.popularCandidates());
        this.retention = new RetentionCohorts(settings.retentionDays());
    }

    /** Every column of a {@code datasets/conversion} partition, in file order. */
    public static List<String> conversionColumns() {
        return ConversionDataset.COLUMNS.all();
    }

    /** Every column of a {@code datasets/item} partition, in file order. */
    public static List<String> itemColumns() {
        return ItemDataset.COLUMNS.all();
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
        DayInput in = DayInput.of(day, events, sessions, prevItems, prevUsers);
        UserRegistry usersAfter = users.build(in);
        return new Output(day, conversion.build(in), item.build(in), items.build(in), usersAfter, daily.build(in),
                retention.build(day, usersAfter, in.tally().active()), sessions.size(), in.tally().dayEvents(),
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
        return item.popular(prevItems);
    }

    /**
     * Writes one session's conversion and item rows; returns whether the session bought (the Spark job's
     * per-actor path through {@link ConversionDataset} and {@link ItemDataset}).
     *
     * @param history the actor's history at the session's start ({@link #historyAtStart})
     */
    public boolean writeSessionRows(Session s, UserHistory history, ItemStatsTable prevItems,
            List<ItemStats> popular, CsvPartition conversionOut, CsvPartition itemOut) {
        Instant firstPurchase = DayInput.firstPurchase(s.events());
        conversion.writeSession(s, firstPurchase, history, conversionOut);
        item.writeSession(s, firstPurchase, history, prevItems, popular, itemOut);
        return firstPurchase != null;
    }

    /** Active actors the registry of the day before did not know. */
    public static int newUsers(Collection<String> active, UserRegistry prevUsers) {
        return DailyFunnel.newUsers(active, prevUsers);
    }

    /** The day's funnel row ({@code stats/daily}). */
    public static CsvPartition daily(LocalDate day, DayTally t, int sessions, int converting, int newUsers) {
        return DailyFunnel.row(day, t, sessions, converting, newUsers);
    }

    /** The day's day-N retention rows ({@code stats/retention}) from the registry that includes the day. */
    public CsvPartition retention(LocalDate day, UserRegistry users, Collection<String> active) {
        return retention.build(day, users, active);
    }

    /**
     * The actor's history as of the session's first event: its history of the days before plus its sessions of
     * this day that ended before this one started (see {@link DayInput#historyAtStart}).
     */
    public static UserHistory historyAtStart(Session s, UserHistory before, List<Session> actorSessionsOfDay) {
        return DayInput.historyAtStart(s, before, actorSessionsOfDay);
    }
}
