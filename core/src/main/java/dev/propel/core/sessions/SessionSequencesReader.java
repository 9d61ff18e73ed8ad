package dev.propel.core.sessions;

import dev.propel.core.layout.S3Layout;
import dev.propel.core.recall.SessionSequence;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.LocalDate;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CommonPrefix;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;

/**
 * Reads the sessions dataset ({@link SessionsDataset}) of a day range back as {@link SessionSequence}s in time
 * order (day by day, each day by session start), keeping at most the most recent {@code maxSessions}: the input of
 * recall in the datasets stage and of the reranker in the model-builder.
 */
public final class SessionSequencesReader {
    private final S3Client s3;
    private final String bucket;

    public SessionSequencesReader(S3Client s3, String bucket) {
        this.s3 = s3;
        this.bucket = bucket;
    }

    /**
     * What was read.
     *
     * @param first    first day read, or null when nothing was
     * @param last     last day read, or null
     * @param days     day partitions read
     * @param sessions sessions handed on
     * @param dropped  older sessions of the range left out to stay within the session limit
     * @param sha256   hex SHA-256 over the parts read, in day order (and the count dropped): the data's identity
     */
    public record Summary(LocalDate first, LocalDate last, int days, int sessions, int dropped, String sha256) {
        /** {@code first..last}, or empty when nothing was read. */
        public String range() {
            return first == null ? "" : first + ".." + last;
        }
    }

    /** What {@link #read} returns. */
    public record Read(List<SessionSequence> sessions, Summary summary) {
        public Read {
            sessions = List.copyOf(sessions);
        }
    }

    /** The days that have a sessions partition from {@code from} to {@code to} inclusive (null = open), ascending. */
    public List<LocalDate> days(LocalDate from, LocalDate to) {
        String table = SessionsDataset.prefix();
        List<LocalDate> out = new ArrayList<>();
        for (CommonPrefix p : s3.listObjectsV2Paginator(b -> b.bucket(bucket)
                .prefix(S3Layout.partitionListPrefix(table)).delimiter("/")).commonPrefixes()) {
            LocalDate d = S3Layout.partitionDay(table, p.prefix()).orElse(null);
            if (d == null) {
                continue; // not a day partition
            }
            if ((from == null || !d.isBefore(from)) && (to == null || !d.isAfter(to))) {
                out.add(d);
            }
        }
        out.sort(null);
        return out;
    }

    /** Every session of the range (up to the most recent {@code maxSessions}) as a list, in time order. */
    public Read read(LocalDate from, LocalDate to, int maxSessions) {
        List<SessionSequence> sessions = new ArrayList<>();
        // the list keeps every item id once per occurrence: one shared string per item saves most of that memory
        Map<String, String> names = new HashMap<>();
        Summary summary = forEach(from, to, maxSessions, id -> names.computeIfAbsent(id, k -> k), sessions::add);
        return new Read(sessions, summary);
    }

    /**
     * Hands every session of the range (up to the most recent {@code maxSessions}) to {@code sink} in time order,
     * holding only the compressed parts in memory: recall is built from millions of sessions this way.
     *
     * @throws IllegalArgumentException naming the object and line of a part that cannot be read
     */
    public Summary forEach(LocalDate from, LocalDate to, int maxSessions, Consumer<SessionSequence> sink) {
        return forEach(from, to, maxSessions, UnaryOperator.identity(), sink);
    }

    private Summary forEach(LocalDate from, LocalDate to, int maxSessions, UnaryOperator<String> intern,
            Consumer<SessionSequence> sink) {
        if (maxSessions < 1) {
            throw new IllegalArgumentException("maxSessions must be positive");
        }
        // Newest day first until the limit is reached, so the window keeps the most recent sessions.
        List<LocalDate> days = days(from, to);
        Deque<Part> parts = new ArrayDeque<>();
        long total = 0;
        for (int i = days.size() - 1; i >= 0 && total < maxSessions; i--) {
            String key = SessionsDataset.partKey(days.get(i));
            byte[] bytes;
            try {
                bytes = s3.getObjectAsBytes(b -> b.bucket(bucket).key(key)).asByteArray();
            } catch (NoSuchKeyException e) {
                continue; // a listed partition without its part holds nothing to read
            }
            int lines = SessionsDataset.countLines(bytes, key);
            parts.addFirst(new Part(days.get(i), key, bytes));
            total += lines;
        }
        int dropped = (int) Math.max(0, total - maxSessions);
        MessageDigest sha = sha256();
        int handed = 0;
        boolean oldest = true;
        for (Part p : parts) {
            sha.update(p.bytes());
            int skip = oldest ? dropped : 0;
            oldest = false;
            handed += SessionsDataset.decode(p.bytes(), p.key(), skip, intern, line -> sink.accept(line.sequence()));
        }
        sha.update(("dropped=" + dropped).getBytes(StandardCharsets.US_ASCII));
        LocalDate first = parts.isEmpty() ? null : parts.getFirst().day();
        LocalDate last = parts.isEmpty() ? null : parts.getLast().day();
        return new Summary(first, last, parts.size(), handed, dropped, HexFormat.of().formatHex(sha.digest()));
    }

    private record Part(LocalDate day, String key, byte[] bytes) {
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
