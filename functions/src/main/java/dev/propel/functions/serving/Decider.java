package dev.propel.functions.serving;

import dev.propel.core.event.BehaviourEvent;
import dev.propel.core.event.EventTypes;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Picks the next best action for a session: the {@code conversion} propensity selects a band of the policy, whose
 * action is taken (or the band's action for the session's segment, its device), except for an epsilon share of
 * sessions that get an action drawn uniformly (exploration).
 * Whether and what a session explores is a hash of the session id and the policy version, so one session sees
 * one consistent treatment and a decision can be replayed. Every decision is recorded as a {@code decision}
 * event so its outcome can be joined to it later.
 */
public final class Decider {
    private final SessionScorer scorer;
    private final PolicyStore policies;
    private final DecisionSink sink;
    private final Clock clock;
    private final ExperimentAssigner experiments;

    /** A decider outside any experiment. */
    public Decider(SessionScorer scorer, PolicyStore policies, DecisionSink sink, Clock clock) {
        this(scorer, policies, sink, clock, ExperimentAssigner.none(scorer.models()));
    }

    /** A decider following the visitor's variant when an experiment runs on the policy or the conversion model. */
    public Decider(SessionScorer scorer, PolicyStore policies, DecisionSink sink, Clock clock,
                   ExperimentAssigner experiments) {
        this.scorer = scorer;
        this.policies = policies;
        this.sink = sink;
        this.clock = clock;
        this.experiments = experiments;
    }

    /**
     * A request to decide.
     *
     * @param userId    the caller's user id, if known (pseudonymised before it is stored)
     * @param sessionId the session being decided for
     * @param events    the session's events so far, in time order
     * @param history   the visitor's history at session start, or null when the caller does not know it
     */
    public record Request(String userId, String sessionId, List<BehaviourEvent> events,
            dev.propel.core.features.UserHistory history) {
        /** A request without user history. */
        public Request(String userId, String sessionId, List<BehaviourEvent> events) {
            this(userId, sessionId, events, null);
        }

        public Request {
            events = List.copyOf(events);
        }
    }

    /** Decides for a session and records the decision. */
    public Decision decide(Request request, String requestId) {
        Decision decision = preview(request);
        Instant now = clock.instant();
        sink.record(event(request, decision, now), now, requestId);
        return decision;
    }

    /** The decision for a session without recording it (warm-ups). */
    public Decision preview(Request request) {
        String unit = Experiments.unitOf(request.userId(), null, request.sessionId(), request.events());
        ExperimentAssigner.DecideChoice choice = experiments.decide(policies.current(), unit);
        Prediction p = scorer.score(experiments.conversionModel(choice), request.events(), request.history());
        Decision d = choose(choice.policy(), request, p.predictions()[0], p.model(), p.version());
        return choice.assignment() == null ? d : new Decision(d.action(), d.propensity(), d.band(), d.explored(),
                d.actionProbability(), d.model(), d.version(), d.policyVersion(), d.decisionId(), choice.assignment());
    }

    /** The policy's choice for a propensity, without recording it. */
    static Decision choose(DecisionPolicy policy, Request request, double propensity, String model,
                           String version) {
        DecisionPolicy.Band band = policy.bandOf(propensity);
        String bandAction = band.actionFor(segmentOf(request.events()));
        byte[] h = sha256(policy.version() + "\n" + request.sessionId());
        ByteBuffer bits = ByteBuffer.wrap(h);
        double u = (bits.getLong(0) >>> 11) * 0x1.0p-53;
        boolean explored = u < policy.epsilon();
        List<String> arms = policy.actions();
        String action = explored ? arms.get((int) Long.remainderUnsigned(bits.getLong(8), arms.size()))
                : bandAction;
        double uniform = policy.epsilon() / arms.size();
        double probability = (action.equals(bandAction) ? 1 - policy.epsilon() : 0)
                + (arms.contains(action) ? uniform : 0);
        String decisionId = UUID.nameUUIDFromBytes((request.sessionId() + "\n" + request.events().size() + "\n"
                + lastTimestamp(request.events()) + "\n" + version + "\n" + policy.version())
                .getBytes(StandardCharsets.UTF_8)).toString();
        return new Decision(action, propensity, band.name(), explored, probability, model, version,
                policy.version(), decisionId);
    }

    private static BehaviourEvent event(Request request, Decision d, Instant now) {
        String userId = request.userId();
        String anonymousId = null;
        for (int i = request.events().size() - 1; i >= 0 && (userId == null || anonymousId == null); i--) {
            BehaviourEvent e = request.events().get(i);
            if (userId == null && e.userId() != null) {
                userId = e.userId();
            }
            if (anonymousId == null && e.anonymousId() != null) {
                anonymousId = e.anonymousId();
            }
        }
        if (userId == null && anonymousId == null) {
            // Events need an actor; a visitor we know nothing of is identified by the session itself.
            anonymousId = request.sessionId();
        }
        Map<String, String> properties = new LinkedHashMap<>();
        properties.put("decision_id", d.decisionId());
        properties.put("action", d.action());
        properties.put("band", d.band());
        properties.put("propensity", Double.toString(d.propensity()));
        properties.put("explored", Boolean.toString(d.explored()));
        properties.put("action_probability", Double.toString(d.actionProbability()));
        properties.put("model", d.model());
        properties.put("model_version", d.version());
        properties.put("policy_version", d.policyVersion());
        String segment = segmentOf(request.events());
        if (segment != null) {
            properties.put("device", segment);
        }
        if (d.experiment() != null) {
            properties.put("experiment_id", d.experiment().experimentId());
            properties.put("variant", d.experiment().variant());
        }
        return new BehaviourEvent(d.decisionId(), EventTypes.DECISION, userId, anonymousId, request.sessionId(),
                null, now, null, null, properties, null);
    }

    /** The session's segment for the policy: the device of its latest event that names one. */
    static String segmentOf(List<BehaviourEvent> events) {
        for (int i = events.size() - 1; i >= 0; i--) {
            String device = events.get(i).properties() == null ? null : events.get(i).properties().get("device");
            if (device != null) {
                return device;
            }
        }
        return null;
    }

    private static String lastTimestamp(List<BehaviourEvent> events) {
        return events.isEmpty() ? "-" : events.get(events.size() - 1).timestamp().toString();
    }

    private static byte[] sha256(String s) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
