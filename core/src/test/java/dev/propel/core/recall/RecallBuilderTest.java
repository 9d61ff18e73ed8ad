package dev.propel.core.recall;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class RecallBuilderTest {
    private static final ItemAction V = ItemAction.VIEW;

    private static RecallIndex build(List<List<String>> sessions) {
        RecallBuilder b = new RecallBuilder(RecallSettings.defaults());
        for (List<String> s : sessions) {
            b.addSession(s, java.util.Collections.nCopies(s.size(), V));
        }
        return b.build();
    }

    private static List<String> neighbours(RecallIndex index, String item) {
        int i = index.indexOf(item);
        String[] out = new String[index.neighbourCount(i)];
        for (int k = 0; k < out.length; k++) {
            out[k] = index.itemId(index.neighbour(i, k));
        }
        return List.of(out);
    }

    @Test
    void coVisitationIsDirectionalAndWeightedByDistance() {
        // a is followed by b three times; c comes before a twice; d is two steps after a once
        RecallIndex index = build(List.of(
                List.of("a", "b"), List.of("a", "b"), List.of("a", "b", "d"),
                List.of("c", "a"), List.of("c", "a"), List.of("x", "y")));
        List<String> n = neighbours(index, "a");
        assertEquals("b", n.get(0), n.toString());
        assertEquals("c", n.get(1), "seen before a, half weight: " + n);
        assertEquals("d", n.get(2), "two positions away, half weight, once: " + n);
        int a = index.indexOf("a");
        // b: 3 forward at distance 1 = 3; c: 2 backward at distance 1 = 2 * 0.5 = 1; d: 1 forward at 2 = 0.5
        // each divided by popularity^0.15 of the neighbour (b 3, c 2, d 1)
        assertEquals(3 / Math.pow(3, 0.15), index.neighbourScore(a, 0), 1e-5);
        assertEquals(1 / Math.pow(2, 0.15), index.neighbourScore(a, 1), 1e-5);
        assertEquals(0.5, index.neighbourScore(a, 2), 1e-5);
        assertEquals(List.of(), neighbours(index, "x").stream().filter(s -> !s.equals("y")).toList());
    }

    @Test
    void popularityCountsPurchasesMoreThanViews() {
        RecallBuilder b = new RecallBuilder(RecallSettings.defaults());
        b.addSession(List.of("a", "b", "b"), List.of(V, V, ItemAction.PURCHASE));
        b.addSession(List.of("a", "a"), List.of(V, V));
        RecallIndex index = b.build();
        assertEquals(3f, index.popularity(index.indexOf("a")));
        assertEquals(7f, index.popularity(index.indexOf("b")), "a view (1) and a purchase (6)");
        assertEquals("b", index.itemId(index.topPopular()[0]));
    }

    @Test
    void theArtefactRoundTripsAndRefusesCorruption() {
        RecallIndex index = build(List.of(List.of("a", "b", "c"), List.of("b", "c"), List.of("c", "d", "a")));
        byte[] bytes = index.toBytes();
        RecallIndex back = RecallIndex.fromBytes(bytes);
        assertArrayEquals(bytes, back.toBytes());
        assertEquals(neighbours(index, "c"), neighbours(back, "c"));

        assertThrows(IllegalArgumentException.class, () -> RecallIndex.fromBytes(Arrays.copyOf(bytes, 40)));
        byte[] magic = bytes.clone();
        magic[0] ^= 1;
        assertThrows(IllegalArgumentException.class, () -> RecallIndex.fromBytes(magic));
        byte[] trailing = Arrays.copyOf(bytes, bytes.length + 4);
        assertThrows(IllegalArgumentException.class, () -> RecallIndex.fromBytes(trailing));
        byte[] badIndex = bytes.clone();
        // the last int of the file is the last item-session entry: point it past the sessions
        badIndex[badIndex.length - 1] = 127;
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> RecallIndex.fromBytes(badIndex));
        assertTrue(e.getMessage().contains("out of range"), e.getMessage());
    }

    @Test
    void theSameSessionsGiveTheSameBytes() {
        List<List<String>> sessions = List.of(List.of("a", "b", "c"), List.of("b", "c"), List.of("c", "d", "a"));
        assertArrayEquals(build(sessions).toBytes(), build(sessions).toBytes());
    }

    @Test
    void sessionKnnKeepsOnlyTheMostRecentSessionsOfAnItem() {
        RecallSettings few = new RecallSettings(5, 60, 0.5f, 0.15f, 2, 100, 100);
        RecallBuilder b = new RecallBuilder(few);
        for (int i = 0; i < 5; i++) {
            b.addSession(List.of("a", "s" + i), List.of(V, V));
        }
        RecallIndex index = b.build();
        CandidateGenerator g = new CandidateGenerator(index);
        Candidates c = g.generate(new int[] {index.indexOf("a")}, new byte[1]);
        List<String> ids = Arrays.stream(c.items()).mapToObj(index::itemId).toList();
        // co-visitation still knows all five, but only the two most recent sessions are neighbours
        assertTrue(ids.containsAll(List.of("s3", "s4")), ids.toString());
        int s0 = ids.indexOf("s0");
        assertEquals(0f, c.row(s0)[RerankFeatures.SKNN], "s0's session is older than the two kept");
        assertTrue(c.row(ids.indexOf("s4"))[RerankFeatures.SKNN] > 0);
    }
}
