package dev.propel.datasets.spark;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import dev.propel.core.event.BehaviourEvent;
import dev.propel.core.event.EventJson;
import dev.propel.core.features.ItemStats;
import dev.propel.core.features.ItemStatsTable;
import dev.propel.core.features.Session;
import dev.propel.core.features.UserHistory;
import dev.propel.core.sessions.SessionLine;
import dev.propel.functions.datasets.CsvPartition;
import dev.propel.functions.datasets.DayTables;
import dev.propel.functions.datasets.DayTally;
import dev.propel.functions.datasets.UserRegistry;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
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
    private static final Comparator<CleanLine> READ_ORDER = Comparator.comparingLong(CleanLine::ordinal);

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
                        e.timestamp().getEpochSecond(), EventJson.toJson(e)));
                line++;
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + key, e);
        }
        return out;
    }

    /** Each actor's history of the days before, from the previous {@code stats/users} part (via core's CSV reader). */
    static Iterator<Tuple2<String, int[]>> previousHistories(S3aBucket bucket, String key) {
        UserRegistry registry;
        try (InputStream in = new GZIPInputStream(bucket.open(key), 1 << 16)) {
            registry = UserRegistry.read(in);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + key, e);
        }
        // as {prior sessions, prior orders}: core's UserHistory is not serializable
        List<Tuple2<String, int[]>> out = new ArrayList<>(registry.size());
        for (String actor : registry.actors()) {
            UserHistory h = registry.historyOf(actor);
            out.add(new Tuple2<>(actor, new int[] {h.priorSessions(), h.priorOrders()}));
        }
        return out.iterator();
    }

    /**
     * One task over a hash partition of actors: sessionises each actor's events, writes the conversion and item
     * rows of the sessions ending on the day into this task's parts, and hands back each actor's tally and
     * session lines.
     */
    static Iterator<PartitionOutput> actors(int part, Iterator<Tuple2<String, Tuple2<Iterable<CleanLine>,
            Iterable<int[]>>>> groups, LocalDate day, SparkSettings settings, byte[] prevItemsGzip,
            S3aBucket bucket, String conversionKey, String itemKey) {
        DayTables tables = new DayTables(settings.build());
        ItemStatsTable prevItems = itemStats(prevItemsGzip);
        List<ItemStats> popular = tables.popular(prevItems);
        CsvPartition conversion = new CsvPartition(DayTables.conversionColumns());
        CsvPartition item = new CsvPartition(DayTables.itemColumns());
        List<PartitionOutput> out = new ArrayList<>();
        DayTally partTally = new DayTally(day);
        HashMap<String, int[]> daySessions = new HashMap<>();
        long distinctEvents = 0;
        while (groups.hasNext()) {
            Tuple2<String, Tuple2<Iterable<CleanLine>, Iterable<int[]>>> g = groups.next();
            List<CleanLine> lines = new ArrayList<>();
            g._2()._1().forEach(lines::add);
            if (lines.isEmpty()) {
                continue; // an actor of the registry without events in the window
            }
            lines.sort(READ_ORDER);
            List<BehaviourEvent> events = new ArrayList<>(lines.size());
            for (CleanLine l : lines) {
                events.add(EventJson.parse(l.json()));
            }
            Iterator<int[]> prev = g._2()._2().iterator();
            UserHistory before = UserHistory.FIRST_VISIT;
            if (prev.hasNext()) {
                int[] h = prev.next();
                before = new UserHistory(h[0], h[1]);
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
            DayTally tally = new DayTally(day);
            for (BehaviourEvent e : events) {
                tally.add(e);
            }
            partTally.merge(tally);
            distinctEvents += lines.size();
            if (!sessions.isEmpty()) {
                daySessions.put(g._1(), new int[] {sessions.size(), buying});
            }
        }
        out.add(new PartitionOutput.PartDay(part, conversion.rows(), item.rows(), partTally, daySessions,
                distinctEvents));
        bucket.write(conversionKey, conversion.finish());
        bucket.write(itemKey, item.finish());
        return out.iterator();
    }

    /** One item's counts of the day, from its events in read order (the last-seen price depends on it). */
    static Iterator<ItemWindowRow> itemWindow(Iterable<CleanLine> itemLines, LocalDate day) {
        List<CleanLine> lines = new ArrayList<>();
        itemLines.forEach(lines::add);
        lines.sort(READ_ORDER);
        DayTally tally = new DayTally(day);
        for (CleanLine l : lines) {
            tally.add(EventJson.parse(l.json()));
        }
        return tally.itemWindow().stream().map(ItemWindowRow::of).iterator();
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
