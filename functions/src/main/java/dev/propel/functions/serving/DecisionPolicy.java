package dev.propel.functions.serving;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

/**
 * The decide function's policy ({@code config/policy.json}, else {@link #DEFAULT}): propensity bands that map the
 * {@code conversion} model's P(convert) to an action, and the exploration rate at which a session instead gets a
 * uniformly drawn action, so the effect of every action can be measured.
 *
 * <pre>{@code
 * {"version": "2026-11-28", "epsilon": 0.1,
 *  "bands": [{"name": "low",    "min": 0.0, "max": 0.2, "action": "show_recommendations"},
 *            {"name": "medium", "min": 0.2, "max": 0.6, "action": "offer_discount"},
 *            {"name": "high",   "min": 0.6, "max": 1.0, "action": "none"}],
 *  "actions": ["show_recommendations", "offer_discount", "none"]}
 * }</pre>
 * Bands are contiguous, cover [0, 1], each {@code [min, max)} except the last, which includes 1. {@code actions}
 * (the arms explored) defaults to the bands' actions. A band may take another action for some segments (the
 * session's {@code device}): {@code "segments": {"mobile": "offer_discount"}}.
 *
 * @param version identifies the policy in decision events
 * @param epsilon exploration rate in [0, 1]
 * @param bands   the bands, ascending
 * @param actions the actions exploration draws from
 */
public record DecisionPolicy(String version, double epsilon, List<Band> bands, List<String> actions) {
    /** The built-in policy used when {@code config/policy.json} is absent or invalid. */
    public static final DecisionPolicy DEFAULT = new DecisionPolicy("default", 0.1, List.of(
            new Band("low", 0.0, 0.2, "show_recommendations"),
            new Band("medium", 0.2, 0.6, "offer_discount"),
            new Band("high", 0.6, 1.0, "none")),
            List.of("show_recommendations", "offer_discount", "none"));

    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * One propensity band.
     *
     * @param name   shown in answers and decision events
     * @param min    lowest propensity of the band (inclusive)
     * @param max    highest propensity (exclusive, except 1.0 for the last band)
     * @param action   the action the band takes when not exploring
     * @param segments actions that replace {@code action} for sessions of these segments (device)
     */
    public record Band(String name, double min, double max, String action, Map<String, String> segments) {
        /** A band that takes one action for every segment. */
        public Band(String name, double min, double max, String action) {
            this(name, min, max, action, Map.of());
        }

        public Band {
            segments = segments == null ? Map.of() : Map.copyOf(segments);
        }

        /** The action for a session of {@code segment} (null or unlisted: the band's action). */
        public String actionFor(String segment) {
            return segment == null ? action : segments.getOrDefault(segment, action);
        }
    }

    public DecisionPolicy {
        bands = List.copyOf(bands);
        actions = List.copyOf(actions);
        if (!(epsilon >= 0 && epsilon <= 1)) {
            throw new IllegalArgumentException("epsilon must be in [0, 1], is " + epsilon);
        }
        if (bands.isEmpty()) {
            throw new IllegalArgumentException("a policy needs at least one band");
        }
        double expected = 0;
        for (Band b : bands) {
            if (b.name() == null || b.action() == null || b.name().isBlank() || b.action().isBlank()) {
                throw new IllegalArgumentException("every band needs a name and an action");
            }
            if (b.segments().values().stream().anyMatch(String::isBlank)) {
                throw new IllegalArgumentException("band '" + b.name() + "' has a segment without an action");
            }
            if (Math.abs(b.min() - expected) > 1e-9 || !(b.max() > b.min())) {
                throw new IllegalArgumentException("band '" + b.name() + "' must start at " + expected
                        + " and end above its start (bands are contiguous and ascending)");
            }
            expected = b.max();
        }
        if (Math.abs(expected - 1.0) > 1e-9) {
            throw new IllegalArgumentException("bands must end at 1.0, end at " + expected);
        }
        if (actions.isEmpty()) {
            throw new IllegalArgumentException("a policy needs at least one action to explore");
        }
    }

    /** The band a propensity falls in (NaN and out-of-range values are clamped into [0, 1]). */
    public Band bandOf(double propensity) {
        double p = Double.isNaN(propensity) ? 0 : Math.min(1, Math.max(0, propensity));
        for (Band b : bands) {
            if (p < b.max()) {
                return b;
            }
        }
        return bands.get(bands.size() - 1);
    }

    /**
     * Parses a policy document.
     *
     * @throws IllegalArgumentException naming what is wrong
     */
    public static DecisionPolicy fromJson(byte[] json) {
        JsonNode root;
        try {
            root = JSON.readTree(json);
        } catch (IOException e) {
            throw new IllegalArgumentException("policy is not JSON: " + e.getMessage(), e);
        }
        if (root == null || !root.isObject()) {
            throw new IllegalArgumentException("policy must be a JSON object");
        }
        JsonNode bandsNode = root.get("bands");
        if (bandsNode == null || !bandsNode.isArray()) {
            throw new IllegalArgumentException("policy needs a \"bands\" array");
        }
        List<Band> bands = new ArrayList<>();
        for (JsonNode b : bandsNode) {
            if (!b.hasNonNull("min") || !b.hasNonNull("max") || !b.get("min").isNumber() || !b.get("max").isNumber()) {
                throw new IllegalArgumentException("every band needs numeric \"min\" and \"max\"");
            }
            if (!b.path("name").isTextual() || !b.path("action").isTextual()) {
                throw new IllegalArgumentException("every band needs a name and an action");
            }
            Map<String, String> segments = new LinkedHashMap<>();
            JsonNode seg = b.get("segments");
            if (seg != null && !seg.isNull()) {
                if (!seg.isObject()) {
                    throw new IllegalArgumentException("a band's \"segments\" must map segments to actions");
                }
                for (var e : (Iterable<Map.Entry<String, JsonNode>>) seg::fields) {
                    if (!e.getValue().isTextual()) {
                        throw new IllegalArgumentException("segment '" + e.getKey() + "' needs an action name");
                    }
                    segments.put(e.getKey(), e.getValue().asText());
                }
            }
            bands.add(new Band(b.path("name").asText(null), b.get("min").doubleValue(), b.get("max").doubleValue(),
                    b.path("action").asText(null), segments));
        }
        List<String> actions = new ArrayList<>();
        JsonNode actionsNode = root.get("actions");
        if (actionsNode != null && actionsNode.isArray()) {
            for (JsonNode a : actionsNode) {
                actions.add(a.asText());
            }
        } else {
            LinkedHashSet<String> distinct = new LinkedHashSet<>();
            bands.forEach(b -> {
                distinct.add(b.action());
                distinct.addAll(b.segments().values());
            });
            actions.addAll(distinct);
        }
        JsonNode eps = root.get("epsilon");
        if (eps != null && !eps.isNumber()) {
            throw new IllegalArgumentException("\"epsilon\" must be a number");
        }
        return new DecisionPolicy(root.path("version").asText("unversioned"),
                eps == null ? DEFAULT.epsilon() : eps.doubleValue(), bands, actions);
    }
}
