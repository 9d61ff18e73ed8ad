package dev.propel.functions.datasets;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.propel.core.csv.CsvWriter;
import dev.propel.core.event.BehaviourEvent;
import dev.propel.core.event.EventTypes;
import dev.propel.core.features.FeatureRow;
import dev.propel.core.features.FeatureSchema;
import dev.propel.core.features.ItemFeatures;
import dev.propel.core.features.ItemStats;
import dev.propel.core.features.ItemStatsTable;
import dev.propel.core.features.LatestItemStats;
import dev.propel.core.features.SessionFeatures;
import dev.propel.core.features.UserHistory;
import dev.propel.s3.embedded.EmbeddedS3;
import dev.propel.s3.embedded.EmbeddedS3Extension;
import java.io.ByteArrayInputStream;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(EmbeddedS3Extension.class)
class DatasetBuilderTest {
    private static final LocalDate D1 = LocalDate.parse("2026-11-26");
    private static final LocalDate D2 = LocalDate.parse("2026-11-27");
    private static final AtomicInteger BUCKETS = new AtomicInteger();

    private static int seq;

    private static BehaviourEvent ev(String at, String type, String user, String session, String item, Double price) {
        return new BehaviourEvent("ev-" + (seq++), type, user, null, session, item, Instant.parse(at), price, null,
                Map.of(), null);
    }

    private static BehaviourEvent ev(String at, String type, String user, String session, String item, Double price,
            Map<String, String> properties) {
        return new BehaviourEvent("ev-" + (seq++), type, user, null, session, item, Instant.parse(at), price, null,
                properties, null);
    }

    /** Session A (u1): 10:50 -> 12:04 on D1, no session_id, spans three hour partitions, buys b. */
    static final List<BehaviourEvent> A = List.of(
            ev("2026-11-26T10:50:00Z", EventTypes.VIEW, "u1", null, "a", 5.0,
                    Map.of("device", "mobile", "source", "email")),
            ev("2026-11-26T11:10:00Z", EventTypes.VIEW, "u1", null, "b", 20.0),
            ev("2026-11-26T11:35:00Z", EventTypes.ADD_TO_CART, "u1", null, "b", 20.0),
            ev("2026-11-26T12:04:00Z", EventTypes.PURCHASE, "u1", null, "b", 20.0));
    /** Session B (u2, session_id s-9): browses a and c on D1, no purchase. */
    static final List<BehaviourEvent> B = List.of(
            ev("2026-11-26T13:00:00Z", EventTypes.VIEW, "u2", "s-9", "a", 5.0),
            ev("2026-11-26T13:05:00Z", EventTypes.VIEW, "u2", "s-9", "c", 8.0));
    /** Session M (u3): starts 23:50 on D1, goes on past midnight, buys a on D2: it belongs to D2, whole. */
    static final List<BehaviourEvent> M = List.of(
            ev("2026-11-26T23:50:00Z", EventTypes.VIEW, "u3", null, "c", 8.0),
            ev("2026-11-27T00:10:00Z", EventTypes.VIEW, "u3", null, "a", 5.0),
            ev("2026-11-27T00:15:00Z", EventTypes.ADD_TO_CART, "u3", null, "a", 5.0),
            ev("2026-11-27T00:20:00Z", EventTypes.PURCHASE, "u3", null, "a", 5.0));
    /** Session R: u1 returns on D2 and browses b and a new item d. */
    static final List<BehaviourEvent> R = List.of(
            ev("2026-11-27T09:00:00Z", EventTypes.VIEW, "u1", null, "b", 20.0),
            ev("2026-11-27T09:02:00Z", EventTypes.VIEW, "u1", null, "d", 3.0));

    private static CleanBucket fixture(EmbeddedS3 s3) {
        String bucket = "datasets-" + BUCKETS.incrementAndGet();
        s3.createBucket(bucket);
        CleanBucket b = new CleanBucket(s3.client(), bucket);
        b.putClean("1764150000000-req1", concat(A, B));
        b.putClean("1764190000000-req2", concat(M, R));
        // a client retry: A's first view stored again in another object
        b.putClean("1764150999999-req3", List.of(A.get(0)));
        return b;
    }

    static List<BehaviourEvent> concat(List<BehaviourEvent> x, List<BehaviourEvent> y) {
        List<BehaviourEvent> l = new ArrayList<>(x);
        l.addAll(y);
        return l;
    }

