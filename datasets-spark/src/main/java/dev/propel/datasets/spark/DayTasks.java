package dev.propel.datasets.spark;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import dev.propel.core.event.BehaviourEvent;
import dev.propel.core.event.EventJson;
import dev.propel.core.features.ItemStats;
import dev.propel.core.features.ItemStatsTable;
import dev.propel.core.event.EventTypes;
import dev.propel.core.features.Session;
import dev.propel.core.features.UserHistory;
import dev.propel.core.sessions.SessionLine;
import dev.propel.functions.datasets.CsvPartition;
import dev.propel.functions.datasets.DayTables;
import dev.propel.functions.datasets.DayTally;
import dev.propel.functions.datasets.DecisionOutcomes;
import dev.propel.functions.datasets.UserRegistry;
import dev.propel.functions.policy.LoggedDecision;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import scala.Tuple2;

/**
 * The work each executor task does for one day, as static functions of their inputs (nothing of the driver is
 * captured). Every table row and count comes from the Lambda builder's own code: {@link DayTables} for sessions,
 * rows and histories, {@link DayTally} for the funnel and item counts, {@link SessionLine} for the sessions
 * dataset.
 */
final class DayTasks {
    private static final JsonFactory JSON = new JsonFactory();

    private DayTasks() {
    }

    /**
     * The events of one clean object, numbered in read order. A line that is not an event fails the day with the
     * Lambda builder's message ({@code cannot read <key>}).
     */
    static List<CleanLine> readObject(S3aBucket bucket, int index, String key) {
        List<CleanLine> out = new ArrayList<>();
        try (InputStream in = new GZIPInputStream(bucket.open(key), 1 << 16);
                JsonParser p = JSON.createParser(in)) {
            long line = 0;
            while (p.nextToken() != null) {
                BehaviourEvent e = EventJson.read(p);
                String actor = e.actorId() == null ? "" : e.actorId();
                out.add(new CleanLine(e.eventId(), ((long) index << 32) | line, actor, e.itemId(),
                        e.timestamp().getEpochSecond(), e.timestamp().getNano(), EventJson.toJson(e)));
                line++;
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + key, e);
        }
        return out;
    }

