package dev.propel.functions.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The Wilson interval against published values (Newcombe 1998, Table I) and at its edges. */
class IntervalTest {
    @Test
    void matchesPublishedValues() {
        Interval a = Interval.wilson(81, 263).orElseThrow();
        assertEquals(0.2553, a.low(), 5e-4);
        assertEquals(0.3662, a.high(), 5e-4);
        Interval b = Interval.wilson(15, 148).orElseThrow();
        assertEquals(0.0624, b.low(), 5e-4);
        assertEquals(0.1605, b.high(), 5e-4);
    }

    @Test
    void staysWithinZeroAndOneAtTheEdges() {
        Interval none = Interval.wilson(0, 10).orElseThrow();
        assertEquals(0, none.low(), 1e-12);
        assertEquals(0.2775, none.high(), 5e-4);
        Interval all = Interval.wilson(10, 10).orElseThrow();
        assertEquals(1, all.high(), 1e-12);
        assertTrue(all.low() > 0.7 && all.low() < 0.73, String.valueOf(all));
    }

    @Test
    void noTrialsNoInterval() {
        assertTrue(Interval.wilson(0, 0).isEmpty());
        assertTrue(Interval.wilson(3, 2).isEmpty());
    }
}
