package dev.propel.functions.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.propel.core.event.BehaviourEvent;
import dev.propel.core.event.EventTypes;
import dev.propel.functions.datasets.BuildSettings;
import dev.propel.functions.datasets.DatasetBuilder;
import dev.propel.functions.metrics.EmfLines;
import dev.propel.s3.embedded.EmbeddedS3;
import dev.propel.s3.embedded.EmbeddedS3Extension;
import dev.propel.testkit.CleanObjects;
import dev.propel.testkit.LambdaTestContext;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The handler on the bad cases, with stats written by the real datasets stage: a day with purchases, a day with
 * views only, a day built without any event, a day never built, a damaged partition, a model report without
 * metrics; decisions whose outcomes are known exactly. The report is published and says what is missing.
 */
@ExtendWith(EmbeddedS3Extension.class)
class GrowthReportHandlerTest {
    private static final String BUCKET = "growth-report-handler";
    private static final LocalDate D1 = LocalDate.of(2024, 2, 27);
    private static final LocalDate D2 = D1.plusDays(1);
    private static final LocalDate D3 = D1.plusDays(2); // 2024-02-29: built, no event at all
    private static final LocalDate D4 = D1.plusDays(3); // no daily partition
    private static final LocalDate D5 = D1.plusDays(4); // its daily partition is damaged
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2024-03-03T02:00:00Z"), ZoneOffset.UTC);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static S3Client s3;
    private static int ids;

    @BeforeAll
    static void stats(EmbeddedS3 server) {
        server.createBucket(BUCKET);
        s3 = server.client();
        List<BehaviourEvent> events = new ArrayList<>();
        Instant t = D1.atTime(10, 0).toInstant(ZoneOffset.UTC);
        // day 1: s1 gets a discount and buys 10 minutes later; s2 is told "none" and leaves;
        // u3 (no session ids) gets a discount and buys; u4 bought before its decision (does not count)
        events.add(event(EventTypes.VIEW, "u1", "s1", "sku-1", t, null));
        events.add(decision("u1", "s1", "offer_discount", "low", "0.05", t.plusSeconds(60)));
        events.add(decision("u1", "s1", "offer_discount", "low", "0.07", t.plusSeconds(120)));
        events.add(event(EventTypes.ADD_TO_CART, "u1", "s1", "sku-1", t.plusSeconds(300), 20.0));
        events.add(event(EventTypes.PURCHASE, "u1", "s1", "sku-1", t.plusSeconds(600), 20.0));
        events.add(event(EventTypes.VIEW, "u2", "s2", "sku-2", t, null));
        events.add(decision("u2", "s2", "none", "high", "0.8", t.plusSeconds(30)));
        events.add(event(EventTypes.VIEW, "u3", null, "sku-2", t.plusSeconds(3600), null));
        events.add(decision("u3", "s3", "offer_discount", "low", "0.03", t.plusSeconds(3660)));
        events.add(event(EventTypes.PURCHASE, "u3", null, "sku-2", t.plusSeconds(4000), 35.5));
        events.add(event(EventTypes.VIEW, "u4", "s4", "sku-3", t, null));
        events.add(event(EventTypes.PURCHASE, "u4", "s4", "sku-3", t.plusSeconds(10), 5.0));
        events.add(decision("u4", "s4", "offer_discount", "low", "0.02", t.plusSeconds(20)));
        // day 2: views and a cart, no purchase
        Instant t2 = D2.atTime(9, 0).toInstant(ZoneOffset.UTC);
        events.add(event(EventTypes.VIEW, "u1", "s5", "sku-1", t2, null));
        events.add(event(EventTypes.VIEW, "u5", "s6", "sku-2", t2.plusSeconds(20), null));
        events.add(event(EventTypes.ADD_TO_CART, "u5", "s6", "sku-2", t2.plusSeconds(40), 35.5));
        CleanObjects.put(s3, BUCKET, "handler", events);
        new DatasetBuilder(s3, BUCKET, BuildSettings.defaults()).build(List.of(D1, D2, D3, D5));
        // the day chain builds D4 before D5; its daily partition goes, as if it had never been built
        for (String k : List.of("part-00000.csv.gz", "_manifest.json")) {
            s3.deleteObject(b -> b.bucket(BUCKET).key("stats/daily/dt=" + D4 + "/" + k));
        }
        s3.putObject(b -> b.bucket(BUCKET).key("stats/daily/dt=" + D5 + "/part-00000.csv.gz"),
                RequestBody.fromString("not gzip"));
        s3.putObject(b -> b.bucket(BUCKET).key("models/shoppers/20240301T000000Z/report.json"),
                RequestBody.fromString("{\"task\": \"shoppers\"}"));
    }

    @AfterAll
    static void close() {
        s3.close();
    }

