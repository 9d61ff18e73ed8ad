package dev.propel.functions.datasets;

import dev.propel.core.dataset.TableManifest;
import dev.propel.core.features.Session;
import dev.propel.core.recall.ItemAction;
import dev.propel.core.sessions.SessionLine;
import dev.propel.core.sessions.SessionsDataset;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * One day's partition of the sessions dataset, encoded from the sessions the day's tables were computed from (so
 * events are sessionised once): the sessions that touched an item, ordered by start time (then key, so reruns give
 * the same bytes). Written part first, manifest last, like the other tables.
 */
public final class SessionSequencesPartition {
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
        s3.putObject(b -> b.bucket(bucket).key(SessionsDataset.manifestKey(day)).contentType("application/json"),
                RequestBody.fromBytes(manifest().toJson()));
    }

    TableManifest manifest() {
        return manifest(day, rows);
    }

    /** The manifest of a day's sessions part of {@code rows} lines (public for the Spark job, which writes the part itself). */
    public static TableManifest manifest(LocalDate day, int rows) {
        return TableManifest.jsonLines(SessionsDataset.TABLE, day, rows, SessionsDataset.FORMAT_VERSION,
                SessionsDataset.FIELDS, Arrays.stream(ItemAction.values()).map(SessionLine::actionName).toList(),
                "start", List.of(SessionsDataset.PART));
    }
}
