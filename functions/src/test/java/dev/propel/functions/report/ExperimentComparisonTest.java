package dev.propel.functions.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.propel.functions.policy.ActionCosts;
import dev.propel.functions.policy.LoggedDecision;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The growth report's comparison of experiment variants on a small hand-made decisions table. */
class ExperimentComparisonTest {
    private static final Instant AT = Instant.parse("2026-11-07T10:00:00Z");

    /** {@code sessions} decided sessions of a variant, the first {@code converted} buying 50.0 after the action. */
    private static void variant(List<LoggedDecision> rows, String experiment, String variant, String action,
            int sessions, int converted) {
        for (int i = 0; i < sessions; i++) {
            boolean bought = i < converted;
            rows.add(new LoggedDecision(variant + "-d" + i, AT.plusSeconds(i), variant + "-s" + i, "low", "mobile",
                    0.1, action, 1.0, false, "default", bought, bought ? 50 : 0, true, experiment, variant));
        }
    }

    private static ExperimentComparison only(List<LoggedDecision> rows) {
        List<ExperimentComparison> all = ExperimentComparison.of(rows, Map.of(), ActionCosts.DEFAULT, 7);
        assertEquals(1, all.size());
        return all.get(0);
    }

    @Test
    void aClearDifferenceIsReportedWithHandComputedIntervals() {
        List<LoggedDecision> rows = new ArrayList<>();
        variant(rows, "discount", "control", "none", 200, 20);
        variant(rows, "discount", "generous", "offer_discount", 200, 40);
        // not counted: a second decision in a decided session, an outcome not final yet, a decision outside
        rows.add(new LoggedDecision("again", AT.plusSeconds(3600), "control-s150", "low", "mobile", 0.1, "none",
                1.0, false, "default", true, 50, true, "discount", "control"));
        rows.add(new LoggedDecision("open", AT, "control-s999", "low", "mobile", 0.1, "none", 1.0, false,
                "default", true, 50, false, "discount", "control"));
        rows.add(new LoggedDecision("outside", AT, "x-s1", "low", "mobile", 0.1, "none", 1.0, false, "default",
                true, 50, true));

        ExperimentComparison c = only(rows);
        assertEquals("discount", c.experimentId());
        ExperimentComparison.Variant control = c.variants().get(0);
        ExperimentComparison.Variant generous = c.variants().get(1);
        assertEquals("control", control.name());
        assertEquals(200, control.sessions());
        assertEquals(20, control.converted());
        // Wilson 95 % for 20/200 and 40/200, computed by hand (z = 1.96)
        assertEquals(0.06567, control.conversion().orElseThrow().low(), 1e-4);
        assertEquals(0.14941, control.conversion().orElseThrow().high(), 1e-4);
        assertEquals(0.15045, generous.conversion().orElseThrow().low(), 1e-4);
        assertEquals(0.26086, generous.conversion().orElseThrow().high(), 1e-4);
        // Newcombe's hybrid score interval of 0.20 - 0.10
        ExperimentComparison.Difference d = generous.conversionDiff().orElseThrow();
        assertEquals(0.10, d.value(), 1e-12);
        assertEquals(0.03003, d.low(), 1e-4);
        assertEquals(0.16987, d.high(), 1e-4);
        // net revenue per session: control 20 × 50 / 200; generous keeps 85 % after the discount: 40 × 42.5 / 200
        assertEquals(5.0, control.netRevenue(), 1e-12);
        assertEquals(8.5, generous.netRevenue(), 1e-12);
        ExperimentComparison.Difference r = generous.revenueDiff().orElseThrow();
        assertEquals(3.5, r.value(), 1e-12);
        assertTrue(r.low() < 3.5 && 3.5 < r.high(), r.toString());
        assertTrue(control.netRevenueLow() < 5.0 && 5.0 < control.netRevenueHigh());
        assertEquals("reference", control.verdict());
        assertTrue(generous.verdict().startsWith("converts more than control (+10.0 points)"), generous.verdict());
        assertTrue(control.conversionDiff().isEmpty());
    }

    @Test
    void tooFewSessionsAreSaidInWords() {
        List<LoggedDecision> rows = new ArrayList<>();
        variant(rows, "e", "control", "none", 30, 3);
        variant(rows, "e", "b", "none", 30, 12);
        ExperimentComparison.Variant b = only(rows).variants().get(1);
        assertEquals("too few decided sessions to compare (30 here, 30 in control; at least 100 each are needed)",
                b.verdict());
    }

    @Test
    void anIntervalThatIncludesZeroIsNoClearDifference() {
        List<LoggedDecision> rows = new ArrayList<>();
        variant(rows, "e", "control", "none", 200, 20);
        variant(rows, "e", "b", "none", 200, 22);
        ExperimentComparison.Variant b = only(rows).variants().get(1);
        assertFalse(b.conversionDiff().orElseThrow().clear());
        assertTrue(b.verdict().startsWith("no clear difference yet"), b.verdict());
    }

    @Test
    void theConfiguredFirstVariantIsTheReference() {
        List<LoggedDecision> rows = new ArrayList<>();
        variant(rows, "e", "control", "none", 10, 1);
        variant(rows, "e", "a-new", "none", 10, 1);
        assertEquals(List.of("control", "a-new"), names(ExperimentComparison.of(rows, Map.of(),
                ActionCosts.DEFAULT, 1).get(0)));
        assertEquals(List.of("a-new", "control"), names(ExperimentComparison.of(rows,
                Map.of("e", List.of("a-new", "control")), ActionCosts.DEFAULT, 1).get(0)));
    }

    @Test
    void thePageShowsEachVariantAndItsVerdict() {
        List<LoggedDecision> rows = new ArrayList<>();
        variant(rows, "discount", "control", "none", 30, 3);
        variant(rows, "discount", "generous", "offer_discount", 30, 6);
        ReportRange range = ReportRange.ending(LocalDate.of(2026, 11, 7));
        GrowthData data = new GrowthData(range, AT, List.of(), range.days(), List.of(), ItemTrends.none(7),
                Optional.empty(), List.of(), List.of(), List.of(), Optional.empty(),
                ExperimentComparison.of(rows, Map.of(), ActionCosts.DEFAULT, 1));
        String html = GrowthReportPage.render(data);
        assertTrue(html.contains("id=\"table-experiment-discount\""), "experiment table");
        assertTrue(html.contains("<td class=\"t\">generous</td>"));
        assertTrue(html.contains("too few decided sessions to compare"));
        GrowthData none = new GrowthData(range, AT, List.of(), range.days(), List.of(), ItemTrends.none(7),
                Optional.empty(), List.of(), List.of(), List.of(), Optional.empty(), List.of());
        assertTrue(GrowthReportPage.render(none).contains("belongs to an experiment"));
    }

    private static List<String> names(ExperimentComparison c) {
        return c.variants().stream().map(ExperimentComparison.Variant::name).toList();
    }
}