    private static BehaviourEvent event(String type, String user, String session, String item, Instant at,
            Double price) {
        return new BehaviourEvent("e" + ++ids, type, user, null, session, item, at, price,
                price == null ? null : 1, null, at);
    }

    private static BehaviourEvent decision(String user, String session, String action, String band,
            String propensity, Instant at) {
        return new BehaviourEvent("d" + ++ids, EventTypes.DECISION, user, null, session, null, at, null, null,
                Map.of("action", action, "band", band, "explored", "false", "propensity", propensity), at);
    }

    private static Map<String, Object> invoke(Map<String, Object> input) {
        return new GrowthReportHandler(s3, BUCKET, CLOCK).handleRequest(input,
                new LambdaTestContext("r-" + ++ids, "GrowthReportFunction"));
    }

    private static String text(String key) {
        return s3.getObjectAsBytes(b -> b.bucket(BUCKET).key(key)).asString(StandardCharsets.UTF_8);
    }

    @Test
    void badDaysAreNamedInWordsAndTheReportIsPublished() throws Exception {
        EmfLines.Printed<Map<String, Object>> printed = EmfLines.capture(
                () -> invoke(Map.of("from", D1.toString(), "to", D5.toString())));
        Map<String, Object> out = printed.result();
        // the run as CloudWatch metrics of the function: one report, its size, the days without stats
        JsonNode metrics = EmfLines.lineWith(printed.emf(), "ReportsPublished");
        assertEquals("GrowthReportFunction", metrics.get("function").asText());
        assertEquals(1, metrics.get("ReportsPublished").asInt());
        assertEquals(List.of("Bytes", String.valueOf(((Number) out.get("bytes")).doubleValue())),
                EmfLines.metrics(metrics).get("ReportBytes"));
        assertEquals(out.get("days_missing"), metrics.get("ReportDaysMissing").asInt());
        assertEquals("reports/growth/2024-03-02/index.html", out.get("key"), String.valueOf(out));
        assertEquals(3, out.get("days_with_stats"));
        assertEquals(2, out.get("days_missing"));
        String html = text((String) out.get("key"));
        GrowthReportPageTest.assertClean(html);
        assertTrue(html.contains("No stats for 2024-03-01 to 2024-03-02"), html);
        assertTrue(html.contains("No events at all on 2024-02-29."), html);
        assertTrue(html.contains("No purchases on 2024-02-28"), html);
        assertTrue(html.contains("Could not read the daily funnel of 2024-03-02"), html);
        assertTrue(html.contains("The shoppers reports carry no test metrics to chart."), html);
        JsonNode latest = JSON.readTree(text(GrowthReport.LATEST_KEY));
        assertEquals(out.get("key"), latest.get("key").asText());
        assertEquals("2024-03-02", latest.get("to").asText());
    }

    @Test
    void decisionsAreJoinedToTheirOutcomes() {
        GrowthData d = new GrowthReport(s3, BUCKET, CLOCK).read(new ReportRange(D1, D2));
        // s1 counted once though decided twice; u3's purchase matched by visitor; u4's came before
        assertEquals(List.of(new DecisionOutcome("none", "high", 1, 0, 0, 0.8),
                new DecisionOutcome("offer_discount", "low", 3, 2, 0, (0.05 + 0.03 + 0.02) / 3)), d.decisions());
    }

    @Test
    void aSingleDayRangeAndAScheduledRun() {
        Map<String, Object> single = invoke(Map.of("from", D2.toString(), "to", D2.toString()));
        String html = text((String) single.get("key"));
        GrowthReportPageTest.assertClean(html);
        assertTrue(html.contains("A single day has no later day to measure retention on"), html);
        assertTrue(html.contains("No decisions were logged in this range"), html);
        Map<String, Object> scheduled = invoke(Map.of("detail-type", "Scheduled Event", "source", "aws.events",
                "time", "2024-03-03T02:00:00Z"));
        assertEquals("reports/growth/2024-03-02/index.html", scheduled.get("key"), String.valueOf(scheduled));
    }

    @Test
    void anOlderReportDoesNotMoveLatestBack() throws Exception {
        invoke(Map.of("date", D5.toString()));
        Map<String, Object> older = invoke(Map.of("date", D2.toString()));
        assertEquals(null, older.get("latest"));
        assertEquals("2024-03-02", JSON.readTree(text(GrowthReport.LATEST_KEY)).get("to").asText());
        assertTrue(GrowthReport.latestPage(s3, BUCKET).orElseThrow().contains("2024-02-04 to 2024-03-02"));
    }

    @Test
    void badInputNamesTheField() {
        Map<String, Object> out = invoke(Map.of("date", "yesterday"));
        assertEquals("date", out.get("field"));
        assertFalse(String.valueOf(out.get("error")).isBlank());
    }
}
