package dev.propel.functions.datasets;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.propel.core.layout.S3Layout;
import dev.propel.core.recall.RecallIndex;
import dev.propel.core.recall.RecallManifest;
import dev.propel.core.sessions.SessionsDataset;
import dev.propel.functions.model.ModelLoader;
import dev.propel.functions.recommend.RecallStore;
import dev.propel.s3.embedded.EmbeddedS3;
import dev.propel.s3.embedded.EmbeddedS3Extension;
import dev.propel.s3.embedded.ObjectCreatedListener;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The datasets function rebuilding the recall artefact from the sessions dataset after the days it built. */
@ExtendWith(EmbeddedS3Extension.class)
class RecallRefreshTest {
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-28T10:00:00Z"), ZoneOffset.UTC);
    private static final Clock LATER = Clock.fixed(Instant.parse("2026-11-28T11:00:00Z"), ZoneOffset.UTC);
    private static final Map<String, Object> BOTH_DAYS = Map.of("from", "2026-11-26", "to", "2026-11-27");

    @SuppressWarnings("unchecked")
    private static Map<String, Object> recall(Map<String, Object> handlerAnswer) {
        return (Map<String, Object>) handlerAnswer.get("recall");
    }

    @Test
    void theArtefactIsPublishedBeforeItsPointerAndLoads(EmbeddedS3 s3) {
        CleanBucket b = SessionSequencesPartitionTest.fixture(s3, "recall");
        List<String> written = new CopyOnWriteArrayList<>();
        ObjectCreatedListener listener = e -> {
            if (e.bucket().equals(b.bucket)) {
                written.add(e.key());
            }
        };
        s3.addListener(listener);
        Map<String, Object> r;
        try {
            r = recall(new BuildDatasetsHandler(b.s3, b.bucket, CLOCK).handleRequest(BOTH_DAYS, null));
        } finally {
            s3.removeListener(listener);
        }
        assertEquals("published", r.get("status"), r.toString());
        assertEquals("20261128T100000Z", r.get("version"));
        assertEquals("2026-11-26", r.get("from"));
        assertEquals("2026-11-27", r.get("to"));
        assertEquals(4, r.get("sessions"));
        assertEquals(4, r.get("items"));

        String artefact = S3Layout.recallKey("20261128T100000Z");
        assertTrue(written.indexOf(artefact) >= 0, written.toString());
        assertTrue(written.indexOf(artefact) < written.indexOf(S3Layout.recallManifestKey()),
                "artefact first, pointer last: " + written);
        assertTrue(written.indexOf(SessionsDataset.partKey(LocalDate.parse("2026-11-27")))
                < written.indexOf(artefact), "recall is built from the sessions written just before");

        RecallManifest manifest = new RecallStore(b.s3, b.bucket).manifest().orElseThrow();
        byte[] bytes = b.get(manifest.key());
        assertEquals(ModelLoader.sha256(bytes), manifest.sha256());
        assertEquals(bytes.length, manifest.bytes());
        assertEquals(4, manifest.sessions());
        assertEquals("2026-11-26", manifest.from());
        assertEquals("2026-11-27", manifest.to());
        RecallIndex index = new RecallStore(b.s3, b.bucket).loadLatest().orElseThrow().index();
        assertEquals(4, index.itemCount());
        assertEquals(4, index.sessionCount());
    }

    @Test
    void rebuildingGivesTheSameBytesAndPublishesNothingNew(EmbeddedS3 s3) {
        CleanBucket b = SessionSequencesPartitionTest.fixture(s3, "recall-again");
        new BuildDatasetsHandler(b.s3, b.bucket, CLOCK).handleRequest(BOTH_DAYS, null);
        Map<String, byte[]> first = b.snapshot(S3Layout.RECALL);

        Map<String, Object> again = recall(new BuildDatasetsHandler(b.s3, b.bucket, LATER)
                .handleRequest(BOTH_DAYS, null));
        assertEquals("unchanged", again.get("status"));
        assertEquals("20261128T100000Z", again.get("version"), "serving keeps following the same artefact");
        Map<String, byte[]> second = b.snapshot(S3Layout.RECALL);
        assertEquals(first.keySet(), second.keySet());
        first.forEach((k, v) -> assertArrayEquals(v, second.get(k), k));

        // the same sessions in another bucket, built at another time: the same artefact, byte for byte
        CleanBucket other = SessionSequencesPartitionTest.fixture(s3, "recall-elsewhere");
        new BuildDatasetsHandler(other.s3, other.bucket, LATER).handleRequest(BOTH_DAYS, null);
        assertArrayEquals(first.get(S3Layout.recallKey("20261128T100000Z")),
                other.get(S3Layout.recallKey("20261128T110000Z")));
    }