    /** Each actor's history of the days before, from the previous {@code stats/users} part (via core's CSV reader). */
    static Iterator<Tuple2<GroupKey, ActorRecord>> previousHistories(S3aBucket bucket, String key) {
        UserRegistry registry;
        try (InputStream in = new GZIPInputStream(bucket.open(key), 1 << 16)) {
            registry = UserRegistry.read(in);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + key, e);
        }
        List<Tuple2<GroupKey, ActorRecord>> out = new ArrayList<>(registry.size());
        for (String actor : registry.actors()) {
            UserHistory h = registry.historyOf(actor);
            out.add(new Tuple2<>(new GroupKey(actor, GroupKey.FIRST),
                    new PriorHistory(h.priorSessions(), h.priorOrders())));
        }
        return out.iterator();
    }

    /**
     * One task over a hash partition of actors, its records sorted by actor then read order (each actor's
     * history first): sessionises one actor at a time, writes the conversion and item rows of the sessions ending
     * on the day into this task's parts, and hands back the task's tally, session lines and decision rows. Only one
     * actor's events are in memory at once.
     *
     * @param newest the newest event time of the day's whole read window (decision outcomes are judged on it)
     */
    static Iterator<PartitionOutput> actors(int part, Iterator<Tuple2<GroupKey, ActorRecord>> sorted, LocalDate day,
            SparkSettings settings, Instant newest, byte[] prevItemsGzip, S3aBucket bucket, String conversionKey,
            String itemKey) {
        ActorTask task = new ActorTask(day, settings, newest, itemStats(prevItemsGzip));
        String actor = null;
        UserHistory before = UserHistory.FIRST_VISIT;
        List<CleanLine> lines = new ArrayList<>();
        while (sorted.hasNext()) {
            Tuple2<GroupKey, ActorRecord> r = sorted.next();
            if (!r._1().group().equals(actor)) {
                task.actor(actor, before, lines);
                actor = r._1().group();
                before = UserHistory.FIRST_VISIT;
                lines.clear();
            }
            if (r._2() instanceof PriorHistory h) {
                before = new UserHistory(h.sessions(), h.orders());
            } else {
                lines.add((CleanLine) r._2());
            }
        }
        task.actor(actor, before, lines);
        task.out.add(new PartitionOutput.PartDay(part, task.conversion.rows(), task.item.rows(), task.partTally,
                task.daySessions, task.distinctEvents));
        bucket.write(conversionKey, task.conversion.finish());
        bucket.write(itemKey, task.item.finish());
        return task.out.iterator();
    }

    /** What one actor task accumulates across its actors. */
    private static final class ActorTask {
        private final LocalDate day;
        private final DayTables tables;
        private final DecisionOutcomes decisions;
        private final Instant newest;
        private final ItemStatsTable prevItems;
        private final List<ItemStats> popular;
        private final CsvPartition conversion = new CsvPartition(DayTables.conversionColumns());
        private final CsvPartition item = new CsvPartition(DayTables.itemColumns());
        private final List<PartitionOutput> out = new ArrayList<>();
        private final DayTally partTally;
        private final HashMap<String, int[]> daySessions = new HashMap<>();
        private long distinctEvents;

        ActorTask(LocalDate day, SparkSettings settings, Instant newest, ItemStatsTable prevItems) {
            this.day = day;
            this.tables = new DayTables(settings.build());
            this.decisions = new DecisionOutcomes(DecisionOutcomes.DEFAULT_HORIZON, settings.build().sessionGap());
            this.newest = newest;
            this.prevItems = prevItems;
            this.popular = tables.popular(prevItems);
            this.partTally = new DayTally(day);
        }

        /** One actor's events, in read order, with its history before the day's window. */
        void actor(String actor, UserHistory before, List<CleanLine> lines) {
            if (actor == null || lines.isEmpty()) {
                return; // before the first record, or an actor of the registry without events in the window
            }
            List<BehaviourEvent> events = new ArrayList<>(lines.size());
            for (CleanLine l : lines) {
                events.add(EventJson.parse(l.json()));
            }
            List<Session> sessions = tables.sessionsOfDay(day, events);
            int buying = 0;
            for (Session s : sessions) {
                UserHistory history = DayTables.historyAtStart(s, before, sessions);
                if (tables.writeSessionRows(s, history, prevItems, popular, conversion, item)) {
                    buying++;
                }
                SessionLine line = SessionLine.of(s);
                if (line != null) {
                    out.add(new PartitionOutput.SessionText(sortKey(s), json(line)));
                }
            }
            boolean decided = false;
            for (BehaviourEvent e : events) {
                partTally.add(e);
                decided |= EventTypes.DECISION.equals(e.type());
            }
            if (decided) { // the join matches a decision within its visitor's events only
                for (LoggedDecision d : decisions.join(day, events, newest)) {
                    out.add(new PartitionOutput.DecisionRow(new ArrayList<>(d.fields())));
                }
            }
            distinctEvents += lines.size();
            if (!sessions.isEmpty()) {
                daySessions.put(actor, new int[] {sessions.size(), buying});
            }
        }
    }

    /**
     * The item counts of the day for one task's items, its records sorted by item then read order (the last-seen
     * price depends on it): one item's events in memory at a time.
     */
    static Iterator<ItemWindowRow> itemWindows(Iterator<Tuple2<GroupKey, CleanLine>> sorted, LocalDate day) {
        List<ItemWindowRow> out = new ArrayList<>();
        String item = null;
        DayTally tally = new DayTally(day);
        while (sorted.hasNext()) {
            Tuple2<GroupKey, CleanLine> r = sorted.next();
            if (!r._1().group().equals(item)) {
                tally.itemWindow().forEach(s -> out.add(ItemWindowRow.of(s)));
                item = r._1().group();
                tally = new DayTally(day);
            }
            tally.add(EventJson.parse(r._2().json()));
        }
        tally.itemWindow().forEach(s -> out.add(ItemWindowRow.of(s)));
        return out.iterator();
    }

    /** Writes the day's sessions part from lines already in order, streaming (one task, the whole day). */
    static long writeSessions(Iterator<String> lines, S3aBucket bucket, String key) {
        long n = 0;
        try (OutputStream s3 = bucket.create(key);
                GZIPOutputStream gz = CsvPartition.gzip(s3);
                Writer w = new OutputStreamWriter(gz, StandardCharsets.UTF_8)) {
            while (lines.hasNext()) {
                w.write(lines.next());
                w.write('\n');
                n++;
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + key, e);
        }
        return n;
    }

    /** Orders sessions as the Lambda builder's sessions part does: start time, then key. */
    static String sortKey(Session s) {
        return String.format("%019d%09d", s.start().getEpochSecond(), s.start().getNano()) + '\u0000' + s.key();
    }

    private static String json(SessionLine line) {
        StringWriter w = new StringWriter(256);
        try (JsonGenerator g = JSON.createGenerator(w)) {
            line.writeTo(g);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return w.toString();
    }

    static byte[] gzip(ItemStatsTable table) {
        var bytes = new java.io.ByteArrayOutputStream(1 << 16);
        try (GZIPOutputStream gz = CsvPartition.gzip(bytes)) {
            table.write(gz);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    private static ItemStatsTable itemStats(byte[] gzip) {
        try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(gzip))) {
            return ItemStatsTable.read(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
