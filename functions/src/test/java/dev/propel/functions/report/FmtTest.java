package dev.propel.functions.report;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Numbers and days as the page writes them: never NaN, round axes, compact day lists. */
class FmtTest {
    @Test
    void undefinedIsADash() {
        assertEquals("–", Fmt.pct(Double.NaN));
        assertEquals("–", Fmt.pct(3, 0));
        assertEquals("–", Fmt.money(Double.POSITIVE_INFINITY));
        assertEquals("–", Fmt.decimal(Double.NaN, 3));
        assertEquals("0.0", Fmt.xy(Double.NaN));
        assertEquals("12.5%", Fmt.pct(1, 8));
    }

    @Test
    void compactNumbers() {
        assertEquals("950", Fmt.compact(950));
        assertEquals("12.3k", Fmt.compact(12_345));
        assertEquals("4.5M", Fmt.compact(4_500_000));
        assertEquals("29.8", Fmt.compact(29.76));
        assertEquals("1,234", Fmt.compact(1234));
    }

    @Test
    void axesEndOnRoundTicks() {
        assertEquals(4, Fmt.axisTop(4, true));
        assertEquals(8, Fmt.axisTop(5, true));
        assertEquals(4, Fmt.axisTop(0, true));
        assertEquals(4, Fmt.axisTop(0.3, true), "counts tick by whole numbers");
        assertEquals(0.4, Fmt.axisTop(0.3, false), 1e-12);
        assertEquals(1000, Fmt.axisTop(950, false));
        assertEquals(1, Fmt.niceCeiling(0));
        assertEquals(0.5, Fmt.niceCeiling(0.33), 1e-12);
    }

    @Test
    void consecutiveDaysCollapse() {
        LocalDate d = LocalDate.of(2024, 2, 28);
        assertEquals("2024-02-28 to 2024-03-01, 2024-03-03", Fmt.days(List.of(d, d.plusDays(1), d.plusDays(2),
                d.plusDays(4))));
        assertEquals("", Fmt.days(List.of()));
    }
}
