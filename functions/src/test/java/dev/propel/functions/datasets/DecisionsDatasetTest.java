package dev.propel.functions.datasets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.propel.core.event.BehaviourEvent;
import dev.propel.core.event.EventTypes;
import dev.propel.functions.policy.DecisionLog;
import dev.propel.functions.policy.LoggedDecision;
import dev.propel.s3.embedded.EmbeddedS3;
import dev.propel.s3.embedded.EmbeddedS3Extension;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The datasets stage writes datasets/decisions/ from the clean decision events, read back by the policy code. */
@ExtendWith(EmbeddedS3Extension.class)
class DecisionsDatasetTest {
    private static final LocalDate DAY = LocalDate.parse("2026-11-26");

    private static BehaviourEvent ev(String id, String at, String type, Double price) {
        return new BehaviourEvent(id, type, "u1", null, "s-1", type.equals(EventTypes.DECISION) ? null : "sku-1",
                Instant.parse(at), price, price == null ? null : 1, type.equals(EventTypes.DECISION)
                ? Map.of("decision_id", id, "action", "offer_discount", "band", "medium", "propensity", "0.31",
                        "explored", "false", "action_probability", "0.9333333333333333", "policy_version", "default",
                        "device", "mobile")
                : Map.of("device", "mobile"), null);
    }

    @Test
    void decisionsAndTheirOutcomesArePartitionedByDay(EmbeddedS3 s3) {
        s3.createBucket("decisions");
        CleanBucket b = new CleanBucket(s3.client(), "decisions");
        b.putClean("1764150000000-req1", List.of(
                ev("v1", "2026-11-26T10:00:00Z", EventTypes.VIEW, 20.0),
                ev("d1", "2026-11-26T10:01:00Z", EventTypes.DECISION, null),
                ev("c1", "2026-11-26T10:02:00Z", EventTypes.ADD_TO_CART, 20.0),
                ev("p1", "2026-11-26T10:05:00Z", EventTypes.PURCHASE, 20.0),
                // another visitor later on: the stage has seen traffic past the end of s-1 (30 min of inactivity)
                new BehaviourEvent("v9", EventTypes.VIEW, "u9", null, "s-9", "sku-2",
                        Instant.parse("2026-11-26T11:00:00Z"), 5.0, null, Map.of(), null)));
        new DatasetBuilder(b.s3, b.bucket, BuildSettings.defaults()).build(DAY);

        List<LoggedDecision> rows = new DecisionLog(b.s3, b.bucket).read(DAY, DAY);
        assertEquals(1, rows.size());
        LoggedDecision d = rows.get(0);
        assertEquals("d1", d.decisionId());
        assertTrue(d.purchased());
        assertEquals(20.0, d.revenue(), 1e-9);
        assertEquals("mobile", d.segment());
        assertEquals(0.9333333333333333, d.actionProbability(), 1e-15);
        assertTrue(d.complete(), "the newest event read is 55 min after the session's last one");
        assertFalse(d.sessionKey().isEmpty());
        assertEquals(List.of(DAY), new DecisionLog(b.s3, b.bucket).days());
        assertTrue(new DecisionLog(b.s3, b.bucket).read(DAY.plusDays(1), null).isEmpty());
    }
}
