package dev.propel.functions.reconcile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.propel.core.event.BehaviourEvent;
import dev.propel.core.event.IngestLimits;
import dev.propel.core.layout.S3Layout;
import dev.propel.core.log.JsonLog;
import dev.propel.core.privacy.Pseudonymiser;
import dev.propel.functions.BucketContents;
import dev.propel.functions.datasets.DayReport;
import dev.propel.functions.storage.RawEventWriter;
import dev.propel.functions.jobinput.JobInput;
import dev.propel.functions.metrics.EmfLines;
import dev.propel.functions.preprocess.PreprocessService;
import dev.propel.s3.embedded.EmbeddedS3;
import dev.propel.s3.embedded.EmbeddedS3Extension;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

/** raw/ against clean/ and quarantine/ on real (embedded) S3: gaps found, repaired exactly once, days reported. */
@ExtendWith(EmbeddedS3Extension.class)
class RawCleanReconcilerTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String BUCKET = EmbeddedS3Extension.BUCKET;
    private static final LocalDate DAY = LocalDate.parse("2026-11-28");
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-29T03:30:00Z"), ZoneOffset.UTC);
    private static final String PROCESSED = "raw/dt=2026-11-28/hour=09/1795856400000-req-a.jsonl.gz";
    private static final String CLEAN_DELETED = "raw/dt=2026-11-28/hour=09/1795856400001-req-b.jsonl.gz";
    private static final String NEVER_PROCESSED = "raw/dt=2026-11-28/hour=22/1795903200000-req-c.jsonl.gz";
    private static final String ALL_BAD = "raw/dt=2026-11-28/hour=10/1795860000000-req-d.jsonl.gz";
    private static final String TOO_RECENT = "raw/dt=2026-11-29/hour=03/1795922400000-req-e.jsonl.gz";

    private S3Client client;
    private BucketContents bucket;
    private PreprocessService preprocess;
    private final ByteArrayOutputStream logBytes = new ByteArrayOutputStream();

    @BeforeEach
    void setUp(EmbeddedS3 s3) {
        client = s3.client();
        bucket = new BucketContents(client, BUCKET);
        for (String key : bucket.keys("")) {
            client.deleteObject(b -> b.bucket(BUCKET).key(key));
        }
        preprocess = new PreprocessService(client, IngestLimits.DEFAULT);
    }

    @AfterEach
    void tearDown() {
        client.close();
    }

    private RawCleanReconciler reconciler() {
        return new RawCleanReconciler(client, BUCKET, preprocess, CLOCK, RawCleanReconciler.DEFAULT_GRACE,
                new JsonLog("ReconcileFunction", new PrintStream(logBytes, true, StandardCharsets.UTF_8)));
    }

    private void putRaw(String key, String eventPrefix, int events) {
        Instant received = S3Layout.parse(key).orElseThrow().day().atTime(
                S3Layout.parse(key).orElseThrow().hour(), 0).toInstant(ZoneOffset.UTC);
        List<BehaviourEvent> list = new ArrayList<>();
        for (int i = 0; i < events; i++) {
            list.add(new BehaviourEvent(eventPrefix + i, "view", "u" + i, null, "s1", "i" + i,
                    received.minusSeconds(60 - i), null, null, Map.of(), null));
        }
        byte[] body = new RawEventWriter(null, BUCKET, Pseudonymiser.identity()).encode(list, received);
        client.putObject(b -> b.bucket(BUCKET).key(key), RequestBody.fromBytes(body));
    }

    /** The state a lost and a failed notification leave behind, next to objects stage 1 handled normally. */
    private void bucketWithGaps() throws IOException {
        putRaw(PROCESSED, "a", 3);
        putRaw(CLEAN_DELETED, "b", 2);
        putRaw(NEVER_PROCESSED, "c", 4);
        client.putObject(b -> b.bucket(BUCKET).key(ALL_BAD), RequestBody.fromBytes(gzip("not json\nnor this\n")));
        putRaw(TOO_RECENT, "e", 1);
        preprocess.process(BUCKET, PROCESSED);
        preprocess.process(BUCKET, CLEAN_DELETED);
        preprocess.process(BUCKET, ALL_BAD);
        client.deleteObject(b -> b.bucket(BUCKET).key(S3Layout.cleanKeyFor(CLEAN_DELETED)));
    }

    @Test
    void repairsEachMissingCleanObjectExactlyOnceAndReportsItsDay() throws IOException {
        bucketWithGaps();
        List<String> rawBefore = bucket.keys("raw/");

        ReconcileReport first = reconciler().reconcile(DAY, DAY.plusDays(1));

        assertEquals(List.of(CLEAN_DELETED, NEVER_PROCESSED),
                first.repairs().stream().map(ReconcileReport.Repair::rawKey).toList());
        assertTrue(first.repairs().stream().allMatch(r -> r.status().equals("CLEANED") && r.wrote()));
        assertEquals(List.of(DAY), List.copyOf(first.days()));
        assertEquals(4, first.checked());
        assertEquals(2, first.covered(), "the processed object and the quarantined one");
        assertEquals(1, first.young(), "an hour that closed less than the grace period ago is left alone");
        // keys, not notifications: every checked raw object has exactly its one clean object, with its events
        assertEquals(List.of(S3Layout.cleanKeyFor(PROCESSED), S3Layout.cleanKeyFor(CLEAN_DELETED),
                S3Layout.cleanKeyFor(NEVER_PROCESSED)), bucket.keys("clean/"));
        assertEquals(2, eventIds(S3Layout.cleanKeyFor(CLEAN_DELETED)).size());
        assertEquals(List.of("c0", "c1", "c2", "c3"), eventIds(S3Layout.cleanKeyFor(NEVER_PROCESSED)));
        assertEquals(rawBefore, bucket.keys("raw/"), "raw/ is only read");

        ReconcileReport second = reconciler().reconcile(DAY, DAY.plusDays(1));
        assertTrue(second.clean(), "a second run finds nothing: " + second.toMap());
        assertTrue(second.days().isEmpty());
        assertEquals(4, second.covered());
        assertTrue(logBytes.toString(StandardCharsets.UTF_8).contains("\"repaired\":2"));
        assertTrue(!logBytes.toString(StandardCharsets.UTF_8).contains("u0"), "no user ids in the logs");
    }

    @Test
    void aScheduledRunChecksYesterdayAndTodayAndRebuildsTheRepairedDays() throws IOException {
        bucketWithGaps();
        List<List<LocalDate>> rebuilds = new ArrayList<>();
        ReconcileHandler handler = new ReconcileHandler(reconciler(), days -> {
            rebuilds.add(days);
            return List.<DayReport>of();
        }, CLOCK);

        Map<String, Object> event = scheduledEvent();
        EmfLines.Printed<Map<String, Object>> first = EmfLines.capture(() -> handler.handleRequest(event, null));
        Map<String, Object> out = first.result();

        assertEquals("2026-11-28", out.get("from"));
        assertEquals("2026-11-29", out.get("to"));
        assertEquals(List.of("2026-11-28"), out.get("days"));
        assertEquals(List.of(List.of(DAY)), rebuilds);
        // what the run did, as CloudWatch metrics of the function
        JsonNode metrics = EmfLines.lineWith(first.emf(), "RawObjectsRepaired");
        assertEquals("ReconcileFunction", metrics.get("function").asText());
        assertEquals(((List<?>) out.get("repaired")).size(), metrics.get("RawObjectsRepaired").asInt());
        assertTrue(metrics.get("RawObjectsRepaired").asInt() > 0);
        assertEquals(1, metrics.get("DaysRebuilt").asInt());
        assertEquals(0, metrics.get("RepairFailures").asInt());
        assertEquals(((Number) out.get("checked")).intValue(), metrics.get("RawObjectsChecked").asInt());
        Map<String, Object> again = handler.handleRequest(scheduledEvent(), null);
        assertEquals(List.of(), again.get("repaired"));
        assertEquals(1, rebuilds.size(), "nothing repaired, nothing rebuilt");
    }

    @Test
    void manualRangesAreCheckedAndBadOnesNamed() {
        ReconcileRequest r = ReconcileRequest.parse(Map.of("from", "2026-11-01", "to", "2026-11-03",
                "rebuild", false), CLOCK.instant());
        assertEquals(new ReconcileRequest(LocalDate.parse("2026-11-01"), LocalDate.parse("2026-11-03"), false), r);
        JobInput.Invalid e = assertThrows(JobInput.Invalid.class,
                () -> ReconcileRequest.parse(Map.of("from", "2026-11-03", "to", "2026-11-01"), CLOCK.instant()));
        assertEquals("to", e.field());
        ReconcileHandler handler = new ReconcileHandler(reconciler(), d -> List.of(), CLOCK);
        EmfLines.Printed<Map<String, Object>> refused = EmfLines.capture(
                () -> handler.handleRequest(Map.of("from", "yesterday"), null));
        assertEquals("from", refused.result().get("field"));
        assertEquals("400", EmfLines.lineWith(refused.emf(), "Errors").get("status").asText());
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> scheduledEvent() throws IOException {
        try (InputStream in = RawCleanReconcilerTest.class.getResourceAsStream("/reconcile/scheduled-event.json")) {
            return JSON.readValue(in, Map.class);
        }
    }

    private List<String> eventIds(String key) throws IOException {
        List<String> ids = new ArrayList<>();
        try (InputStream in = new GZIPInputStream(client.getObject(b -> b.bucket(BUCKET).key(key)))) {
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                if (!line.isBlank()) {
                    ids.add(JSON.readTree(line).get("event_id").asText());
                }
            }
        }
        return ids;
    }

    private static byte[] gzip(String text) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(text.getBytes(StandardCharsets.UTF_8));
        }
        return out.toByteArray();
    }
}