    private static DatasetBuilder builder(CleanBucket b) {
        return new DatasetBuilder(b.s3, b.bucket, BuildSettings.defaults());
    }

    private static Map<String, List<Map<String, String>>> bySession(List<Map<String, String>> rows) {
        return rows.stream().collect(Collectors.groupingBy(r -> r.get("session_key"),
                java.util.LinkedHashMap::new, Collectors.toList()));
    }

    @Test
    void buildsConversionRowsPerPrefixWithSessionsAcrossHoursAndMidnight(EmbeddedS3 s3) {
        CleanBucket b = fixture(s3);
        List<DayReport> reports = builder(b).build(List.of(D2, D1));
        DayReport r1 = reports.get(0);
        assertEquals(D1, r1.day());
        assertEquals(1, r1.duplicates());
        assertEquals(2, r1.sessions(), "A and B end on D1; M goes on past midnight and belongs to D2");
        assertEquals(7, r1.dayEvents());

        List<Map<String, String>> conv1 = b.csv("datasets/conversion/dt=2026-11-26/part-00000.csv.gz");
        assertEquals(List.of(3, 2), bySession(conv1).values().stream().map(List::size).toList(),
                "A: one row per prefix before its purchase (3); B: one per event (2)");
        assertEquals(List.of("1", "1", "1", "0", "0"), conv1.stream().map(r -> r.get("label")).toList());
        assertEquals(List.of("1", "2", "3"), conv1.subList(0, 3).stream().map(r -> r.get("session_events")).toList());
        assertEquals("2700", conv1.get(2).get("session_duration_s"), "A's longest prefix: 10:50 -> 11:35");

        List<Map<String, String>> conv2 = b.csv("datasets/conversion/dt=2026-11-27/part-00000.csv.gz");
        Map<String, List<Map<String, String>>> s2 = bySession(conv2);
        assertEquals(List.of(3, 2), s2.values().stream().map(List::size).toList());
        Map<String, String> mFirst = conv2.get(0);
        assertEquals("2026-11-26T23:50:00.000000001Z", mFirst.get("cut_at"), "M is whole: its D1 start is read");
        assertEquals("1", mFirst.get("session_events"));
        assertEquals("1500", conv2.get(2).get("session_duration_s"), "M's longest prefix: 23:50 -> 00:15");
    }

    @Test
    void eventsReceivedDaysLaterCountOnlyWhenLateDaysAreRead(EmbeddedS3 s3) {
        String bucket = "datasets-late-" + BUCKETS.incrementAndGet();
        s3.createBucket(bucket);
        CleanBucket b = new CleanBucket(s3.client(), bucket);
        // session A of D1 uploaded two days later (an offline client, an import of an old log)
        Instant received = Instant.parse("2026-11-28T15:00:00Z");
        b.putClean("1764342000000-late", A.stream().map(e -> e.withReceivedAt(received)).toList());
        assertEquals(0, builder(b).build(D1).sessions(), "the regular look-ahead does not reach the upload");
        DayReport late = builder(b).build(List.of(D1), 2).get(0);
        assertEquals(1, late.sessions());
        assertEquals(3, b.csv("datasets/conversion/dt=2026-11-26/part-00000.csv.gz").size());
    }

