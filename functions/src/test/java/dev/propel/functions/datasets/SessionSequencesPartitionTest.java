package dev.propel.functions.datasets;

import static dev.propel.core.recall.ItemAction.CART;
import static dev.propel.core.recall.ItemAction.PURCHASE;
import static dev.propel.core.recall.ItemAction.VIEW;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.propel.core.event.BehaviourEvent;
import dev.propel.core.event.EventTypes;
import dev.propel.core.recall.SessionSequence;
import dev.propel.core.sessions.SessionSequencesReader;
import dev.propel.core.sessions.SessionsDataset;
import dev.propel.s3.embedded.EmbeddedS3;
import dev.propel.s3.embedded.EmbeddedS3Extension;
import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The sessions dataset the datasets stage writes, and {@link SessionSequencesReader} reading it back. */
@ExtendWith(EmbeddedS3Extension.class)
class SessionSequencesPartitionTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final LocalDate D1 = LocalDate.parse("2026-11-26");
    private static final LocalDate D2 = LocalDate.parse("2026-11-27");
    private static final AtomicInteger BUCKETS = new AtomicInteger();

    /** The sessions of DatasetBuilderTest's fixture as the dataset holds them: A and B on D1, M and R on D2. */
    private static final SessionSequence A = new SessionSequence(List.of("a", "b", "b", "b"),
            List.of(VIEW, VIEW, CART, PURCHASE));
    private static final SessionSequence B = SessionSequence.views(List.of("a", "c"));
    private static final SessionSequence M = new SessionSequence(List.of("c", "a", "a", "a"),
            List.of(VIEW, VIEW, CART, PURCHASE));
    private static final SessionSequence R = SessionSequence.views(List.of("b", "d"));

    static CleanBucket fixture(EmbeddedS3 s3, String name) {
        String bucket = name + "-" + BUCKETS.incrementAndGet();
        s3.createBucket(bucket);
        CleanBucket b = new CleanBucket(s3.client(), bucket);
        b.putClean("1764150000000-req1", DatasetBuilderTest.concat(DatasetBuilderTest.A, DatasetBuilderTest.B));
        b.putClean("1764190000000-req2", DatasetBuilderTest.concat(DatasetBuilderTest.M, DatasetBuilderTest.R));
        return b;
    }

    private static DatasetBuilder builder(CleanBucket b) {
        return new DatasetBuilder(b.s3, b.bucket, BuildSettings.defaults());
    }

    @Test
    void eachDayHoldsItsSessionsInStartOrderWithTheirItemEvents(EmbeddedS3 s3) throws IOException {
        CleanBucket b = fixture(s3, "sessions");
        builder(b).build(List.of(D1, D2));

        List<JsonNode> d1 = lines(b.get(SessionsDataset.partKey(D1)));
        assertEquals(2, d1.size());
        JsonNode a = d1.get(0);
        assertEquals(List.of("session", "start", "items", "actions"), fieldNames(a));
        assertEquals("2026-11-26T10:50:00Z", a.get("start").asText());
        assertEquals("[\"a\",\"b\",\"b\",\"b\"]", a.get("items").toString());
        assertEquals("[\"view\",\"view\",\"cart\",\"purchase\"]", a.get("actions").toString());
        assertEquals("2026-11-26T13:00:00Z", d1.get(1).get("start").asText());

        // M started on D1 but ends on D2: it is D2's, whole, like in every other table
        List<JsonNode> d2 = lines(b.get(SessionsDataset.partKey(D2)));
        assertEquals(List.of("2026-11-26T23:50:00Z", "2026-11-27T09:00:00Z"),
                d2.stream().map(l -> l.get("start").asText()).toList());

        // the same session keys as the other datasets, so the tables join
        LinkedHashSet<String> conversionKeys = new LinkedHashSet<>();
        b.csv("datasets/conversion/dt=2026-11-26/part-00000.csv.gz").forEach(r -> conversionKeys.add(
                r.get("session_key")));
        assertEquals(new ArrayList<>(conversionKeys), d1.stream().map(l -> l.get("session").asText()).toList());

        JsonNode manifest = b.json(SessionsDataset.manifestKey(D1));
        assertEquals("sessions", manifest.get("task").asText());
        assertEquals(2, manifest.get("rows").asInt());
        assertEquals("jsonl", manifest.get("format").asText());
        assertEquals("[\"part-00000.jsonl.gz\"]", manifest.get("files").toString());
    }

    @Test
    void theReaderGivesBackTheSessionsInTimeOrderWithinTheLimit(EmbeddedS3 s3) {
        CleanBucket b = fixture(s3, "sessions-read");
        builder(b).build(List.of(D1, D2));
        SessionSequencesReader reader = new SessionSequencesReader(b.s3, b.bucket);

        SessionSequencesReader.Read all = reader.read(null, null, Integer.MAX_VALUE);
        assertEquals(List.of(A, B, M, R), all.sessions());
        assertEquals(new SessionSequencesReader.Summary(D1, D2, 2, 4, 0, all.summary().sha256()), all.summary());
        assertEquals("2026-11-26..2026-11-27", all.summary().range());

        assertEquals(List.of(M, R), reader.read(D2, D2, 100).sessions());
        SessionSequencesReader.Read recent = reader.read(D1, D2, 3);
        assertEquals(List.of(B, M, R), recent.sessions(), "the oldest sessions make room for the newest");
        assertEquals(1, recent.summary().dropped());
        assertTrue(!recent.summary().sha256().equals(all.summary().sha256()), "another input, another hash");
        assertEquals(List.of(R), reader.read(D1, D2, 1).sessions());

        SessionSequencesReader.Read none = reader.read(D2.plusDays(1), null, 100);
        assertTrue(none.sessions().isEmpty());
        assertNull(none.summary().first());
        assertEquals("", none.summary().range());
    }

    @Test
    void rebuildingADayRewritesTheSameBytes(EmbeddedS3 s3) {
        CleanBucket b = fixture(s3, "sessions-again");
        builder(b).build(List.of(D1, D2));
        Map<String, byte[]> first = b.snapshot(SessionsDataset.prefix());
        builder(b).build(List.of(D2, D1));
        Map<String, byte[]> second = b.snapshot(SessionsDataset.prefix());
        assertEquals(4, first.size(), "part and manifest of each day");
        assertEquals(first.keySet(), second.keySet());
        first.forEach((k, v) -> assertArrayEquals(v, second.get(k), k));
    }

    @Test
    void sessionsWithoutItemEventsAndDecisionsAreLeftOut(EmbeddedS3 s3) throws IOException {
        String bucket = "sessions-items-" + BUCKETS.incrementAndGet();
        s3.createBucket(bucket);
        CleanBucket b = new CleanBucket(s3.client(), bucket);
        b.putClean("1-x", List.of(
                ev("2026-11-26T08:00:00Z", EventTypes.SEARCH, "u7", null),
                ev("2026-11-26T09:00:00Z", EventTypes.VIEW, "u8", "x"),
                ev("2026-11-26T09:01:00Z", EventTypes.SEARCH, "u8", null),
                ev("2026-11-26T09:01:30Z", EventTypes.DECISION, "u8", "y"),
                ev("2026-11-26T09:02:00Z", EventTypes.CLICK, "u8", "z"),
                ev("2026-11-26T09:03:00Z", "wishlist", "u8", "x")));
        builder(b).build(List.of(D1));
        List<JsonNode> d1 = lines(b.get(SessionsDataset.partKey(D1)));
        assertEquals(1, d1.size(), "u7 only searched");
        assertEquals("[\"x\",\"z\",\"x\"]", d1.get(0).get("items").toString());
        assertEquals("[\"view\",\"click\",\"view\"]", d1.get(0).get("actions").toString(),
                "custom types count as views, as recall weighs them");
        assertEquals(1, b.json(SessionsDataset.manifestKey(D1)).get("rows").asInt());
    }

    @Test
    void aBrokenLineIsRefusedWithItsObjectAndLine(EmbeddedS3 s3) {
        CleanBucket b = fixture(s3, "sessions-broken");
        builder(b).build(List.of(D1));
        byte[] good = b.get(SessionsDataset.partKey(D1));
        String text = new String(gunzip(good), StandardCharsets.UTF_8);
        String broken = text + "{\"session\":\"k\",\"start\":\"2026-11-26T20:00:00Z\",\"items\":[\"a\"],"
                + "\"actions\":[\"stare\"]}\n";
        b.put(SessionsDataset.partKey(D2), gzip(broken));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new SessionSequencesReader(b.s3, b.bucket).read(D1, D2, 100));
        assertTrue(e.getMessage().contains(SessionsDataset.partKey(D2) + " line 3"), e.getMessage());
        assertTrue(e.getMessage().contains("unknown action stare"), e.getMessage());
    }

    private static BehaviourEvent ev(String at, String type, String user, String item) {
        return new BehaviourEvent("ev-" + at + user, type, user, null, null, item, Instant.parse(at), null, null,
                Map.of(), null);
    }

    private static List<String> fieldNames(JsonNode n) {
        List<String> names = new ArrayList<>();
        for (Iterator<String> i = n.fieldNames(); i.hasNext(); ) {
            names.add(i.next());
        }
        return names;
    }

    private static List<JsonNode> lines(byte[] gz) throws IOException {
        List<JsonNode> out = new ArrayList<>();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(
                new ByteArrayInputStream(gunzip(gz)), StandardCharsets.UTF_8))) {
            for (String l = r.readLine(); l != null; l = r.readLine()) {
                out.add(JSON.readTree(l));
            }
        }
        return out;
    }

    private static byte[] gunzip(byte[] gz) {
        try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(gz))) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static byte[] gzip(String s) {
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        try (java.util.zip.GZIPOutputStream out = new java.util.zip.GZIPOutputStream(bytes)) {
            out.write(s.getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }
}