    @Test
    void theWindowEndsAtTheNewestDayBuiltAndKeepsTheMostRecentSessions(EmbeddedS3 s3) {
        CleanBucket b = SessionSequencesPartitionTest.fixture(s3, "recall-window");
        Map<String, Object> oneDay = recall(new BuildDatasetsHandler(b.s3, b.bucket, CLOCK,
                new RecallWindow(1, 1_000)).handleRequest(BOTH_DAYS, null));
        assertEquals("2026-11-27", oneDay.get("from"));
        assertEquals(2, oneDay.get("sessions"), "M and R");
        assertEquals(4, oneDay.get("items"), "c and a (M), b and d (R)");
    }

    @Test
    void aLimitOnSessionsDropsTheOldest(EmbeddedS3 s3) {
        CleanBucket b = SessionSequencesPartitionTest.fixture(s3, "recall-limit");
        Map<String, Object> r = recall(new BuildDatasetsHandler(b.s3, b.bucket, CLOCK,
                new RecallWindow(28, 3)).handleRequest(BOTH_DAYS, null));
        assertEquals("published", r.get("status"));
        assertEquals(3, r.get("sessions"));
        assertEquals(1, r.get("dropped_sessions"));
        assertEquals("2026-11-26", r.get("from"), "B, the newest session of D1, is still in");
    }

    @Test
    void rebuildingAnOldDayDoesNotTurnRecallBackInTime(EmbeddedS3 s3) {
        CleanBucket b = SessionSequencesPartitionTest.fixture(s3, "recall-old");
        new BuildDatasetsHandler(b.s3, b.bucket, CLOCK).handleRequest(BOTH_DAYS, null);
        byte[] pointer = b.get(S3Layout.recallManifestKey());
        Map<String, Object> r = recall(new BuildDatasetsHandler(b.s3, b.bucket, LATER)
                .handleRequest(Map.of("date", "2026-11-26"), null));
        assertEquals("newer_published", r.get("status"));
        assertEquals("20261128T100000Z", r.get("version"));
        assertArrayEquals(pointer, b.get(S3Layout.recallManifestKey()));
    }

    @Test
    void nothingIsPublishedWithoutSessions(EmbeddedS3 s3) {
        s3.createBucket("recall-empty");
        CleanBucket b = new CleanBucket(s3.client(), "recall-empty");
        Map<String, Object> r = recall(new BuildDatasetsHandler(b.s3, b.bucket, CLOCK)
                .handleRequest(Map.of("date", "2026-11-26"), null));
        assertEquals("empty", r.get("status"));
        assertEquals(null, r.get("version"));
        assertFalse(new RecallStore(b.s3, b.bucket).manifest().isPresent());
        assertTrue(b.snapshot(S3Layout.RECALL).isEmpty());
    }

    @Test
    void theWindowComesFromTheEnvironment() {
        assertEquals(RecallWindow.defaults(), RecallWindow.fromEnvironment(Map.of()));
        assertEquals(new RecallWindow(7, 1_000_000), RecallWindow.fromEnvironment(Map.of(RecallWindow.DAYS_ENV, "7")));
        assertEquals(new RecallWindow(28, 500), RecallWindow.fromEnvironment(Map.of(RecallWindow.MAX_SESSIONS_ENV,
                " 500 ")));
        IllegalStateException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalStateException.class,
                () -> RecallWindow.fromEnvironment(Map.of(RecallWindow.DAYS_ENV, "four weeks")));
        assertTrue(e.getMessage().contains(RecallWindow.DAYS_ENV), e.getMessage());
        IllegalArgumentException zero = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> RecallWindow.fromEnvironment(Map.of(RecallWindow.DAYS_ENV, "0")));
        assertTrue(zero.getMessage().contains(RecallWindow.DAYS_ENV), zero.getMessage());
    }
}
