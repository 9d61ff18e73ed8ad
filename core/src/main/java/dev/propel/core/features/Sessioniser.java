package dev.propel.core.features;

import dev.propel.core.event.BehaviourEvent;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * Cuts events into sessions (DESIGN §2): events that carry a {@code session_id} are grouped by (actor,
 * session_id); the others are grouped per actor and cut where the actor was inactive for longer than the gap
 * (30 minutes by default).
 */
public final class Sessioniser {
    /** The inactivity gap after which an actor's next event starts a new session. */
    public static final Duration DEFAULT_GAP = Duration.ofMinutes(30);

    private static final Comparator<BehaviourEvent> BY_TIME = Comparator.comparing(BehaviourEvent::timestamp);

    private final long gapNanos;

    public Sessioniser(Duration gap) {
        this.gapNanos = gap.toNanos();
    }

    public Sessioniser() {
        this(DEFAULT_GAP);
    }

    /**
     * The sessions of a set of (deduplicated) events, sorted by start time then key; events of each session in time
     * order with ties in input order.
     */
    public List<Session> sessionise(Collection<BehaviourEvent> events) {
        // Explicit session ids are scoped by actor: clients that number sessions per user must not merge strangers.
        Map<String, List<BehaviourEvent>> byExplicit = new HashMap<>();
        Map<String, List<BehaviourEvent>> byActor = new HashMap<>();
        for (BehaviourEvent e : events) {
            String actor = actorOf(e);
            if (e.sessionId() != null) {
                byExplicit.computeIfAbsent(actor + "\u0000" + e.sessionId(), k -> new ArrayList<>()).add(e);
            } else {
                byActor.computeIfAbsent(actor, k -> new ArrayList<>()).add(e);
            }
        }
        List<Session> sessions = new ArrayList<>(byExplicit.size() + byActor.size());
        MessageDigest sha = sha256();
        for (Map.Entry<String, List<BehaviourEvent>> g : byExplicit.entrySet()) {
            List<BehaviourEvent> list = g.getValue();
            list.sort(BY_TIME);
            String actor = actorOf(list.get(0));
            sessions.add(new Session(opaque(sha, "sid\u0000" + g.getKey()), actor, list));
        }
        for (Map.Entry<String, List<BehaviourEvent>> g : byActor.entrySet()) {
            List<BehaviourEvent> list = g.getValue();
            list.sort(BY_TIME);
            int start = 0;
            for (int i = 1; i <= list.size(); i++) {
                if (i == list.size() || gapNanos(list.get(i - 1), list.get(i)) > gapNanos) {
                    List<BehaviourEvent> part = list.subList(start, i);
                    String raw = "gap\u0000" + g.getKey() + "\u0000" + part.get(0).timestamp();
                    sessions.add(new Session(opaque(sha, raw), g.getKey(), part));
                    start = i;
                }
            }
        }
        sessions.sort(Comparator.comparing(Session::start).thenComparing(Session::key));
        return sessions;
    }

    /** Whether an event at {@code next} still belongs to a session whose latest event was at {@code previous}. */
    public boolean continues(BehaviourEvent previous, BehaviourEvent next) {
        return gapNanos(previous, next) <= gapNanos;
    }

    private static long gapNanos(BehaviourEvent a, BehaviourEvent b) {
        return Duration.between(a.timestamp(), b.timestamp()).toNanos();
    }

    private static String actorOf(BehaviourEvent e) {
        String a = e.actorId();
        return a == null ? "" : a;
    }

    private static String opaque(MessageDigest sha, String raw) {
        byte[] d = sha.digest(raw.getBytes(StandardCharsets.UTF_8));
        return HexFormat.of().formatHex(d, 0, 10);
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JRE", e);
        }
    }
}
