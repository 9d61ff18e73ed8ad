package dev.propel.functions.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;

/**
 * The page on hand-made data, above all the bad cases: nothing at all, a single day, days without events or
 * purchases, missing partitions. Every page must be self-contained, free of NaN, and its SVG well-formed XML.
 */
class GrowthReportPageTest {
    private static final Instant AT = Instant.parse("2026-11-29T02:00:00Z");
    private static final LocalDate D1 = LocalDate.of(2026, 11, 1);

    static DailyStats day(LocalDate d, long sessions, long buyers, long purchases, double revenue) {
        return new DailyStats(d, sessions * 5, sessions, buyers, sessions, sessions / 2, sessions - sessions / 2,
                sessions, sessions / 3, buyers, purchases, revenue, sessions == 0 ? Double.NaN : 0.33,
                sessions / 3 == 0 ? Double.NaN : 0.2);
    }

    static DailyStats emptyDay(LocalDate d) {
        return new DailyStats(d, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, Double.NaN, Double.NaN);
    }

    private static GrowthData data(ReportRange r, List<DailyStats> days, List<RetentionCell> retention,
            ItemTrends items, List<ModelVersion> models, List<DecisionOutcome> decisions) {
        List<LocalDate> missing = new ArrayList<>(r.days());
        days.forEach(d -> missing.remove(d.day()));
        return new GrowthData(r, AT, days, missing, retention, items, Optional.empty(), models, decisions,
                List.of());
    }

    @Test
    void nothingAtAllSaysSoInWords() {
        ReportRange r = ReportRange.ending(LocalDate.of(2026, 11, 28));
        String html = GrowthReportPage.render(data(r, List.of(), List.of(), ItemTrends.none(7), List.of(),
                List.of()));
        assertClean(html);
        assertTrue(html.contains("There are no stats for any day of this range"), html);
        assertTrue(html.contains("No item stats up to 2026-11-28"), html);
        assertTrue(html.contains("No model has been published yet"), html);
        assertTrue(html.contains("No decisions were logged in this range"), html);
        assertTrue(html.contains("No retention stats in this range"), html);
        assertFalse(html.contains("<svg"), "no empty chart is drawn");
    }

    @Test
    void aSingleDayWithoutPurchases() {
        ReportRange r = new ReportRange(D1, D1);
        String html = GrowthReportPage.render(data(r, List.of(day(D1, 40, 0, 0, 0)), List.of(),
                new ItemTrends(List.of(new ItemActivity("sku-1", 12, 2, 0)), List.of(), 1, D1, false),
                List.of(), List.of()));
        assertClean(html);
        assertTrue(html.contains("No purchases in this range, so there are no orders or revenue to chart."), html);
        assertTrue(html.contains("No purchases on 2026-11-01"), html);
        assertTrue(html.contains("A single day has no later day to measure retention on"), html);
        assertTrue(html.contains("No item was bought in this range"), html);
        assertTrue(html.contains("no earlier period to compare with"), html);
        assertTrue(html.contains("(1 day, UTC)"), html);
        assertTrue(html.contains("id=\"chart-funnel\"") && html.contains("id=\"chart-rates\""), html);
    }

    @Test
    void emptyAndMissingDaysAreNamedAndNeverNaN() {
        ReportRange r = new ReportRange(D1, D1.plusDays(6));
        List<DailyStats> days = List.of(day(D1, 100, 8, 9, 431.5), emptyDay(D1.plusDays(1)),
                day(D1.plusDays(2), 60, 0, 0, 0), day(D1.plusDays(5), 80, 6, 6, 120));
        List<RetentionCell> retention = List.of(new RetentionCell(D1, 0, 50, 50), new RetentionCell(D1, 1, 50, 0),
                new RetentionCell(D1, 2, 50, 7), new RetentionCell(D1.plusDays(2), 0, 30, 30),
                new RetentionCell(D1.plusDays(5), 0, 0, 0));
        List<ModelVersion> models = List.of(
                new ModelVersion("conversion", "20261101T080000Z", AT, 0.71, 0.3, 0.5, 500, "a..b", false),
                new ModelVersion("conversion", "20261108T080000Z", AT, Double.NaN, Double.NaN, Double.NaN, 0, "",
                        true));
        List<DecisionOutcome> decisions = List.of(new DecisionOutcome("offer_discount", "low", 40, 3, 4, 0.02),
                new DecisionOutcome("none", "high", 0, 0, 0, Double.NaN));
        String html = GrowthReportPage.render(data(r, days, retention, ItemTrends.none(3), models, decisions));
        assertClean(html);
        assertTrue(html.contains("No stats for 2026-11-04 to 2026-11-05, 2026-11-07"), html);
        assertTrue(html.contains("No events at all on 2026-11-02."), html);
        assertTrue(html.contains("No purchases on 2026-11-03"), html);
        assertTrue(html.contains("no stats for this day"), html);
        for (String chart : List.of("chart-funnel", "chart-rates", "chart-orders", "chart-revenue", "chart-visitors",
                "chart-retention", "chart-model-conversion", "chart-decisions")) {
            assertTrue(html.contains("id=\"" + chart + "\""), chart);
        }
        assertTrue(html.contains("7.5% [2.6%–19.9%] of 40"), html);
    }

    /** Self-contained, no NaN or infinity, every SVG well-formed XML. */
    static void assertClean(String html) {
        for (String bad : List.of("NaN", "Infinity", "<script", "<link", "src=", "@import", "url(http")) {
            assertFalse(html.contains(bad), "page contains " + bad);
        }
        assertEquals(html.split("http", -1).length - 1, html.split("http://www.w3.org/2000/svg", -1).length - 1,
                "the only URL is the SVG namespace");
        Matcher m = Pattern.compile("<svg.*?</svg>", Pattern.DOTALL).matcher(html);
        while (m.find()) {
            try {
                DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(
                        new ByteArrayInputStream(m.group().getBytes(StandardCharsets.UTF_8)));
            } catch (Exception e) {
                throw new AssertionError("SVG is not well-formed: " + e.getMessage() + "\n" + m.group(), e);
            }
        }
    }
}
