package dev.propel.local.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.propel.core.event.BehaviourEvent;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The demo path end to end on the local stack, with stand-in handlers of the real template's shape: HTTP
 * ingest, preprocessing by S3 notification, the dataset build, publishing, and the serving calls.
 */
class DemoRunnerTest {
    private static final Path TEMPLATE = Path.of("src/test/resources/demo-template.yaml");
    /** The day after the traffic: the stack receives it then, whatever the date the suite runs on. */
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-26T03:30:00Z"), ZoneOffset.UTC);

    private static DemoTraffic traffic(int sessions, int eventsPerSession) {
        List<BehaviourEvent> events = new ArrayList<>();
        Instant t0 = Instant.parse("2026-11-25T10:00:00Z");
        for (int s = 0; s < sessions; s++) {
            for (int i = 0; i < eventsPerSession; i++) {
                events.add(new BehaviourEvent("e-" + s + "-" + i, i == eventsPerSession - 1 ? "purchase" : "view",
                        "u" + (s % 7), null, "s" + s, "item-" + (i % 5), t0.plusSeconds(s * 600L + i * 10L),
                        9.5, 1, Map.of(), null));
            }
        }
        return new DemoTraffic(events, sessions + " sessions of " + eventsPerSession + " events");
    }

    /** The same traffic with its first {@code pastEvents} events received earlier, to be uploaded as a backfill. */
    private static DemoTraffic withHistory(DemoTraffic traffic, int pastEvents, Instant receivedAt) {
        List<BehaviourEvent> history = traffic.events().subList(0, pastEvents).stream()
                .map(e -> e.withReceivedAt(receivedAt)).toList();
        return new DemoTraffic(history, traffic.events().subList(pastEvents, traffic.events().size()),
                traffic.description());
    }

    private static final DemoParts.ModelPublisher PUBLISHER = (stack, traffic, work) -> {
        try (S3Client s3 = stack.newS3Client()) {
            s3.putObject(b -> b.bucket(stack.bucket()).key("models/conversion/latest.json"),
                    RequestBody.fromString("{\"task\":\"conversion\",\"version\":\"20261128T120000Z\"}"));
        }
        long rows = traffic.history().size() + traffic.events().size();
        return List.of(new PublishedModel("conversion", "20261128T120000Z", rows, 0.81, 0.86,
                "s3://" + stack.bucket() + "/models/conversion/20261128T120000Z/report.html"));
    };

    @Test
    void runsTheWholePipelineAndSummarises(@TempDir Path state) throws Exception {
        DemoTraffic traffic = withHistory(traffic(120, 10), 400, Instant.parse("2026-11-26T03:10:00Z"));
        DemoParts parts = new DemoParts(s -> traffic, DemoParts.DatasetRequest.scheduled(), PUBLISHER, SessionApiExamples::calls);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = DemoRunner.run(new String[] {"--template", TEMPLATE.toString(), "--state", state.toString(),
            "--batch", "500"}, parts, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), CLOCK);
        assertEquals(0, code, err.toString(StandardCharsets.UTF_8));
        String summary = out.toString(StandardCharsets.UTF_8);
        assertTrue(summary.contains("events       1,200 in 120 sessions"), summary);
        assertTrue(summary.contains("backfill     400 events of the past days in 1 raw objects"), summary);
        assertTrue(summary.contains("800 accepted, 0 rejected by POST /events (2 requests)"), summary);
        assertTrue(summary.contains("3 raw objects -> 3 clean, 0 quarantined"), summary);
        assertTrue(summary.contains("1,200 rows"), "the dataset function saw every clean event: " + summary);
        assertTrue(summary.contains("ROC AUC 0.810 (oracle 0.860)"), summary);
        for (String path : List.of("/predict", "/rank", "/decide")) {
            assertTrue(summary.contains("POST " + path), summary);
        }
        assertTrue(summary.contains("\"version\":\"20261128T120000Z\""), "serving read the published manifest");
        Path log = state.resolve("demo").resolve("functions.log");
        assertTrue(Files.readString(log).contains("\"function\":\"PreprocessFunction\""),
                "function logs go to the demo's log file");
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("propel demo: preprocessing by S3 notification done"));
    }

    @Test
    void aPartThatIsNotWiredYetIsReportedNotFaked(@TempDir Path state) {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        DemoParts unwired = new DemoParts(s -> {
            throw new StepUnavailableException("the shop simulator is not wired in");
        }, DemoParts.DatasetRequest.scheduled(), PUBLISHER, SessionApiExamples::calls);
        int code = DemoRunner.run(new String[] {"--template", TEMPLATE.toString(), "--state", state.toString()},
                unwired, new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), CLOCK);
        assertEquals(3, code);
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("not available yet: the shop simulator"));
    }

    @Test
    void aFailingStepIsNamed(@TempDir Path state) {
        DemoParts parts = new DemoParts(s -> traffic(2, 3), DemoParts.DatasetRequest.scheduled(), (stack, t, w) -> {
            throw new IllegalStateException("no dataset rows");
        }, SessionApiExamples::calls);
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = DemoRunner.run(new String[] {"--template", TEMPLATE.toString(), "--state", state.toString()},
                parts, new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), CLOCK);
        assertEquals(1, code);
        assertTrue(err.toString(StandardCharsets.UTF_8)
                .contains("step 'training and publishing models' failed: no dataset rows"), err.toString());
    }
}
