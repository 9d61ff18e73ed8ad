package dev.propel.local.schedule;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class ScheduleExpressionTest {
    private static final Instant T = Instant.parse("2026-11-28T13:07:30Z"); // a Saturday

    @Test
    void rates() {
        assertEquals(Instant.parse("2026-11-28T14:07:30Z"), ScheduleExpression.parse("rate(1 hour)").next(T));
        assertEquals(Instant.parse("2026-11-28T13:12:30Z"), ScheduleExpression.parse("rate(5 minutes)").next(T));
        assertEquals(Instant.parse("2026-11-30T13:07:30Z"), ScheduleExpression.parse("rate(2 days)").next(T));
    }

    @Test
    void crons() {
        assertEquals(Instant.parse("2026-11-28T13:10:00Z"), ScheduleExpression.parse("cron(10 * * * ? *)").next(T));
        assertEquals(Instant.parse("2026-11-28T13:15:00Z"),
                ScheduleExpression.parse("cron(0/15 * * * ? *)").next(T));
        assertEquals(Instant.parse("2026-11-29T02:00:00Z"), ScheduleExpression.parse("cron(0 2 * * ? *)").next(T));
        assertEquals(Instant.parse("2026-11-30T08:30:00Z"),
                ScheduleExpression.parse("cron(30 8 ? * MON-FRI *)").next(T));
        assertEquals(Instant.parse("2027-01-01T00:00:00Z"), ScheduleExpression.parse("cron(0 0 1 JAN ? *)").next(T));
        assertEquals(Instant.parse("2026-12-01T00:00:00Z"), ScheduleExpression.parse("cron(0 0 1 * ? 2026)").next(T));
    }

    @Test
    void badExpressionsNameTheProblem() {
        assertThrows(IllegalArgumentException.class, () -> ScheduleExpression.parse("every hour"));
        assertThrows(IllegalArgumentException.class, () -> ScheduleExpression.parse("cron(0 2 * *)"));
        assertThrows(IllegalArgumentException.class, () -> ScheduleExpression.parse("cron(0 2 L * ? *)"));
        assertThrows(IllegalArgumentException.class, () -> ScheduleExpression.parse("cron(61 2 * * ? *)"));
    }
}
