package dev.propel.functions.serving;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.propel.core.event.BehaviourEvent;
import dev.propel.core.layout.S3Layout;
import dev.propel.core.model.ModelTask;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The experiments running on the serving functions ({@code config/experiments.json}, else {@link #NONE}). Each
 * experiment splits visitors by a stable hash into weighted variants; a variant serves a published model version
 * of one task ({@code /predict}, {@code /rank}'s {@code item} model, and the {@code conversion} model
 * {@code /decide} bands with), or a decision policy ({@code /decide}). A variant naming neither is the control:
 * it serves what is in force.
 *
 * <pre>{@code
 * {"experiments": [
 *   {"id": "discount-2026-12", "variants": [
 *     {"name": "control", "weight": 50},
 *     {"name": "generous", "weight": 50, "policy": {"version": "generous-1", "epsilon": 0.1, "bands": [...]}}]},
 *   {"id": "item-v7", "variants": [
 *     {"name": "control", "weight": 90},
 *     {"name": "v7", "weight": 10, "model_version": "20261128T090000Z"}], "task": "item"}]}
 * }</pre>
 *
 * @param experiments the experiments, at most one per target (a model task, or the policy)
 */
public record Experiments(List<Experiment> experiments) {
    /** No experiment: every request is served what is in force. */
    public static final Experiments NONE = new Experiments(List.of());
    /** Where the document lives. */
    public static final String KEY = S3Layout.CONFIG + "experiments.json";
    /** The target of experiments on the decision policy. */
    public static final String POLICY_TARGET = "policy";

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,63}");
    /** Tasks whose model a variant may pin: the rerank model is chosen inside recall, which has no variants. */
    private static final Set<String> UNPINNABLE = Set.of(ModelTask.RERANK.id());

    public Experiments {
        experiments = List.copyOf(experiments);
        Set<String> ids = new HashSet<>();
        Set<String> targets = new HashSet<>();
        for (Experiment e : experiments) {
            if (!ids.add(e.id())) {
                throw new IllegalArgumentException("experiment id '" + e.id() + "' is used twice");
            }
            if (!targets.add(e.target())) {
                throw new IllegalArgumentException("experiments '" + e.id() + "' and another both change "
                        + e.target() + "; run one experiment per target at a time");
            }
        }
        if (targets.contains(POLICY_TARGET) && targets.contains(ModelTask.CONVERSION.id())) {
            // both would change /decide's answers, and its outcomes could not be told apart
            throw new IllegalArgumentException("a policy experiment and a conversion-model experiment cannot run"
                    + " together: both change /decide");
        }
    }

    /** The experiment on a model task's version, if one runs. */
    public Optional<Experiment> forTask(String task) {
        return experiments.stream().filter(e -> e.target().equals(task)).findFirst();
    }

    /** The experiment that changes {@code /decide}: on the policy, or on the conversion model. */
    public Optional<Experiment> forDecide() {
        return experiments.stream().filter(e -> e.target().equals(POLICY_TARGET)
                || e.target().equals(ModelTask.CONVERSION.id())).findFirst();
    }

    /**
     * One experiment.
     *
     * @param id       names the experiment in answers, decision events and the growth report
     * @param target   {@link #POLICY_TARGET} or the model task whose version the variants choose
     * @param variants the variants, in the order they were added
     */
    public record Experiment(String id, String target, List<Variant> variants) {
        public Experiment {
            variants = List.copyOf(variants);
            if (variants.size() < 2) {
                throw new IllegalArgumentException("experiment '" + id + "' needs at least two variants");
            }
            Set<String> names = new HashSet<>();
            for (Variant v : variants) {
                if (!names.add(v.name())) {
                    throw new IllegalArgumentException("experiment '" + id + "' has two variants named '" + v.name()
                            + "'");
                }
                boolean fits = POLICY_TARGET.equals(target) ? v.modelVersion() == null : v.policy() == null;
                if (!fits) {
                    throw new IllegalArgumentException("experiment '" + id + "' variant '" + v.name() + "' must"
                            + (POLICY_TARGET.equals(target) ? " name a policy, not a model_version"
                            : " name a model_version of task " + target + ", not a policy"));
                }
            }
        }

        /**
         * The variant of a visitor: weighted rendezvous hashing, the variant with the highest
         * {@code -weight / ln(u)} where {@code u} is a uniform hash of (experiment, variant, visitor). Each variant
         * wins with probability weight / total; adding a variant moves only the visitors it wins (its share), and
         * removing or re-weighting one moves visitors only to or from that variant.
         */
        public Variant assign(String unit) {
            Variant best = null;
            double bestScore = Double.NEGATIVE_INFINITY;
            for (Variant v : variants) {
                double u = uniform(id + "\n" + v.name() + "\n" + unit);
                double score = -v.weight() / Math.log(u);
                if (score > bestScore) {
                    best = v;
                    bestScore = score;
                }
            }
            return best;
        }

        private static double uniform(String s) {
            byte[] h;
            try {
                h = MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException(e);
            }
            // in (0, 1): ln(u) must be finite and negative
            return ((ByteBuffer.wrap(h).getLong() >>> 11) + 0.5) * 0x1.0p-53;
        }
    }

    /**
     * One variant.
     *
     * @param name         shown in answers, decision events and the report
     * @param weight       its share of visitors relative to the other variants' weights (positive)
     * @param modelVersion the published version ({@code models/<task>/<version>/}) it serves, or null (control)
     * @param policy       the decision policy it follows, or null (control: the policy in force)
     */
    public record Variant(String name, double weight, String modelVersion, DecisionPolicy policy) {
        public Variant {
            if (name == null || !NAME.matcher(name).matches()) {
                throw new IllegalArgumentException("variant name '" + name
                        + "' must be 1-64 letters, digits, '_', '.' or '-'");
            }
            if (!(weight > 0) || Double.isInfinite(weight)) {
                throw new IllegalArgumentException("variant '" + name + "' needs a positive weight");
            }
            if (modelVersion != null && !NAME.matcher(modelVersion).matches()) {
                throw new IllegalArgumentException("variant '" + name + "' model_version '" + modelVersion
                        + "' is not a version name");
            }
        }
    }

    /**
     * The visitor an assignment follows: the user id when known, else the anonymous id, else the session id, so
     * a signed-in user keeps one variant across devices and sessions. Explicit values come first, then the latest
     * event that names one. Null when nothing identifies the visitor.
     */
    public static String unitOf(String userId, String anonymousId, String sessionId, List<BehaviourEvent> events) {
        String user = userId;
        String anonymous = anonymousId;
        String session = sessionId;
        for (int i = events.size() - 1; i >= 0; i--) {
            BehaviourEvent e = events.get(i);
            user = user != null ? user : e.userId();
            anonymous = anonymous != null ? anonymous : e.anonymousId();
            session = session != null ? session : e.sessionId();
        }
        if (user != null) {
            return "u:" + user;
        }
        if (anonymous != null) {
            return "a:" + anonymous;
        }
        return session == null ? null : "s:" + session;
    }

    /**
     * Parses an experiments document.
     *
     * @throws IllegalArgumentException naming what is wrong
     */
    public static Experiments fromJson(byte[] json) {
        JsonNode root;
        try {
            root = JSON.readTree(json);
        } catch (IOException e) {
            throw new IllegalArgumentException("experiments.json is not JSON: " + e.getMessage(), e);
        }
        if (root == null || !root.isObject() || !root.path("experiments").isArray()) {
            throw new IllegalArgumentException("experiments.json must be an object with an \"experiments\" array");
        }
        List<Experiment> out = new ArrayList<>();
        for (JsonNode e : root.get("experiments")) {
            String id = e.path("id").asText("");
            if (!NAME.matcher(id).matches()) {
                throw new IllegalArgumentException("experiment id '" + id
                        + "' must be 1-64 letters, digits, '_', '.' or '-'");
            }
            if (!e.path("variants").isArray()) {
                throw new IllegalArgumentException("experiment '" + id + "' needs a \"variants\" array");
            }
            boolean policy = false;
            List<Variant> variants = new ArrayList<>();
            for (JsonNode v : e.get("variants")) {
                String name = v.path("name").asText(null);
                JsonNode weight = v.get("weight");
                if (weight == null || !weight.isNumber()) {
                    throw new IllegalArgumentException("experiment '" + id + "' variant '" + name
                            + "' needs a numeric \"weight\"");
                }
                DecisionPolicy p = null;
                if (v.hasNonNull("policy")) {
                    try {
                        p = DecisionPolicy.fromJson(JSON.writeValueAsBytes(v.get("policy")));
                    } catch (IOException | IllegalArgumentException x) {
                        throw new IllegalArgumentException("experiment '" + id + "' variant '" + name + "' policy: "
                                + x.getMessage(), x);
                    }
                    policy = true;
                }
                JsonNode mv = v.get("model_version");
                if (mv != null && !mv.isNull() && !mv.isTextual()) {
                    throw new IllegalArgumentException("experiment '" + id + "' variant '" + name
                            + "' model_version must be a string");
                }
                variants.add(new Variant(name, weight.doubleValue(), mv == null ? null : mv.textValue(), p));
            }
            String task = e.path("task").asText(null);
            if (task != null && !NAME.matcher(task).matches()) {
                throw new IllegalArgumentException("experiment '" + id + "' task '" + task + "' is not a task name");
            }
            if (task != null && UNPINNABLE.contains(task)) {
                throw new IllegalArgumentException("experiment '" + id + "' cannot pin the " + task
                        + " model: recall chooses it");
            }
            if (policy && task != null) {
                throw new IllegalArgumentException("experiment '" + id + "' names both a task and policies");
            }
            if (!policy && task == null) {
                throw new IllegalArgumentException("experiment '" + id + "' needs \"task\" (the model task its"
                        + " variants' model_version belong to) or variants with a \"policy\"");
            }
            out.add(new Experiment(id, policy ? POLICY_TARGET : task, variants));
        }
        return new Experiments(out);
    }
}
