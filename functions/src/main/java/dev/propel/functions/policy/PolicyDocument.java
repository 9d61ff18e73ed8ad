package dev.propel.functions.policy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.propel.functions.serving.DecisionPolicy;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A {@link DecisionPolicy} as the {@code config/policy.json} document the decide function reads, optionally with
 * an {@code "about"} object (how it was learned and its estimated value) that the decide function ignores.
 */
public final class PolicyDocument {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private PolicyDocument() {
    }

    /** The document's bytes; {@code about} may be null. */
    public static byte[] toJson(DecisionPolicy policy, Map<String, Object> about) {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("version", policy.version());
        root.put("epsilon", policy.epsilon());
        List<Map<String, Object>> bands = new ArrayList<>();
        for (DecisionPolicy.Band b : policy.bands()) {
            Map<String, Object> band = new LinkedHashMap<>();
            band.put("name", b.name());
            band.put("min", b.min());
            band.put("max", b.max());
            band.put("action", b.action());
            if (!b.segments().isEmpty()) {
                band.put("segments", new java.util.TreeMap<>(b.segments()));
            }
            bands.add(band);
        }
        root.put("bands", bands);
        root.put("actions", policy.actions());
        if (about != null) {
            root.put("about", about);
        }
        try {
            return JSON.writeValueAsBytes(root);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** An estimate as a JSON object. */
    public static Map<String, Object> estimate(Estimate e) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("estimator", e.estimator());
        m.put("value", e.value());
        m.put("low", e.low());
        m.put("high", e.high());
        return m;
    }

    /** An evaluation as a JSON object. */
    public static Map<String, Object> evaluation(PolicyEvaluation e) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("policy_version", e.policyVersion());
        m.put("metric", e.metric().id());
        m.put("decisions", e.decisions());
        m.put("without_outcome", e.withoutOutcome());
        m.put("without_probability", e.withoutProbability());
        m.put("logged_value", e.loggedValue());
        m.put("effective_sample_size", e.effectiveSampleSize());
        m.put("max_weight", e.maxWeight());
        Map<String, Object> estimates = new LinkedHashMap<>();
        e.estimates().forEach(x -> estimates.put(x.estimator(), estimate(x)));
        m.put("estimates", estimates);
        m.put("warnings", e.warnings());
        return m;
    }
}
