package dev.propel.core.recall;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

class CandidateGeneratorTest {
    private static RecallIndex shop() {
        RecallBuilder b = new RecallBuilder(RecallSettings.defaults());
        for (int i = 0; i < 30; i++) {
            List<String> s = List.of("phone", "case", "charger");
            b.addSession(s, Collections.nCopies(3, ItemAction.VIEW));
        }
        for (int i = 0; i < 50; i++) {
            b.addSession(List.of("bestseller", "socks"), Collections.nCopies(2, ItemAction.VIEW));
        }
        return b.build();
    }

    private static int[] ids(RecallIndex index, String... items) {
        return Arrays.stream(items).mapToInt(index::indexOf).toArray();
    }

    private static List<String> names(RecallIndex index, Candidates c) {
        return Arrays.stream(c.items()).mapToObj(index::itemId).toList();
    }

    @Test
    void whatFollowsTheSessionComesFirst() {
        RecallIndex index = shop();
        Candidates c = new CandidateGenerator(index).generate(ids(index, "phone"), new byte[1]);
        assertFalse(c.fallback());
        assertEquals("case", names(index, c).get(0), names(index, c).toString());
        assertEquals(RerankFeatures.COUNT * c.size(), c.features().length);
        float[] row = c.row(0);
        assertEquals(1f, row[RerankFeatures.COVIS_LAST], "the best last-item neighbour scores 1");
        assertEquals(0f, row[RerankFeatures.IN_SESSION]);
        float[] phone = c.row(names(index, c).indexOf("phone"));
        assertEquals(1f, phone[RerankFeatures.IS_LAST]);
        assertEquals(1f, phone[RerankFeatures.SEEN_RECENCY]);
    }

    @Test
    void anUnknownOrEmptySessionFallsBackToTrendingItems() {
        RecallIndex index = shop();
        CandidateGenerator g = new CandidateGenerator(index);
        Candidates unknown = g.generate(new int[] {-1, -1}, new byte[2]);
        assertTrue(unknown.fallback());
        assertEquals("bestseller", names(index, unknown).get(0), names(index, unknown).toString());
        assertTrue(g.generate(new int[0], new byte[0]).fallback());
    }

    @Test
    void theFallbackFollowsTheTrendNotLifetimePopularity() {
        RecallBuilder b = new RecallBuilder(RecallSettings.defaults());
        for (int i = 0; i < 90; i++) {
            b.addSession(List.of("old-hit", "x" + (i % 3)), Collections.nCopies(2, ItemAction.VIEW));
        }
        for (int i = 0; i < 10; i++) {
            b.addSession(List.of("new-hit", "new-hit"), Collections.nCopies(2, ItemAction.VIEW));
        }
        RecallIndex index = b.build();
        Candidates c = new CandidateGenerator(index).generate(new int[0], new byte[0]);
        assertTrue(c.fallback());
        assertEquals("new-hit", names(index, c).get(0), "seen only in the newest 10% of sessions");
        assertEquals("old-hit", names(index, c).get(1), "then lifetime popularity");
    }

    @Test
    void scratchStateDoesNotLeakBetweenSessions() {
        RecallIndex index = shop();
        CandidateGenerator g = new CandidateGenerator(index);
        Candidates first = g.generate(ids(index, "phone", "case"), new byte[2]);
        g.generate(ids(index, "bestseller"), new byte[1]);
        Candidates again = g.generate(ids(index, "phone", "case"), new byte[2]);
        assertEquals(Arrays.toString(first.items()), Arrays.toString(again.items()));
        assertEquals(Arrays.toString(first.features()), Arrays.toString(again.features()));
    }

    @Test
    void aVeryLongSessionUsesItsMostRecentEvents() {
        RecallIndex index = shop();
        List<Integer> events = new ArrayList<>();
        for (int i = 0; i < 10_000; i++) {
            events.add(index.indexOf("bestseller"));
        }
        events.add(index.indexOf("phone"));
        int[] s = events.stream().mapToInt(Integer::intValue).toArray();
        Candidates c = new CandidateGenerator(index).generate(s, new byte[s.length]);
        List<String> n = names(index, c);
        assertTrue(n.contains("case") && n.contains("socks"), n.toString());
        float[] best = c.row(n.indexOf("bestseller"));
        assertEquals((float) Math.log1p(CandidateGenerator.MAX_SESSION_EVENTS - 1), best[RerankFeatures.SEEN_COUNT],
                1e-6);
    }
}
