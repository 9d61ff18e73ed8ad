package dev.propel.core.event;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class EventTimestampsTest {
    @Test
    void fastPathAgreesWithTheJdkOnRandomInstantsAndOffsets() {
        Random r = new Random(42);
        for (int i = 0; i < 20_000; i++) {
            long sec = 946_684_800L + (long) (r.nextDouble() * 3_000_000_000L);
            int nanos = switch (i % 4) {
                case 0 -> 0;
                case 1 -> r.nextInt(1000) * 1_000_000;
                case 2 -> r.nextInt(1_000_000) * 1000;
                default -> r.nextInt(1_000_000_000);
            };
            int offsetMinutes = (r.nextInt(28 * 4) - 14 * 4) * 15;
            OffsetDateTime t = Instant.ofEpochSecond(sec, nanos)
                    .atOffset(java.time.ZoneOffset.ofTotalSeconds(offsetMinutes * 60));
            String text = t.toString();
            assertEquals(t.toInstant(), EventTimestamps.parseIso(text), text);
        }
    }

    @Test
    void formatIsExactlyInstantToString() {
        Random r = new Random(7);
        for (int i = 0; i < 50_000; i++) {
            long sec = -62_167_219_200L - 1000 + (long) (r.nextDouble() * 320_000_000_000L);
            int nanos = switch (i % 4) {
                case 0 -> 0;
                case 1 -> r.nextInt(1000) * 1_000_000;
                case 2 -> r.nextInt(1_000_000) * 1000;
                default -> r.nextInt(1_000_000_000);
            };
            Instant t = Instant.ofEpochSecond(sec, nanos);
            assertEquals(t.toString(), EventTimestamps.format(t));
        }
        assertEquals(Instant.EPOCH.toString(), EventTimestamps.format(Instant.EPOCH));
        assertEquals(Instant.MAX.toString(), EventTimestamps.format(Instant.MAX));
        assertEquals(Instant.MIN.toString(), EventTimestamps.format(Instant.MIN));
    }

    @Test
    void acceptsCommonSpellings() {
        Instant expected = Instant.parse("2026-11-28T09:15:00Z");
        for (String s : List.of("2026-11-28T09:15:00Z", "2026-11-28T09:15:00.000Z", "2026-11-28T10:15:00+01:00",
                "2026-11-28T10:15:00+0100", "2026-11-28T04:15:00-05:00", "2026-11-28t09:15:00z",
                "2026-11-28T09:15Z")) {
            assertEquals(expected, EventTimestamps.parseIso(s), s);
        }
    }

    @Test
    void rejectsTimesWithoutOffsetOrInvalidDates() {
        for (String s : List.of("2026-11-28T09:15:00", "2026-11-28", "2026-02-29T00:00:00Z", "2026-11-28T24:00:00Z",
                "2026-11-28 09:15:00Z", "")) {
            assertThrows(DateTimeException.class, () -> EventTimestamps.parseIso(s), s);
        }
    }
}
