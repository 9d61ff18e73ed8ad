package dev.propel.functions.datasets;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.propel.core.features.Session;
import dev.propel.core.recall.ItemAction;
import dev.propel.core.sessions.SessionLine;
import dev.propel.core.sessions.SessionsDataset;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * One day's partition of the sessions dataset, encoded from the sessions the day's tables were computed from (so
 * events are sessionised once): the sessions that touched an item, ordered by start time (then key, so reruns give
 * the same bytes). Written part first, manifest last, like the other tables.
 */
public final class SessionSequencesPartition {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Comparator<Session> BY_START =
            Comparator.comparing(Session::start).thenComparing(Session::key);

    private final LocalDate day;
    private final byte[] part;
    private final int rows;

    private SessionSequencesPartition(LocalDate day, byte[] part, int rows) {
        this.day = day;
        this.part = part;
        this.rows = rows;
    }

    /** Encodes the day's sessions (those that end on the day, as the other tables count them). */
    static SessionSequencesPartition of(LocalDate day, List<Session> sessions) {
        List<Session> ordered = new ArrayList<>(sessions);
        ordered.sort(BY_START);
        List<SessionLine> lines = new ArrayList<>(ordered.size());
        for (Session s : ordered) {
            SessionLine line = SessionLine.of(s);
            if (line != null) {
                lines.add(line);
            }
        }
        return new SessionSequencesPartition(day, SessionsDataset.encode(lines), lines.size());
    }

    /** Sessions written (sessions without any item event are not). */
    int rows() {
        return rows;
    }

    /** The gzip JSON-lines bytes. */
    byte[] part() {
        return part.clone();
    }

    /** Writes the part, then the manifest that describes it. */
    void writeTo(S3Client s3, String bucket) {
        s3.putObject(b -> b.bucket(bucket).key(SessionsDataset.partKey(day)).contentType("application/x-ndjson")
                .contentEncoding("gzip"), RequestBody.fromBytes(part));
        try {
            s3.putObject(b -> b.bucket(bucket).key(SessionsDataset.manifestKey(day)).contentType("application/json"),
                    RequestBody.fromBytes(JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(manifest())));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    Map<String, Object> manifest() {
        return manifest(day, rows);
    }

    /** The manifest of a day's sessions part of {@code rows} lines (public for the Spark job, which writes the part itself). */
    public static Map<String, Object> manifest(LocalDate day, int rows) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("task", SessionsDataset.TABLE);
        m.put("dt", day.toString());
        m.put("rows", rows);
        m.put("format", "jsonl");
        m.put("format_version", SessionsDataset.FORMAT_VERSION);
        m.put("fields", SessionsDataset.FIELDS);
        m.put("actions", Arrays.stream(ItemAction.values()).map(SessionLine::actionName).toList());
        m.put("order", "start");
        m.put("files", List.of(SessionsDataset.PART));
        return m;
    }
}
