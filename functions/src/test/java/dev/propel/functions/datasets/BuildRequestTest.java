package dev.propel.functions.datasets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.propel.functions.jobinput.JobInput;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BuildRequestTest {
    private static final Instant NOW = Instant.parse("2026-11-28T13:20:00Z");

    @Test
    void manualDayAndRange() {
        assertEquals(List.of(LocalDate.parse("2026-11-01")), BuildRequest.parse(Map.of("date", "2026-11-01"), NOW).days());
        assertEquals(List.of(LocalDate.parse("2026-10-31"), LocalDate.parse("2026-11-01"), LocalDate.parse("2026-11-02")),
                BuildRequest.parse(Map.of("from", "2026-10-31", "to", "2026-11-02"), NOW).days());
    }

    @Test
    void scheduledRunBuildsTheDayOfTheLastClosedHourAndFinishesYesterdayAfterItsLookAheadHour() {
        assertEquals(List.of(LocalDate.parse("2026-11-28")), BuildRequest.parse(Map.of(), NOW).days());
        // 00:00 run: hour 23 of the 27th just closed; the 28th has no closed hour yet
        assertEquals(List.of(LocalDate.parse("2026-11-27")),
                BuildRequest.parse(Map.of("time", "2026-11-28T00:00:00Z"), NOW).days());
        // 01:00 run: hour 00 of the 28th closed, the 27th's look-ahead is complete: both days
        assertEquals(List.of(LocalDate.parse("2026-11-27"), LocalDate.parse("2026-11-28")),
                BuildRequest.parse(Map.of("detail-type", "Scheduled Event", "time", "2026-11-28T01:00:07Z"), NOW)
                        .days());
        assertEquals(List.of(LocalDate.parse("2026-11-28")),
                BuildRequest.parse(Map.of("time", "2026-11-28T02:00:00Z"), NOW).days());
    }

    @Test
    void badInputNamesTheField() {
        assertEquals("date", assertThrows(JobInput.Invalid.class,
                () -> BuildRequest.parse(Map.of("date", "28/11/2026"), NOW)).field());
        assertEquals("to", assertThrows(JobInput.Invalid.class,
                () -> BuildRequest.parse(Map.of("from", "2026-11-02"), NOW)).field());
        assertEquals("to", assertThrows(JobInput.Invalid.class,
                () -> BuildRequest.parse(Map.of("from", "2026-11-02", "to", "2026-11-01"), NOW)).field());
        assertEquals("to", assertThrows(JobInput.Invalid.class,
                () -> BuildRequest.parse(Map.of("from", "2026-01-01", "to", "2026-12-31"), NOW)).field());
        assertEquals("time", assertThrows(JobInput.Invalid.class,
                () -> BuildRequest.parse(Map.of("time", "yesterday"), NOW)).field());
        assertEquals("late_days", assertThrows(JobInput.Invalid.class,
                () -> BuildRequest.parse(Map.of("date", "2026-11-01", "late_days", "soon"), NOW)).field());
        assertEquals("late_days", assertThrows(JobInput.Invalid.class,
                () -> BuildRequest.parse(Map.of("date", "2026-11-01", "late_days", 63), NOW)).field());
    }

    @Test
    void lateDaysWidenWhatIsRead() {
        assertEquals(0, BuildRequest.parse(Map.of("date", "2026-11-01"), NOW).lateDays());
        assertEquals(3, BuildRequest.parse(Map.of("from", "2026-11-01", "to", "2026-11-02", "late_days", 3), NOW)
                .lateDays());
    }
}
