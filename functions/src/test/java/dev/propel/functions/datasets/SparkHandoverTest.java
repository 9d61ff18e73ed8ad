package dev.propel.functions.datasets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.propel.core.event.BehaviourEvent;
import dev.propel.core.event.EventTypes;
import dev.propel.s3.embedded.EmbeddedS3;
import dev.propel.s3.embedded.EmbeddedS3Extension;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The Lambda builder handing days over the configured size to the Spark job. */
@ExtendWith(EmbeddedS3Extension.class)
class SparkHandoverTest {
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-28T13:00:00Z"), ZoneOffset.UTC);
    private static final ObjectMapper JSON = new ObjectMapper();

    /** {@code n} views of user u-{i} at the given hour of the day. */
    private static List<BehaviourEvent> views(String day, int n) {
        List<BehaviourEvent> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(new BehaviourEvent(day + "-e" + i, EventTypes.VIEW, "u-" + (i % 50), null, null, "i-" + (i % 30),
                    Instant.parse(day + "T12:00:00Z").plusSeconds(i), 10.0, null, Map.of(), null));
        }
        return out;
    }

    @Test
    void aDayOverTheSizeAndTheDaysAfterItGoToSparkWithTheRangeAsInput(EmbeddedS3 s3) throws Exception {
        s3.createBucket("handover");
        CleanBucket b = new CleanBucket(s3.client(), "handover");
        b.putClean("small", views("2026-11-20", 20));
        b.putClean("big", views("2026-11-21", 3000));
        b.putClean("after", views("2026-11-22", 20));
        List<String> started = new ArrayList<>();
        SparkHandover handover = new SparkHandover(new CleanEventReader(b.s3, b.bucket), BuildSettings.defaults(),
                4_000, "arn:aws:states:us-east-1:123456789012:stateMachine:propel-datasets-spark", input -> {
                    started.add(input);
                    return "arn:aws:states:us-east-1:123456789012:execution:propel-datasets-spark:run-1";
                });
        var handler = new BuildDatasetsHandler(b.s3, b.bucket, CLOCK, RecallWindow.defaults(), handover);

        Map<String, Object> out = handler.handleRequest(Map.of("from", "2026-11-20", "to", "2026-11-22"), null);

        List<?> days = (List<?>) out.get("days");
        assertEquals(1, days.size(), "only the small day is built here: " + out);
        assertEquals("2026-11-20", ((Map<?, ?>) days.get(0)).get("dt"));
        assertEquals(20L, ((Number) ((Map<?, ?>) days.get(0)).get("day_events")).longValue());
        Map<?, ?> h = (Map<?, ?>) out.get("handed_over");
        assertEquals("2026-11-21", h.get("from"));
        assertEquals("2026-11-22", h.get("to"), "the days after the big one are built on its stats: Spark too");
        assertTrue(((Number) h.get("clean_bytes")).longValue() > 4_000, "size: " + h);
        assertEquals(4_000L, ((Number) h.get("threshold_bytes")).longValue());
        assertEquals("arn:aws:states:us-east-1:123456789012:execution:propel-datasets-spark:run-1", h.get("execution"));
        assertEquals(1, started.size());
        JsonNode input = JSON.readTree(started.get(0));
        assertEquals("2026-11-21", input.get("from").asText());
        assertEquals("2026-11-22", input.get("to").asText());
        assertEquals(0, input.get("late_days").asInt());
        assertFalse(b.snapshot("datasets/conversion/dt=2026-11-21/").size() > 0, "the big day is not built here");
    }

    @Test
    void withoutAStateMachineTheAnswerSaysHowToRunIt(EmbeddedS3 s3) {
        s3.createBucket("handover-local");
        CleanBucket b = new CleanBucket(s3.client(), "handover-local");
        b.putClean("big", views("2026-11-21", 3000));
        SparkHandover handover = SparkHandover.fromEnvironment(Map.of(SparkHandover.THRESHOLD_ENV, "4000"), b.s3,
                b.bucket);
        var handler = new BuildDatasetsHandler(b.s3, b.bucket, CLOCK, RecallWindow.defaults(), handover);

        Map<String, Object> out = handler.handleRequest(Map.of("date", "2026-11-21"), null);

        Map<?, ?> h = (Map<?, ?>) out.get("handed_over");
        assertNull(h.get("execution"));
        assertEquals("./propel datasets --engine spark --from 2026-11-21 --to 2026-11-21 (or start the Spark state "
                + "machine with this input)", h.get("run"));
        assertTrue(((List<?>) out.get("days")).isEmpty());
    }
}
