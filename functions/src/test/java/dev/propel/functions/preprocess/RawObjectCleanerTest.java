package dev.propel.functions.preprocess;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.propel.core.event.BehaviourEvent;
import dev.propel.core.event.EventJson;
import dev.propel.core.event.EventValidator;
import dev.propel.core.event.IngestLimits;
import dev.propel.functions.BucketContents;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;

class RawObjectCleanerTest {
    private final RawObjectCleaner cleaner = new RawObjectCleaner(new EventValidator(IngestLimits.DEFAULT));

    static byte[] gzip(String text) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream g = new GZIPOutputStream(out)) {
            g.write(text.getBytes(StandardCharsets.UTF_8));
        }
        return out.toByteArray();
    }

    static String line(String id, String type, String extra) {
        return "{\"event_id\":\"" + id + "\",\"type\":\"" + type + "\",\"user_id\":\" u1 \",\"item_id\":\"i1\","
                + "\"timestamp\":\"2026-11-28T10:00:00+01:00\",\"received_at\":\"2026-11-28T09:00:01Z\"" + extra + "}";
    }

    record Run(CleanResult result, byte[] clean, byte[] bad) {
        List<String> cleanLines() {
            return BucketContents.gunzipLines(clean);
        }

        List<String> badLines() {
            return BucketContents.gunzipLines(bad);
        }
    }

    private Run run(byte[] input) throws Exception {
        ByteArrayOutputStream clean = new ByteArrayOutputStream();
        ByteArrayOutputStream bad = new ByteArrayOutputStream();
        CleanResult r = cleaner.clean(new ByteArrayInputStream(input), clean, bad);
        return new Run(r, clean.toByteArray(), bad.toByteArray());
    }

    @Test
    void normalisesDedupesAndSetsBadLinesAside() throws Exception {
        String broken = "{\"event_id\":\"e9\",\"type\":";
        String invalid = line("e8", "purchase", ",\"price\":-5");
        String input = String.join("\n", line(" e1 ", "AddToCart", ""), line("e2", "view", ",\"price\":\"3.50\""),
                "", line("e1", "add_to_cart", ""), broken, invalid, line("e3", "Newsletter Signup", "")) + "\r\n";
        Run r = run(gzip(input));
        assertEquals(new CleanResult(6, 3, 1, 2, r.result().errors()), r.result());
        List<BehaviourEvent> clean = r.cleanLines().stream().map(EventJson::parse).toList();
        Instant ts = Instant.parse("2026-11-28T09:00:00Z");
        assertEquals(new BehaviourEvent("e1", "add_to_cart", "u1", null, null, "i1", ts, null, null, Map.of(),
                Instant.parse("2026-11-28T09:00:01Z")), clean.get(0));
        assertEquals(3.5, clean.get(1).price());
        assertEquals("newsletter_signup", clean.get(2).type());
        assertEquals(List.of(broken, invalid), r.badLines());
        assertEquals(4, r.result().errors().get(0).index(), "0-based line of the broken JSON");
        assertTrue(r.result().errors().get(0).error().startsWith("not valid JSON"));
        assertEquals("price", r.result().errors().get(1).field());
        assertEquals(5, r.result().errors().get(1).index());
    }

    @Test
    void outputIsByteIdenticalAcrossRuns() throws Exception {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < 3000; i++) {
            b.append(line("e" + (i % 2500), i % 3 == 0 ? "View" : "purchase",
                    ",\"properties\":{\"z\":\"" + i + "\",\"a\":\"x\",\"m\":" + i + "}")).append('\n');
        }
        byte[] input = gzip(b.toString());
        Run first = run(input);
        Run second = run(input);
        assertEquals(2500, first.result().clean());
        assertEquals(500, first.result().duplicates());
        assertArrayEquals(first.clean(), second.clean());
        assertEquals(0, first.result().badLines());
    }

    @Test
    void linesSpanningReadChunksSurvive() throws Exception {
        // ~1.1 KB lines: 200 of them cross the 64 KiB read chunk several times
        StringBuilder b = new StringBuilder();
        String pad = "p".repeat(1000);
        for (int i = 0; i < 200; i++) {
            b.append(line("e" + i, "view", ",\"properties\":{\"pad\":\"" + pad + "\"}")).append('\n');
        }
        Run r = run(gzip(b.toString()));
        assertEquals(200, r.result().clean());
        assertEquals(pad, EventJson.parse(r.cleanLines().get(199)).properties().get("pad"));
    }

    @Test
    void aLineLongerThanTheLimitIsOneBadLineAndTheRestGoOn() throws Exception {
        String huge = "{\"event_id\":\"" + "x".repeat(IngestLimits.DEFAULT.maxBodyBytes() + 10) + "\"}";
        Run r = run(gzip(line("e1", "view", "") + "\n" + huge + "\n" + line("e2", "view", "") + "\n"));
        assertEquals(2, r.result().clean());
        assertEquals(1, r.result().badLines());
        assertEquals(3, r.result().lines());
        assertTrue(r.result().errors().get(0).error().startsWith("line longer than"));
        assertEquals(1, r.result().errors().get(0).index());
    }

    @Test
    void aLineJacksonWouldReadAsUtf32IsOneBadLineAndTheGoodLinesAreKept() throws Exception {
        ByteArrayOutputStream text = new ByteArrayOutputStream();
        text.write((line("e1", "view", "") + "\n").getBytes(StandardCharsets.UTF_8));
        text.write(new byte[] {(byte) 0xFF, (byte) 0xFE, 0, 0, '{', '}', '\n'}); // a UTF-32 byte-order mark
        text.write(new byte[] {'{', 0, 0, 0, '\n'}); // detected as UTF-32LE too
        text.write((line("e2", "view", "") + "\n").getBytes(StandardCharsets.UTF_8));
        ByteArrayOutputStream gz = new ByteArrayOutputStream();
        try (GZIPOutputStream g = new GZIPOutputStream(gz)) {
            g.write(text.toByteArray());
        }
        Run r = run(gz.toByteArray());
        assertEquals(2, r.result().clean(), r.result().errors().toString());
        assertEquals(2, r.result().badLines());
        assertEquals(2, r.badLines().size(), "both bad lines are kept, byte for byte, in quarantine");
    }

    @Test
    void anEventFarAfterItsReceiveTimeIsABadLine() throws Exception {
        String future = line("e2", "view", "").replace("2026-11-28T10:00:00+01:00", "2099-01-01T00:00:00Z");
        Run r = run(gzip(line("e1", "view", "") + "\n" + future + "\n"));
        assertEquals(1, r.result().clean());
        assertEquals(1, r.result().badLines());
        assertEquals("timestamp", r.result().errors().get(0).field());
    }

    @Test
    void unreadableObjectsAreRecognised() throws IOException {
        byte[] good = gzip(line("e1", "view", "") + "\n" + line("e2", "view", "") + "\n");
        List<byte[]> unreadable = List.of(
                "plain text, not gzip".getBytes(StandardCharsets.UTF_8),
                Arrays.copyOf(good, good.length - 12), // truncated upload
                gzip("user,item,ts\nu1,i1,2026-11-28\n"), // CSV, not JSON lines
                gzip("\u0000\u0001\u0002binary"));
        for (byte[] u : unreadable) {
            assertThrows(UnreadableObjectException.class, () -> run(u));
        }
    }

    @Test
    void anEmptyObjectIsCleanAndEmpty() throws Exception {
        Run r = run(gzip(""));
        assertEquals(new CleanResult(0, 0, 0, 0, List.of()), r.result());
        assertEquals(List.of(), r.cleanLines());
    }

    @Test
    void errorListIsCappedButCountsStayExact() throws Exception {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < 150; i++) {
            b.append(line("e" + i, "view", ",\"quantity\":-1")).append('\n');
        }
        Run r = run(gzip(b.toString()));
        assertEquals(150, r.result().badLines());
        assertEquals(RawObjectCleaner.MAX_REPORTED_ERRORS, r.result().errors().size());
    }
}
