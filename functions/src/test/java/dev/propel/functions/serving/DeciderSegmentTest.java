package dev.propel.functions.serving;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.propel.core.event.BehaviourEvent;
import dev.propel.core.event.EventTypes;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A band's segment actions: the session's device picks them, and the logged probability follows. */
class DeciderSegmentTest {
    private static final DecisionPolicy POLICY = DecisionPolicy.fromJson("""
            {"version": "segmented", "epsilon": 0,
             "bands": [{"name": "all", "min": 0, "max": 1, "action": "none",
                        "segments": {"mobile": "offer_discount"}}],
             "actions": ["offer_discount", "none"]}
            """.getBytes(java.nio.charset.StandardCharsets.UTF_8));

    private static Decider.Request on(String device) {
        BehaviourEvent view = new BehaviourEvent("e1", EventTypes.VIEW, null, "anon-1", "s-" + device, "sku-1",
                Instant.parse("2026-11-02T10:00:00Z"), 10.0, null, Map.of("device", device), null);
        return new Decider.Request(null, "s-" + device, List.of(view));
    }

    @Test
    void theSessionsDeviceSelectsTheSegmentAction() {
        Decision mobile = Decider.choose(POLICY, on("mobile"), 0.3, "conversion", "v1");
        Decision desktop = Decider.choose(POLICY, on("desktop"), 0.3, "conversion", "v1");
        assertEquals("offer_discount", mobile.action());
        assertEquals(1.0, mobile.actionProbability());
        assertEquals("none", desktop.action());
        assertEquals(1.0, desktop.actionProbability());
        // without a device the band's own action
        assertEquals("none", Decider.choose(POLICY, new Decider.Request(null, "s", List.of()), 0.3, "conversion",
                "v1").action());
    }

    @Test
    void segmentActionsAreExploredByDefault() {
        assertEquals(List.of("none", "offer_discount"), DecisionPolicy.fromJson("""
                {"bands": [{"name": "all", "min": 0, "max": 1, "action": "none",
                            "segments": {"mobile": "offer_discount"}}]}
                """.getBytes(java.nio.charset.StandardCharsets.UTF_8)).actions());
    }
}
