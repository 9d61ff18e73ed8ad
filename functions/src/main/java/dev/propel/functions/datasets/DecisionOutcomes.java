package dev.propel.functions.datasets;

import dev.propel.core.dataset.TableManifest;
import dev.propel.core.event.BehaviourEvent;
import dev.propel.core.event.EventTypes;
import dev.propel.core.features.Session;
import dev.propel.core.features.SessionFeatures;
import dev.propel.core.features.Sessioniser;
import dev.propel.core.layout.S3Layout;
import dev.propel.functions.policy.LoggedDecision;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The {@code datasets/decisions/} table: every {@code decision} event joined with what its session did afterwards
 * (purchased or not, and the gross value bought, within {@link #horizon} of the decision). A decision belongs to
 * the day of its session's last event, like the session's conversion rows, so its whole session is in the day's
 * read window; a decision whose session has no behaviour events belongs to the day of its own timestamp.
 * A decision is matched to its session by {@code session_id} (scoped by visitor, as sessions are cut), else to the
 * visitor's session around it. {@code complete} says the outcome is final: the session had been inactive for a
 * session gap, or the horizon had passed, by the newest event read.
 */
public final class DecisionOutcomes {
    /** The table's name under {@code datasets/}. */
    public static final String TABLE = "decisions";
    /** How long after a decision a purchase still counts, like the growth report's attribution window. */
    public static final Duration DEFAULT_HORIZON = Duration.ofHours(24);

    private final Duration horizon;
    private final Duration sessionGap;

    public DecisionOutcomes(Duration horizon, Duration sessionGap) {
        if (horizon.isNegative() || horizon.isZero()) {
            throw new IllegalArgumentException("the outcome horizon must be positive");
        }
        this.horizon = horizon;
        this.sessionGap = sessionGap;
    }

    /** The stage's hook: joins the day's decisions and writes their partition with its manifest. */
    static void writeDay(PartitionStore store, LocalDate day, List<BehaviourEvent> events, BuildSettings settings) {
        writePartition(store, day, new DecisionOutcomes(DEFAULT_HORIZON, settings.sessionGap()).join(day, events));
    }

    /**
     * Writes the day's partition and its manifest from its rows in any order (public for the Spark job, which joins
     * each visitor in its own task): rows are ordered by decision time, then decision id, so both builders write
     * the same bytes.
     */
    public static void writePartition(PartitionStore store, LocalDate day, List<LoggedDecision> rows) {
        List<LoggedDecision> ordered = new ArrayList<>(rows);
        ordered.sort(Comparator.comparing(LoggedDecision::decidedAt).thenComparing(LoggedDecision::decisionId,
                Comparator.nullsFirst(Comparator.naturalOrder())));
        CsvPartition part = new CsvPartition(LoggedDecision.COLUMNS);
        for (LoggedDecision d : ordered) {
            dev.propel.core.csv.CsvWriter w = part.row();
            d.fields().forEach(w::field);
            part.endRow();
        }
        TableManifest manifest = TableManifest.outcomes(TABLE, day, part.rows(), DEFAULT_HORIZON.toHours(),
                LoggedDecision.COLUMNS, List.of(PartitionStore.PART));
        store.put(S3Layout.datasetPrefix(TABLE), day, part.finish(), manifest);
    }

    /**
     * The decisions of {@code day} with their outcomes, in decision time order.
     *
     * @param events the deduplicated events read for the day (its clean hours plus look-back and look-ahead)
     */
    public List<LoggedDecision> join(LocalDate day, List<BehaviourEvent> events) {
        return join(day, events, newest(events));
    }

    /** The newest event time of a read window: what {@code complete} is judged against. */
    public static Instant newest(List<BehaviourEvent> events) {
        Instant newest = Instant.MIN;
        for (BehaviourEvent e : events) {
            if (e.timestamp().isAfter(newest)) {
                newest = e.timestamp();
            }
        }
        return newest;
    }

    /**
     * The decisions of {@code day} among {@code events} with their outcomes, in decision time order, judged
     * complete against {@code newest}. Every visitor is joined on its own events only, so a subset holding all the
     * events of some visitors gives exactly those visitors' rows when {@code newest} is the whole window's.
     *
     * @param newest the newest event time of the whole read window (see {@link #newest})
     */
    public List<LoggedDecision> join(LocalDate day, List<BehaviourEvent> events, Instant newest) {
        List<BehaviourEvent> behaviour = new ArrayList<>(events.size());
        List<BehaviourEvent> decisions = new ArrayList<>();
        for (BehaviourEvent e : events) {
            if (SessionFeatures.isBehaviour(e)) {
                behaviour.add(e);
            } else if (EventTypes.DECISION.equals(e.type())) {
                decisions.add(e);
            }
        }
        if (decisions.isEmpty()) {
            return List.of();
        }
        Map<String, Session> byId = new HashMap<>();
        Map<String, List<Session>> byActor = new HashMap<>();
        for (Session s : new Sessioniser(sessionGap).sessionise(behaviour)) {
            BehaviourEvent first = s.events().get(0);
            if (first.sessionId() != null) {
                byId.put(s.actorId() + "\u0000" + first.sessionId(), s);
            } else {
                byActor.computeIfAbsent(s.actorId(), k -> new ArrayList<>()).add(s);
            }
        }
        decisions.sort(Comparator.comparing(BehaviourEvent::timestamp).thenComparing(BehaviourEvent::eventId));
        List<LoggedDecision> out = new ArrayList<>();
        for (BehaviourEvent d : decisions) {
            Session s = sessionOf(d, byId, byActor);
            Instant at = d.timestamp();
            LocalDate belongs = (s == null ? at : s.end()).atZone(ZoneOffset.UTC).toLocalDate();
            if (!belongs.equals(day)) {
                continue;
            }
            boolean purchased = false;
            double revenue = 0;
            String device = d.properties().get("device");
            if (s != null) {
                Instant until = at.plus(horizon);
                for (BehaviourEvent e : s.events()) {
                    if (device == null && e.properties().get("device") != null) {
                        device = e.properties().get("device");
                    }
                    if (EventTypes.PURCHASE.equals(e.type()) && !e.timestamp().isBefore(at)
                            && !e.timestamp().isAfter(until)) {
                        purchased = true;
                        if (e.price() != null) {
                            revenue += e.price() * (e.quantity() == null ? 1 : e.quantity());
                        }
                    }
                }
            }
            boolean complete = !at.plus(horizon).isAfter(newest)
                    || (s != null && !s.end().plus(sessionGap).isAfter(newest));
            Map<String, String> p = d.properties();
            out.add(new LoggedDecision(d.eventId(), at, s == null ? "" : s.key(), text(p.get("band")),
                    device == null ? "unknown" : device, number(p.get("propensity")), text(p.get("action")),
                    number(p.get("action_probability")), "true".equals(p.get("explored")),
                    text(p.get("policy_version")), purchased, Math.round(revenue * 100) / 100.0, complete,
                    text(p.get("experiment_id")), text(p.get("variant"))));
        }
        return out;
    }

    private Session sessionOf(BehaviourEvent d, Map<String, Session> byId, Map<String, List<Session>> byActor) {
        String actor = d.actorId();
        if (d.sessionId() != null) {
            return byId.get(actor + "\u0000" + d.sessionId());
        }
        for (Session s : byActor.getOrDefault(actor, List.of())) {
            if (!d.timestamp().isBefore(s.start().minus(sessionGap))
                    && !d.timestamp().isAfter(s.end().plus(sessionGap))) {
                return s;
            }
        }
        return null;
    }

    private static String text(String s) {
        return s == null ? "" : s;
    }

    private static double number(String s) {
        if (s == null) {
            return Double.NaN;
        }
        try {
            return Double.parseDouble(s);
        } catch (NumberFormatException e) {
            return Double.NaN;
        }
    }
}
