package dev.propel.functions.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.propel.functions.jobinput.JobInput;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Which days a report covers for each input the function accepts. */
class ReportRangeTest {
    private static final Instant NOW = Instant.parse("2026-03-01T02:00:00Z");

    @Test
    void scheduledEventReportsTheFourWeeksEndingTheDayBeforeItsTime() {
        ReportRange r = ReportRange.parse(Map.of("detail-type", "Scheduled Event", "time", "2024-03-01T02:00:00Z"),
                NOW);
        assertEquals(LocalDate.of(2024, 2, 29), r.to());
        assertEquals(LocalDate.of(2024, 2, 2), r.from());
        assertEquals(28, r.length());
    }

    @Test
    void emptyInputUsesTheClock() {
        assertEquals(LocalDate.of(2026, 2, 28), ReportRange.parse(Map.of(), NOW).to());
        assertEquals(LocalDate.of(2026, 2, 28), ReportRange.parse(null, NOW).to());
    }

    @Test
    void explicitDatesAndRanges() {
        assertEquals(new ReportRange(LocalDate.of(2026, 11, 1), LocalDate.of(2026, 11, 28)),
                ReportRange.parse(Map.of("date", "2026-11-28"), NOW));
        assertEquals(new ReportRange(LocalDate.of(2026, 11, 5), LocalDate.of(2026, 11, 5)),
                ReportRange.parse(Map.of("from", "2026-11-05", "to", "2026-11-05"), NOW));
        assertEquals(LocalDate.of(2026, 11, 1), ReportRange.parse(Map.of("to", "2026-11-28"), NOW).from());
    }

    @Test
    void badInputNamesTheField() {
        assertEquals("date", assertThrows(JobInput.Invalid.class,
                () -> ReportRange.parse(Map.of("date", "yesterday"), NOW)).field());
        assertEquals("to", assertThrows(JobInput.Invalid.class,
                () -> ReportRange.parse(Map.of("from", "2026-11-05"), NOW)).field());
        assertEquals("to", assertThrows(JobInput.Invalid.class,
                () -> ReportRange.parse(Map.of("from", "2026-11-05", "to", "2026-11-04"), NOW)).field());
        assertEquals("to", assertThrows(JobInput.Invalid.class,
                () -> ReportRange.parse(Map.of("from", "2026-01-01", "to", "2026-12-31"), NOW)).field());
        assertEquals("time", assertThrows(JobInput.Invalid.class,
                () -> ReportRange.parse(Map.of("time", "soon"), NOW)).field());
    }
}