    @Test
    void datasetRowsEqualWhatServingComputesWithTheSharedFeatureCode(EmbeddedS3 s3) {
        CleanBucket b = fixture(s3);
        builder(b).build(List.of(D1, D2));
        // conversion: every row of A equals SessionFeatures at its cut
        for (Map<String, String> row : b.csv("datasets/conversion/dt=2026-11-26/part-00000.csv.gz").subList(0, 3)) {
            FeatureRow expected = SessionFeatures.compute(A, Instant.parse(row.get("cut_at")),
                    UserHistory.FIRST_VISIT);
            assertRowMatches(expected, row);
        }
        // item: M's rows on D2 equal ItemFeatures with the D1 stats partition (earlier window only)
        ItemStatsTable d1Stats;
        try (var in = new GZIPInputStream(new ByteArrayInputStream(
                b.get("stats/items/dt=2026-11-26/part-00000.csv.gz")))) {
            d1Stats = ItemStatsTable.read(in);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        List<Map<String, String>> items2 = b.csv("datasets/item/dt=2026-11-27/part-00000.csv.gz");
        List<Map<String, String>> mRows = items2.stream()
                .filter(r -> r.get("cut_at").equals("2026-11-27T00:20:00Z")).toList();
        assertEquals(List.of("a", "c", "b"), mRows.stream().map(r -> r.get("item_id")).toList(),
                "session items most recent first, then popular items of earlier windows");
        assertEquals(List.of("session", "session", "popular"),
                mRows.stream().map(r -> r.get("candidate_source")).toList());
        assertEquals(List.of("1", "0", "0"), mRows.stream().map(r -> r.get("label")).toList());
        for (Map<String, String> row : mRows) {
            FeatureRow expected = ItemFeatures.computeAll(M, List.of(row.get("item_id")),
                    Instant.parse(row.get("cut_at")), UserHistory.FIRST_VISIT, d1Stats).get(0);
            assertRowMatches(expected, row);
        }
    }

    @Test
    void userHistoryCountsTheActorsEarlierSessionsOnly(EmbeddedS3 s3) {
        CleanBucket b = fixture(s3);
        // u1 comes back on D1 at 15:00 (after A, which bought) and once more on D1 at 18:00
        b.putClean("1764169200000-req4", List.of(
                ev("2026-11-26T15:00:00Z", EventTypes.VIEW, "u1", null, "c", 8.0),
                ev("2026-11-26T18:00:00Z", EventTypes.VIEW, "u1", null, "a", 5.0)));
        builder(b).build(List.of(D1, D2));
        Map<String, String> history1 = historyByHour(b.csv("datasets/conversion/dt=2026-11-26/part-00000.csv.gz"));
        assertEquals("0/0", history1.get("10"), "A is u1's first session: later sessions are not counted");
        assertEquals("0/0", history1.get("13"), "B: u2's first session");
        assertEquals("1/1", history1.get("15"), "after A, which bought");
        assertEquals("2/1", history1.get("18"), "after A and the 15:00 session, same day");
        Map<String, String> history2 = historyByHour(b.csv("datasets/conversion/dt=2026-11-27/part-00000.csv.gz"));
        assertEquals("3/1", history2.get("9"), "R on D2: u1's three D1 sessions, from the D1 registry");
        assertEquals("0/0", history2.get("23"), "M (u3) started on D1: its own purchase is not its history");
        List<Map<String, String>> users = b.csv("stats/users/dt=2026-11-27/part-00000.csv.gz");
        Map<String, String> u3 = users.stream().filter(u -> u.get("actor_id").equals("u3")).findFirst().orElseThrow();
        assertEquals("1", u3.get("sessions"));
        assertEquals("1", u3.get("buying_sessions"));
        // the item rows carry the same history
        Map<String, String> itemHistory2 = historyByHour(b.csv("datasets/item/dt=2026-11-27/part-00000.csv.gz"));
        assertEquals("3/1", itemHistory2.get("9"));
    }

    /** {@code user_prior_sessions/user_prior_orders} per session start hour, checked to be one value per hour. */
    private static Map<String, String> historyByHour(List<Map<String, String>> rows) {
        Map<String, String> m = new java.util.HashMap<>();
        for (Map<String, String> r : rows) {
            String h = r.get("user_prior_sessions") + "/" + r.get("user_prior_orders");
            String prev = m.put(r.get("session_hour_of_day"), h);
            assertTrue(prev == null || prev.equals(h), "one history per session");
        }
        return m;
    }

    @Test
    void itemStatsFeaturesComeFromEarlierWindowsOnly(EmbeddedS3 s3) {
        CleanBucket b = fixture(s3);
        builder(b).build(List.of(D1, D2));
        List<Map<String, String>> items1 = b.csv("datasets/item/dt=2026-11-26/part-00000.csv.gz");
        assertTrue(items1.stream().allMatch(r -> r.get("item_known").equals("0")),
                "no stats partition exists before D1, so D1's rows know no item");
        assertEquals(List.of("b:1", "a:0", "c:0", "a:0"),
                items1.stream().map(r -> r.get("item_id") + ":" + r.get("label")).toList());

        Map<String, Map<String, String>> m = b.csv("datasets/item/dt=2026-11-27/part-00000.csv.gz").stream()
                .filter(r -> r.get("cut_at").equals("2026-11-27T00:20:00Z"))
                .collect(Collectors.toMap(r -> r.get("item_id"), r -> r));
        // a is bought on D2, yet its D2 row must carry D1's counts: 2 views, 0 purchases
        assertEquals(CsvWriter.formatNumber((float) Math.log1p(2)), m.get("a").get("item_log_views"));
        assertEquals("0", m.get("a").get("item_log_purchases"));
        assertEquals("0", m.get("a").get("item_conversion_rate"));

        List<Map<String, String>> stats2 = b.csv("stats/items/dt=2026-11-27/part-00000.csv.gz");
        assertEquals(List.of("item_id", "views", "carts", "purchases", "conversion_rate", "last_seen", "price"),
                List.copyOf(stats2.get(0).keySet()));
        Map<String, Map<String, String>> s = stats2.stream().collect(Collectors.toMap(r -> r.get("item_id"), r -> r));
        assertEquals("3", s.get("a").get("views"), "cumulative: 2 on D1 + 1 on D2");
        assertEquals("1", s.get("a").get("purchases"));
        assertEquals("0.3333", s.get("a").get("conversion_rate").substring(0, 6));
        assertEquals("2026-11-27T00:20:00Z", s.get("a").get("last_seen"));
        JsonNode latest = b.json("stats/items/latest.json");
        assertEquals("stats/items/dt=2026-11-27/part-00000.csv.gz", latest.get("key").asText());
        assertEquals(4, latest.get("rows").asInt());

        LatestItemStats served = LatestItemStats.load(b.s3, b.bucket).orElseThrow();
        assertEquals(D2, served.dt());
        assertEquals(List.of("a", "b", "c", "d"), served.table().rows().stream().map(ItemStats::itemId).toList(),
                "popularity: a and b have 1 purchase and 1 cart each, a more views; then c, d by views");
        assertEquals(3, served.table().get("a").views());

        builder(b).build(D1); // rebuilding an older day must not turn serving's pointer back
        assertEquals("2026-11-27", b.json("stats/items/latest.json").get("dt").asText());
    }

    @Test
    void servingFindsNoItemStatsBeforeTheFirstBuild(EmbeddedS3 s3) {
        s3.createBucket("empty-stats");
        assertTrue(LatestItemStats.load(s3.client(), "empty-stats").isEmpty());
    }

    @Test
    void manifestsFollowTheDatasetContract(EmbeddedS3 s3) {
        CleanBucket b = fixture(s3);
        builder(b).build(D1);
        JsonNode conv = b.json("datasets/conversion/dt=2026-11-26/_manifest.json");
        assertEquals("conversion", conv.get("task").asText());
        assertEquals("2026-11-26", conv.get("dt").asText());
        assertEquals(5, conv.get("rows").asInt());
        assertEquals(FeatureSchema.VERSION, conv.get("feature_schema_version").asInt());
        assertEquals("label", conv.get("label").asText());
        assertTrue(conv.get("group").isNull());
        assertEquals("[\"part-00000.csv.gz\"]", conv.get("files").toString());
        List<String> header = b.header("datasets/conversion/dt=2026-11-26/part-00000.csv.gz");
        List<String> declared = new ArrayList<>();
        conv.get("id_columns").forEach(n -> declared.add(n.asText()));
        conv.get("numeric").forEach(n -> declared.add(n.asText()));
        conv.get("categorical").forEach(n -> declared.add(n.asText()));
        declared.add("label");
        assertEquals(header, declared, "the header is ids, numeric, categorical, label");

        JsonNode item = b.json("datasets/item/dt=2026-11-26/_manifest.json");
        assertEquals("item", item.get("task").asText());
        assertEquals("session_key", item.get("group").asText());
        assertEquals(4, item.get("rows").asInt());
        assertEquals(FeatureSchema.numericNames(FeatureSchema.ITEM).size(), item.get("numeric").size());
        assertEquals(FeatureSchema.VERSION, b.json("stats/daily/dt=2026-11-26/_manifest.json")
                .get("feature_schema_version").asInt());
    }

    @Test
    void dailyFunnelNewVersusReturningAndRetention(EmbeddedS3 s3) {
        CleanBucket b = fixture(s3);
        builder(b).build(List.of(D1, D2));
        Map<String, String> d1 = b.csv("stats/daily/dt=2026-11-26/part-00000.csv.gz").get(0);
        assertEquals("2", d1.get("sessions"));
        assertEquals("1", d1.get("converting_sessions"));
        assertEquals("3", d1.get("users"));
        assertEquals("3", d1.get("new_users"));
        assertEquals("3", d1.get("viewers"));
        assertEquals("1", d1.get("carters"));
        assertEquals("1", d1.get("buyers"));
        assertEquals("20", d1.get("revenue"));
        assertEquals("0.5", d1.get("session_conversion_rate"));
        assertEquals("0.3333", d1.get("view_to_cart_rate"));
        assertEquals("1", d1.get("cart_to_purchase_rate"));
        assertEquals("0.3333", d1.get("user_conversion_rate"));
        Map<String, String> d2 = b.csv("stats/daily/dt=2026-11-27/part-00000.csv.gz").get(0);
        assertEquals("2", d2.get("users"));
        assertEquals("0", d2.get("new_users"));
        assertEquals("2", d2.get("returning_users"));
        List<Map<String, String>> ret = b.csv("stats/retention/dt=2026-11-27/part-00000.csv.gz");
        assertEquals(1, ret.size(), "only the D1 cohort exists; nobody is new on D2");
        assertEquals("2026-11-26", ret.get(0).get("cohort_dt"));
        assertEquals("1", ret.get(0).get("day_n"));
        assertEquals("3", ret.get(0).get("cohort_size"));
        assertEquals("2", ret.get(0).get("retained_users"));
        assertEquals("0.6667", ret.get(0).get("retention_rate"));
    }

    @Test
    void rebuildingAWindowRewritesTheSameBytes(EmbeddedS3 s3) {
        CleanBucket b = fixture(s3);
        builder(b).build(List.of(D1, D2));
        Map<String, byte[]> first = b.snapshot("datasets/");
        first.putAll(b.snapshot("stats/"));
        builder(b).build(List.of(D1, D2));
        Map<String, byte[]> second = b.snapshot("datasets/");
        second.putAll(b.snapshot("stats/"));
        // the chain lock names the run that last held it: the one object that differs by design
        assertTrue(first.remove(ChainLock.KEY) != null && second.remove(ChainLock.KEY) != null);
        assertEquals(first.keySet(), second.keySet());
        first.forEach((k, v) -> assertArrayEquals(v, second.get(k), k));
        assertEquals(List.of("stats/_chain/dt=2026-11-26.json", "stats/_chain/dt=2026-11-27.json"),
                first.keySet().stream().filter(k -> k.startsWith("stats/_chain/")).toList(), "one record a day");
        assertTrue(first.size() >= 7 * 2 * 2 + 1 + 2,
                "7 tables x (part + manifest) x 2 days + stats/items/latest.json + the 2 days' chain records");
    }

    @Test
    void eventsAfterThePurchaseNeverChangeConversionRows(EmbeddedS3 s3) {
        CleanBucket b = fixture(s3);
        builder(b).build(D1);
        List<Map<String, String>> before = b.csv("datasets/conversion/dt=2026-11-26/part-00000.csv.gz");
        // the rest of session A arrives later: more browsing, a second cart and purchase within 30 minutes
        b.putClean("1764160000000-late", List.of(
                ev("2026-11-26T12:10:00Z", EventTypes.VIEW, "u1", null, "e", 50.0,
                        Map.of("device", "desktop", "source", "ads")),
                ev("2026-11-26T12:12:00Z", EventTypes.ADD_TO_CART, "u1", null, "e", 50.0),
                ev("2026-11-26T12:15:00Z", EventTypes.PURCHASE, "u1", null, "e", 50.0)));
        builder(b).build(D1);
        assertEquals(before, b.csv("datasets/conversion/dt=2026-11-26/part-00000.csv.gz"));
        assertEquals("mobile", before.get(0).get("session_device"), "the session's first event says mobile");
        List<Map<String, String>> items = b.csv("datasets/item/dt=2026-11-26/part-00000.csv.gz");
        assertEquals(List.of("b:1", "a:0", "c:0", "a:0"),
                items.stream().map(r -> r.get("item_id") + ":" + r.get("label")).toList(),
                "e is not a candidate: it was first touched after the cut");
    }

    private static void assertRowMatches(FeatureRow expected, Map<String, String> row) {
        for (int i = 0; i < expected.numericNames().size(); i++) {
            String name = expected.numericNames().get(i);
            float x = expected.numericAt(i);
            assertEquals(Float.isNaN(x) ? "" : CsvWriter.formatNumber(x), row.get(name), name);
        }
        for (int i = 0; i < expected.categoricalNames().size(); i++) {
            String name = expected.categoricalNames().get(i);
            String v = expected.categoricalAt(i);
            assertEquals(v == null ? "" : v, row.get(name), name);
        }
    }
}
