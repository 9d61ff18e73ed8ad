package dev.propel.functions.datasets;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.propel.core.features.UserHistory;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;

class UserRegistryTest {
    private static final LocalDate D1 = LocalDate.parse("2026-11-26");
    private static final LocalDate D2 = LocalDate.parse("2026-11-27");

    @Test
    void countsSessionsOncePerDayAndSurvivesItsPartition() throws IOException {
        UserRegistry r = UserRegistry.empty().plus(D1, List.of("u1", "u2"), Map.of("u1", new int[] {2, 1}));
        assertEquals(new UserHistory(2, 1), r.historyOf("u1"));
        assertEquals(UserHistory.FIRST_VISIT, r.historyOf("u2"), "active, but no session ended on D1");
        assertEquals(UserHistory.FIRST_VISIT, r.historyOf("never-seen"));
        // rebuilding a day that is already included changes nothing
        assertEquals(new UserHistory(2, 1),
                r.plus(D1, List.of("u1"), Map.of("u1", new int[] {2, 1})).historyOf("u1"));
        UserRegistry r2 = r.plus(D2, List.of("u1"), Map.of("u1", new int[] {1, 0}));
        assertEquals(new UserHistory(3, 1), r2.historyOf("u1"));

        CsvPartition part = new CsvPartition(UserRegistry.COLUMNS);
        r2.writeTo(part);
        try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(part.finish()))) {
            UserRegistry read = UserRegistry.read(in);
            assertEquals(new UserHistory(3, 1), read.historyOf("u1"));
            assertEquals(D1, read.get("u2").firstSeen());
        }
    }

    @Test
    void readsPartitionsWrittenBeforeTheCountsWithZeroCounts() {
        String v1 = "actor_id,first_seen,last_seen,active_days\nu1,2026-11-20,2026-11-25,3\n";
        UserRegistry r = UserRegistry.read(new ByteArrayInputStream(v1.getBytes(StandardCharsets.UTF_8)));
        assertEquals(3, r.get("u1").activeDays());
        assertEquals(UserHistory.FIRST_VISIT, r.historyOf("u1"));
    }

    @Test
    void actorsLongUnseenLeaveAndTheRegistryIsBounded() {
        LocalDate day = LocalDate.parse("2026-11-28");
        UserRegistry r = UserRegistry.empty()
                .plus(day.minusDays(401), List.of("gone"), Map.of())
                .plus(day.minusDays(399), List.of("kept"), Map.of())
                .plus(day, List.of("new"), Map.of());
        assertEquals(2, r.size());
        assertEquals(null, r.get("gone"), "unseen for more than 400 days: one who comes back counts as new");
        java.util.Map<String, UserRegistry.User> many = new java.util.HashMap<>();
        for (int i = 0; i < 5; i++) {
            many.put("u" + i, new UserRegistry.User("u" + i, day.minusDays(i), day.minusDays(i), 1, 0, 0));
        }
        assertEquals(java.util.Set.of("u0", "u1"), UserRegistry.bounded(many, day, 400, 2).keySet(),
                "the most recently seen stay");
    }
}
