package dev.propel.core.sessions;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.propel.core.event.BehaviourEvent;
import dev.propel.core.features.Session;
import dev.propel.core.recall.ItemAction;
import dev.propel.core.recall.SessionSequence;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;

class SessionsDatasetTest {
    private static final SessionLine FIRST = new SessionLine("k1", Instant.parse("2026-11-26T10:50:00Z"),
            new SessionSequence(List.of("a", "b", "b"), List.of(ItemAction.VIEW, ItemAction.CART,
                    ItemAction.PURCHASE)));
    private static final SessionLine SECOND = new SessionLine("k2", Instant.parse("2026-11-26T11:00:00.5Z"),
            new SessionSequence(List.of("\u00e9t\u00e9 \"x\"", "a"), List.of(ItemAction.CLICK, ItemAction.VIEW)));

    @Test
    void linesRoundTripAndTheSameLinesGiveTheSameBytes() {
        byte[] gz = SessionsDataset.encode(List.of(FIRST, SECOND));
        assertArrayEquals(gz, SessionsDataset.encode(List.of(FIRST, SECOND)));
        List<SessionLine> back = new ArrayList<>();
        assertEquals(2, SessionsDataset.decode(gz, "t", 0, s -> s, back::add));
        assertEquals(List.of(FIRST, SECOND), back);
        assertEquals(2, SessionsDataset.countLines(gz, "t"));

        back.clear();
        SessionsDataset.decode(gz, "t", 1, s -> s, back::add);
        assertEquals(List.of(SECOND), back, "skipped lines are the first ones");
    }

    @Test
    void itemIdsAreInternedAcrossLines() {
        Map<String, String> pool = new HashMap<>();
        List<SessionLine> back = new ArrayList<>();
        SessionsDataset.decode(SessionsDataset.encode(List.of(FIRST, SECOND)), "t", 0,
                s -> pool.computeIfAbsent(s, k -> k), back::add);
        assertSame(back.get(0).sequence().items().get(0), back.get(1).sequence().items().get(1));
    }

    @Test
    void unknownFieldsAreIgnoredAndBadLinesNamed() {
        List<SessionLine> back = new ArrayList<>();
        SessionsDataset.decode(gzip("{\"v\":{\"x\":[1]},\"session\":\"k\",\"start\":\"2026-11-26T10:00:00Z\","
                + "\"items\":[\"a\"],\"actions\":[\"view\"],\"extra\":2}\n\n"), "t", 0, s -> s, back::add);
        assertEquals(List.of(new SessionLine("k", Instant.parse("2026-11-26T10:00:00Z"),
                SessionSequence.views(List.of("a")))), back);

        for (String[] bad : new String[][] {
                {"{\"session\":\"k\",\"start\":\"2026-11-26T10:00:00Z\",\"items\":[\"a\"]}", "required"},
                {"{\"session\":\"k\",\"start\":\"yesterday\",\"items\":[],\"actions\":[]}", "ISO-8601"},
                {"{\"session\":\"k\",\"start\":\"2026-11-26T10:00:00Z\",\"items\":[\"a\"],\"actions\":[]}",
                        "differ in length"},
                {"{\"session\":\"k\",\"start\":\"2026-11-26T10:00:00Z\",\"items\":[1],\"actions\":[\"view\"]}",
                        "array of strings"},
                {"[1,2]", "not a JSON object"},
                {"{\"session\":\"k\",\"start\"}", "Unexpected character"}}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> SessionsDataset.decode(gzip(bad[0] + "\n"), "part.jsonl.gz", 0, s -> s, l -> { }));
            assertTrue(e.getMessage().startsWith("part.jsonl.gz line 1: "), e.getMessage());
            assertTrue(e.getMessage().contains(bad[1]), e.getMessage());
        }
        IllegalArgumentException notGzip = assertThrows(IllegalArgumentException.class,
                () -> SessionsDataset.decode("plain".getBytes(StandardCharsets.UTF_8), "p", 0, s -> s, l -> { }));
        assertTrue(notGzip.getMessage().contains("p is not a readable gzip file"), notGzip.getMessage());
    }

    @Test
    void aSessionsLineHoldsItsItemEventsOnly() {
        Session s = new Session("key", "u1", List.of(
                ev("2026-11-26T10:00:00Z", "search", null),
                ev("2026-11-26T10:01:00Z", "view", "a"),
                ev("2026-11-26T10:02:00Z", "decision", "z"),
                ev("2026-11-26T10:03:00Z", "add_to_cart", "a"),
                ev("2026-11-26T10:04:00Z", "remove_from_cart", "a")));
        SessionLine line = SessionLine.of(s);
        assertEquals("key", line.session());
        assertEquals(Instant.parse("2026-11-26T10:00:00Z"), line.start(), "the session starts with its first event");
        assertEquals(List.of("a", "a", "a"), line.sequence().items());
        assertEquals(List.of(ItemAction.VIEW, ItemAction.CART, ItemAction.VIEW), line.sequence().actions());
        assertNull(SessionLine.of(new Session("k", "u", List.of(ev("2026-11-26T10:00:00Z", "search", null)))));
    }

    @Test
    void keys() {
        LocalDate d = LocalDate.parse("2026-11-26");
        assertEquals("datasets/sessions/dt=2026-11-26/part-00000.jsonl.gz", SessionsDataset.partKey(d));
        assertEquals("datasets/sessions/dt=2026-11-26/_manifest.json", SessionsDataset.manifestKey(d));
        assertEquals("datasets/sessions/", SessionsDataset.prefix());
    }

    private static BehaviourEvent ev(String at, String type, String item) {
        return new BehaviourEvent("e-" + at, type, "u1", null, null, item, Instant.parse(at), null, null, Map.of(),
                null);
    }

    private static byte[] gzip(String s) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (GZIPOutputStream out = new GZIPOutputStream(bytes)) {
            out.write(s.getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }
}
