package dev.propel.functions.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.propel.testkit.SettableClock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The publisher keeps one Powertools instance per dimension set across invocations: each invocation's lines must
 * carry only that invocation's metrics and properties, stamped with the time it published.
 */
class EmfMetricsPublisherTest {

    @Test
    void reusedInstancesStartEachInvocationEmptyAndStampItsOwnTime() {
        // CloudWatch (and Powertools' check) accept timestamps near the real now only, so the test clock starts
        // there; only its steps are fixed
        Instant start = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        SettableClock clock = new SettableClock(start);
        EmfMetricsPublisher publisher = EmfMetricsPublisher.forFunction("PredictFunction", clock);

        InvocationMetrics first = new InvocationMetrics();
        first.count("Predictions");
        first.property("model_version", "v1");
        first.addBy("Errors", MetricUnit.COUNT, 1, "status", "400");
        List<JsonNode> one = EmfLines.capture(() -> {
            publisher.publish(first);
            return 0;
        }).emf();

        clock.set(start.plus(Duration.ofMinutes(7)));
        InvocationMetrics second = new InvocationMetrics();
        second.add("Predictions", MetricUnit.COUNT, 2);
        List<JsonNode> two = EmfLines.capture(() -> {
            publisher.publish(second);
            return 0;
        }).emf();

        assertEquals(2, one.size(), one.toString());
        JsonNode predictions = EmfLines.lineWith(one, "Predictions");
        assertEquals(List.of("function"), EmfLines.dimensions(predictions));
        assertEquals("v1", predictions.get("model_version").asText());
        assertEquals(start.toEpochMilli(), predictions.get("_aws").get("Timestamp").asLong());
        JsonNode errors = EmfLines.lineWith(one, "Errors");
        assertEquals(List.of("function", "status"), EmfLines.dimensions(errors));
        assertEquals("400", errors.get("status").asText());
        assertFalse(errors.has("Predictions"), errors.toString());

        // the same instances again: the first invocation's property, error line and time are gone
        assertEquals(1, two.size(), two.toString());
        JsonNode again = two.get(0);
        assertEquals(2.0, again.get("Predictions").asDouble());
        assertFalse(again.has("model_version"), again.toString());
        assertFalse(again.has("Errors"), again.toString());
        assertEquals(start.plus(Duration.ofMinutes(7)).toEpochMilli(), again.get("_aws").get("Timestamp").asLong());
        assertEquals("PredictFunction", again.get("function").asText());
    }

    @Test
    void aDisabledPublisherAndAnEmptyInvocationPrintNothing() {
        InvocationMetrics recorded = new InvocationMetrics();
        recorded.count("Predictions");
        assertTrue(EmfLines.capture(() -> {
            EmfMetricsPublisher.disabled().publish(recorded);
            EmfMetricsPublisher.forFunction("PredictFunction").publish(new InvocationMetrics());
            return 0;
        }).lines().isEmpty());
    }
}
