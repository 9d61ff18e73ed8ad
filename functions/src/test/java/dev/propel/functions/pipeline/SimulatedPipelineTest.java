package dev.propel.functions.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.propel.core.evaluation.RocAuc;
import dev.propel.core.event.BehaviourEvent;
import dev.propel.core.event.EventTypes;
import dev.propel.core.layout.S3Layout;
import dev.propel.datagen.simulator.Delivery;
import dev.propel.datagen.simulator.EventDelivery;
import dev.propel.datagen.simulator.InvalidDelivery;
import dev.propel.datagen.simulator.ShopSimulator;
import dev.propel.datagen.simulator.SimulationConfig;
import dev.propel.datagen.simulator.SimulationResult;
import dev.propel.datagen.truth.ConversionTruth;
import dev.propel.datagen.truth.ItemTruth;
import dev.propel.datagen.truth.OracleAuc;
import dev.propel.s3.embedded.EmbeddedS3;
import dev.propel.s3.embedded.EmbeddedS3Extension;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A seeded simulated shop (default dirt: duplicates, late and out-of-order deliveries, clock skew, missing session
 * ids, invalid events) sent through the real ingest function in receive order, each raw object announced by the
 * embedded S3 to the real preprocess function, then the real datasets function for every day the events touch;
 * what comes out is checked against the simulator's own ground truth, not against the pipeline's code.
 *
 * <p>Expectations follow the documented rules (docs/features.md): a session is the simulator's session (sessions
 * sent without {@code session_id} are recovered by the 30-minute gap, which the simulator guarantees), it belongs to
 * the day of its last event, and building day D sees the {@code clean/} hours received from D − 6 h to D + 25 h.
 * Late deliveries outside that window are modelled from the known receive times, so every count is exact.
 */
@ExtendWith(EmbeddedS3Extension.class)
class SimulatedPipelineTest {
    private static final SimulationConfig CONFIG = SimulationConfig.defaults().withUsers(800).withDays(3)
            .withStart(LocalDate.of(2026, 11, 2)).withSeed(20261128L).withItems(400).withCategories(8);
    private static final int MAX_BATCH = 500;
    private static final Duration LOOK_BACK = Duration.ofHours(6);
    private static final Duration LOOK_AHEAD = Duration.ofHours(1);
    private static final Duration GAP = Duration.ofMinutes(30);
    private static final int MAX_PREFIXES = 32;

    private static SimulationResult sim;
    private static LocalPipeline pipeline;
    /** Each request as sent: its deliveries, receive time and answer. */
    private static final List<Request> requests = new ArrayList<>();
    private static Map<String, BehaviourEvent> events;
    private static Map<String, ConversionTruth> truthByEvent;
    private static List<Map<String, Object>> reports;
    private static LocalDate firstDay;
    private static LocalDate lastDay;
    private static long elapsedMillis;

    private record Request(int number, List<Delivery> deliveries, Instant receivedAt, LocalPipeline.Answer answer) {
    }

    /** One session as day D's build should see it: the visible part of a simulated session. */
    private record ExpectedSession(String sessionId, List<BehaviourEvent> events, boolean complete) {
        Instant end() {
            return events.get(events.size() - 1).timestamp();
        }

        Instant firstPurchase() {
            return events.stream().filter(e -> e.type().equals(EventTypes.PURCHASE)).map(BehaviourEvent::timestamp)
                    .findFirst().orElse(null);
        }

        List<BehaviourEvent> before(Instant cut) {
            return events.stream().filter(e -> e.timestamp().isBefore(cut)).toList();
        }
    }

    @BeforeAll
    static void runThePipeline(EmbeddedS3 s3) {
        long t0 = System.nanoTime();
        sim = new ShopSimulator(CONFIG).runInMemory();
        events = new LinkedHashMap<>();
        sim.distinctEvents().forEach(e -> events.put(e.eventId(), e));
        truthByEvent = new HashMap<>();
        sim.conversionTruth().forEach(t -> truthByEvent.put(t.eventId(), t));

        pipeline = new LocalPipeline(s3, "simulated-shop", "sim");
        // A client sends what it has in receive order, one request per hour at most, up to 500 events each; the
        // server receives the request when its last event was delivered.
        List<Delivery> all = sim.deliveries();
        for (int i = 0; i < all.size(); ) {
            int start = i;
            long hour = all.get(i).deliveredAtMillis() / 3_600_000L;
            while (i < all.size() && i - start < MAX_BATCH && all.get(i).deliveredAtMillis() / 3_600_000L == hour) {
                i++;
            }
            List<Delivery> batch = all.subList(start, i);
            Instant receivedAt = Instant.ofEpochMilli(batch.get(batch.size() - 1).deliveredAtMillis());
            LocalPipeline.Answer answer = pipeline.post(batch.stream().map(Delivery::json).toList(), receivedAt);
            requests.add(new Request(pipeline.requests(), List.copyOf(batch), receivedAt, answer));
        }
        TreeSet<LocalDate> days = new TreeSet<>();
        events.values().forEach(e -> days.add(day(e.timestamp())));
        firstDay = days.first();
        lastDay = days.last();
        reports = pipeline.buildDays(firstDay, lastDay);
        elapsedMillis = (System.nanoTime() - t0) / 1_000_000;
    }

    @AfterAll
    static void close() {
        if (pipeline != null) {
            pipeline.close();
        }
    }

    @Test
    void theSimulationHasTheDirtThisTestIsAbout() {
        var s = sim.summary();
        assertTrue(s.duplicates() > 0 && s.late() > 0 && s.outOfOrder() > 0 && s.invalid() > 0
                && s.sessionsWithoutId() > 0 && s.skewedUsers() > 0, String.valueOf(s));
        assertTrue(s.convertingSessions() >= 20, String.valueOf(s));
        assertEquals(s.events(), events.size());
        assertEquals(events.keySet(), truthByEvent.keySet(), "one truth row per true event");
        assertTrue(crossRequestDuplicates() > 0, "some duplicates arrive in a later request");
        assertTrue(withinRequestDuplicates() > 0, "some duplicates arrive in the same request");
    }

    @Test
    void ingestAcceptsEveryValidEventAndRejectsEachInvalidOneNamingItsField() {
        int invalidSeen = 0;
        for (Request r : requests) {
            LocalPipeline.Answer a = r.answer();
            assertEquals(202, a.status(), a.body());
            Map<Integer, String> expected = new TreeMap<>();
            Set<String> ids = new HashSet<>();
            int valid = 0;
            int duplicates = 0;
            for (int i = 0; i < r.deliveries().size(); i++) {
                Delivery d = r.deliveries().get(i);
                if (d instanceof InvalidDelivery bad) {
                    expected.put(i, bad.field());
                } else {
                    valid++;
                    if (!ids.add(((EventDelivery) d).event().eventId())) {
                        duplicates++;
                    }
                }
            }
            Map<Integer, String> actual = new TreeMap<>();
            for (LocalPipeline.Rejection x : a.rejected()) {
                assertNotNull(x.error());
                String previous = actual.put(x.index(), x.field());
                assertTrue(previous == null, "one problem per invalid event, got two at " + x.index() + ": "
                        + a.body());
            }
            assertEquals(expected, actual, "request " + r.number());
            assertEquals(valid, a.accepted(), "request " + r.number());
            assertEquals(duplicates, a.duplicates(), "request " + r.number());
            invalidSeen += expected.size();
        }
        assertEquals(sim.summary().invalid(), invalidSeen);
        assertEquals(Map.of(202, requests.size()), pipeline.statuses());
    }

    @Test
    void everyValidEventReachesCleanOncePerRequestThatCarriedItAndNothingElseDoes() {
        Map<String, List<BehaviourEvent>> clean = pipeline.cleanObjects();
        assertEquals(requests.size(), clean.size(), "one clean object per request (each had valid events)");
        // each raw object announced at least once; an SDK retry of a PUT whose answer was lost announces it again,
        // and processing it again rewrites the same clean object
        assertEquals(requests.size(), pipeline.notifications().size(), "each raw object announced");
        assertEquals(pipeline.notifications().values().stream().mapToInt(Integer::intValue).sum(),
                pipeline.cleaned());
        assertEquals(0, pipeline.quarantined());
        assertEquals(List.of(), pipeline.contents().keys(S3Layout.QUARANTINE));
        Map<Integer, Request> byNumber = new HashMap<>();
        requests.forEach(r -> byNumber.put(r.number(), r));
        Map<String, Integer> copies = new HashMap<>();
        long lines = 0;
        for (Map.Entry<String, List<BehaviourEvent>> object : clean.entrySet()) {
            Request r = byNumber.get(requestNumber(object.getKey()));
            assertNotNull(r, object.getKey());
            assertEquals(S3Layout.partition(r.receivedAt()), S3Layout.partition(object.getValue().get(0)
                    .receivedAt()), "partitioned by receive time");
            assertTrue(object.getKey().startsWith(S3Layout.CLEAN + S3Layout.partition(r.receivedAt())),
                    object.getKey());
            Map<String, BehaviourEvent> sent = new LinkedHashMap<>();
            for (Delivery d : r.deliveries()) {
                if (d instanceof EventDelivery ed) {
                    sent.putIfAbsent(ed.event().eventId(), ed.event());
                }
            }
            List<String> ids = object.getValue().stream().map(BehaviourEvent::eventId).toList();
            assertEquals(List.copyOf(sent.keySet()), ids, "the request's distinct valid events, in order, once");
            for (BehaviourEvent e : object.getValue()) {
                assertEquals(r.receivedAt(), e.receivedAt());
                assertEquals(sent.get(e.eventId()), e.withReceivedAt(null), "stored as sent");
                copies.merge(e.eventId(), 1, Integer::sum);
                lines++;
            }
        }
        assertEquals(events.keySet(), copies.keySet(), "every valid event, and only those, reached clean/");
        assertEquals(events.size() + crossRequestDuplicates(), lines);
        for (String id : events.keySet()) {
            assertEquals(requestsCarrying(id).size(), copies.get(id), id);
        }
    }

    @Test
    void eachDaysCountsMatchTheSimulationEventsOnce() {
        assertEquals(daysBuilt(), reports.stream().map(r -> LocalDate.parse((String) r.get("dt"))).toList());
        long sessions = 0;
        long converting = 0;
        long incomplete = 0;
        long dayEvents = 0;
        for (Map<String, Object> report : reports) {
            LocalDate d = LocalDate.parse((String) report.get("dt"));
            List<ExpectedSession> expected = expectedSessions(d);
            List<BehaviourEvent> visibleOnDay = visibleEvents(d).stream().filter(e -> day(e.timestamp()).equals(d))
                    .toList();
            long conversionRows = 0;
            int convertingOnDay = 0;
            for (ExpectedSession s : expected) {
                Instant p = s.firstPurchase();
                convertingOnDay += p == null ? 0 : 1;
                conversionRows += Math.min(MAX_PREFIXES, p == null ? s.events().size() : s.before(p).size());
                incomplete += s.complete() ? 0 : 1;
            }
            assertEquals(expected.size(), ((Number) report.get("sessions")).intValue(), d + " sessions");
            assertEquals(visibleOnDay.size(), ((Number) report.get("day_events")).longValue(), d + " events");
            assertEquals(conversionRows, ((Number) report.get("conversion_rows")).longValue(), d + " rows");

            Map<String, String> daily = onlyRow(pipeline.table(S3Layout.statsPrefix("daily") + "dt=" + d
                    + "/part-00000.csv.gz"));
            assertEquals(String.valueOf(expected.size()), daily.get("sessions"), d + " stats/daily sessions");
            assertEquals(String.valueOf(convertingOnDay), daily.get("converting_sessions"), d + " converting");
            assertEquals(String.valueOf(visibleOnDay.size()), daily.get("events"), d + " stats/daily events");
            assertEquals(String.valueOf(visibleOnDay.stream().map(BehaviourEvent::actorId).distinct().count()),
                    daily.get("users"), d + " users");
            assertEquals(String.valueOf(visibleOnDay.stream().filter(e -> e.type().equals(EventTypes.PURCHASE))
                    .count()), daily.get("purchases"), d + " purchases");

            List<Map<String, String>> rows = conversionRows(d);
            assertEquals(conversionRows, rows.size(), d + " datasets/conversion rows");
            assertEquals(expected.stream().filter(s -> !s.before(cutOf(s)).isEmpty()).count(),
                    rows.stream().map(r -> r.get("session_key")).distinct().count(), d + " sessions with rows");
            assertEquals(convertingOnDay, rows.stream().filter(r -> r.get("label").equals("1"))
                    .map(r -> r.get("session_key")).distinct().count(), d + " converting sessions with rows");
            sessions += expected.size();
            converting += convertingOnDay;
            dayEvents += visibleOnDay.size();
        }
        // Over all days every simulated session is counted once, except the few whose late events fell outside
        // a window (then the day before also saw a part of it): they are exactly the incomplete ones.
        assertTrue(incomplete <= sim.summary().sessions() / 100, incomplete + " incomplete sessions");
        assertTrue(sessions >= sim.summary().sessions() && sessions <= sim.summary().sessions() + incomplete,
                sessions + " sessions built vs " + sim.summary().sessions() + " simulated");
        assertTrue(converting >= sim.summary().convertingSessions() - incomplete
                && converting <= sim.summary().convertingSessions() + incomplete, converting + " converting");
        assertTrue(dayEvents <= events.size() && dayEvents >= events.size() - sim.summary().late(),
                dayEvents + " events counted of " + events.size());
        System.out.printf("simulated shop: %d users, %d days, %d deliveries (%d duplicates, %d late, %d out of order, "
                        + "%d invalid, %d sessions without id), %d requests; %d events, %d sessions (%d converting); "
                        + "datasets counted %d events, %d sessions (%d converting, %d seen incomplete); %d ms%n",
                sim.summary().users(), CONFIG.days(), sim.deliveries().size(), sim.summary().duplicates(),
                sim.summary().late(), sim.summary().outOfOrder(), sim.summary().invalid(),
                sim.summary().sessionsWithoutId(), requests.size(), events.size(), sim.summary().sessions(),
                sim.summary().convertingSessions(), dayEvents, sessions, converting, incomplete, elapsedMillis);
    }

    @Test
    void conversionRowsAreTheSimulatedPrefixesWithTrueLabelsAndTheOracleRanksThemWell() {
        List<Double> scores = new ArrayList<>();
        List<Boolean> labels = new ArrayList<>();
        int rows = 0;
        int trueLabelDisagreements = 0;
        for (LocalDate d : daysBuilt()) {
            Map<String, ExpectedSession> bySession = new HashMap<>();
            expectedSessions(d).forEach(s -> bySession.put(s.sessionId() + "@" + s.events().get(0).eventId(), s));
            Map<String, String> keyToSession = sessionKeys(d, bySession);
            for (Map<String, String> row : conversionRows(d)) {
                ExpectedSession s = bySession.get(keyToSession.get(row.get("session_key")));
                Instant cut = Instant.parse(row.get("cut_at"));
                List<BehaviourEvent> seen = s.before(cut);
                BehaviourEvent last = seen.get(seen.size() - 1);
                assertEquals(cut, last.timestamp().plusNanos(1), "cut just after an event");
                ConversionTruth truth = truthByEvent.get(last.eventId());
                assertFalse(truth.hasPurchase(), "rows are prefixes before the first purchase");
                assertEquals(String.valueOf(seen.size()), number(row.get("session_events")),
                        "each event counted once in " + row);
                boolean label = row.get("label").equals("1");
                assertEquals(s.firstPurchase() != null, label, "label of " + row);
                if (s.complete()) {
                    assertEquals(truth.converted(), label, "label against the truth sidecar, " + row);
                } else if (truth.converted() != label) {
                    trueLabelDisagreements++;
                }
                scores.add(truth.probability());
                labels.add(label);
                rows++;
            }
        }
        double oracle = RocAuc.of(scores.stream().mapToDouble(Double::doubleValue).toArray(), toArray(labels));
        double truthOnly = OracleAuc.conversionAllPrefixes(sim.conversionTruth());
        System.out.printf("simulated shop: oracle ROC AUC on %d datasets/conversion rows %.4f (truth sidecar alone, "
                + "every prefix: %.4f); %d rows of late-split sessions disagree with the truth%n", rows, oracle,
                truthOnly, trueLabelDisagreements);
        assertTrue(oracle > 0.7, "oracle AUC on the dataset rows " + oracle);
        assertEquals(truthOnly, oracle, 0.02, "the rows are a fair sample of the prefixes");
        assertTrue(trueLabelDisagreements <= rows / 200, trueLabelDisagreements + " of " + rows);
    }

    @Test
    void itemRowsCoverTheSessionsItemsWithTrueLabels() {
        Map<String, List<ItemTruth>> itemTruth = new HashMap<>();
        sim.itemTruth().forEach(t -> itemTruth.computeIfAbsent(t.sessionId(), k -> new ArrayList<>()).add(t));
        List<Double> scores = new ArrayList<>();
        List<Boolean> labels = new ArrayList<>();
        for (LocalDate d : daysBuilt()) {
            Map<String, ExpectedSession> bySession = new HashMap<>();
            expectedSessions(d).forEach(s -> bySession.put(s.sessionId() + "@" + s.events().get(0).eventId(), s));
            Map<String, String> keyToSession = sessionKeys(d, bySession);
            Map<String, List<Map<String, String>>> rowsByKey = new LinkedHashMap<>();
            for (Map<String, String> row : pipeline.table(S3Layout.datasetPrefix("item", d) + "part-00000.csv.gz")) {
                rowsByKey.computeIfAbsent(row.get("session_key"), k -> new ArrayList<>()).add(row);
            }
            for (ExpectedSession s : bySession.values()) {
                Set<String> touched = new LinkedHashSet<>();
                s.before(cutOf(s)).forEach(e -> {
                    if (e.itemId() != null) {
                        touched.add(e.itemId());
                    }
                });
                String key = keyToSession.entrySet().stream()
                        .filter(k -> k.getValue().equals(s.sessionId() + "@" + s.events().get(0).eventId()))
                        .map(Map.Entry::getKey).findFirst().orElse(null);
                List<Map<String, String>> rows = key == null ? List.of() : rowsByKey.getOrDefault(key, List.of());
                assertEquals(touched.isEmpty(), rows.isEmpty(), "item rows iff items touched before the cut");
                Set<String> sessionCandidates = new LinkedHashSet<>();
                for (Map<String, String> row : rows) {
                    assertEquals(cutOf(s), Instant.parse(row.get("cut_at")));
                    if (row.get("candidate_source").equals("session")) {
                        sessionCandidates.add(row.get("item_id"));
                    } else {
                        assertEquals("popular", row.get("candidate_source"));
                        assertFalse(touched.contains(row.get("item_id")), "a touched item is a session candidate");
                        assertEquals("0", row.get("label"), "only carted items are bought");
                    }
                }
                assertEquals(touched, sessionCandidates, "session candidates are the items touched before the cut");
                if (s.firstPurchase() == null) {
                    assertTrue(rows.stream().allMatch(r -> r.get("label").equals("0")));
                    continue;
                }
                if (!s.complete()) {
                    continue;
                }
                Map<String, ItemTruth> truth = new HashMap<>();
                itemTruth.get(s.sessionId()).forEach(t -> truth.put(t.itemId(), t));
                assertEquals(truth.keySet(), sessionCandidates, "the truth's candidates are the session's items");
                for (Map<String, String> row : rows) {
                    if (row.get("candidate_source").equals("session")) {
                        ItemTruth t = truth.get(row.get("item_id"));
                        assertEquals(t.purchased(), row.get("label").equals("1"), "item label " + row);
                        assertEquals(s.before(cutOf(s)).get(s.before(cutOf(s)).size() - 1).eventId(),
                                t.cutEventId(), "the cut is just before checkout");
                        scores.add(t.probability());
                        labels.add(t.purchased());
                    }
                }
            }
        }
        double oracle = RocAuc.of(scores.stream().mapToDouble(Double::doubleValue).toArray(), toArray(labels));
        System.out.printf("simulated shop: item oracle ROC AUC over %d session candidates of converting sessions "
                + "%.4f%n", scores.size(), oracle);
        assertTrue(oracle > 0.8, "item oracle AUC " + oracle);
    }

    @Test
    void logsCarryNoIdentifiersOrPayloads() {
        List<String> lines = pipeline.logLines();
        assertTrue(lines.size() >= 2 * requests.size(), "a line per request and per object");
        Set<String> secrets = new HashSet<>();
        for (BehaviourEvent e : events.values()) {
            secrets.add(e.anonymousId());
            if (e.userId() != null) {
                secrets.add("\"" + e.userId() + "\"");
            }
        }
        events.keySet().stream().limit(2000).forEach(secrets::add);
        for (String line : lines) {
            assertFalse(line.contains("\"level\":\"ERROR\""), line);
            for (String s : secrets) {
                assertFalse(line.contains(s), "a log line holds an identifier: " + line);
            }
        }
    }

    // ---- the expectation model ----

    private static List<LocalDate> daysBuilt() {
        List<LocalDate> days = new ArrayList<>();
        for (LocalDate d = firstDay; !d.isAfter(lastDay); d = d.plusDays(1)) {
            days.add(d);
        }
        return days;
    }

    /** The distinct events day D's build reads: received in the clean hours from D − 6 h to D + 25 h. */
    private static List<BehaviourEvent> visibleEvents(LocalDate d) {
        Instant from = d.atStartOfDay(ZoneOffset.UTC).toInstant().minus(LOOK_BACK);
        Instant to = d.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant().plus(LOOK_AHEAD);
        Set<String> visible = new HashSet<>();
        for (Request r : requests) {
            Instant hour = r.receivedAt().truncatedTo(ChronoUnit.HOURS);
            if (!hour.isBefore(from) && hour.isBefore(to)) {
                for (Delivery x : r.deliveries()) {
                    if (x instanceof EventDelivery e) {
                        visible.add(e.event().eventId());
                    }
                }
            }
        }
        return events.values().stream().filter(e -> visible.contains(e.eventId())).toList();
    }

    /**
     * The sessions day D should count: the visible part of each simulated session (split at 30-minute gaps when it
     * was sent without {@code session_id}), those whose last visible event falls on D.
     */
    private static List<ExpectedSession> expectedSessions(LocalDate d) {
        Map<String, List<BehaviourEvent>> bySession = new LinkedHashMap<>();
        Map<String, Integer> sizes = new HashMap<>();
        for (ConversionTruth t : sim.conversionTruth()) {
            sizes.merge(t.sessionId(), 1, Integer::sum);
        }
        for (BehaviourEvent e : visibleEvents(d)) {
            bySession.computeIfAbsent(truthByEvent.get(e.eventId()).sessionId(), k -> new ArrayList<>()).add(e);
        }
        List<ExpectedSession> out = new ArrayList<>();
        for (Map.Entry<String, List<BehaviourEvent>> s : bySession.entrySet()) {
            List<BehaviourEvent> list = new ArrayList<>(s.getValue());
            list.sort((a, b) -> a.timestamp().compareTo(b.timestamp()));
            boolean complete = list.size() == sizes.get(s.getKey());
            List<List<BehaviourEvent>> parts = new ArrayList<>();
            int start = 0;
            for (int i = 1; i <= list.size(); i++) {
                boolean cut = i == list.size() || (list.get(i).sessionId() == null
                        && Duration.between(list.get(i - 1).timestamp(), list.get(i).timestamp()).compareTo(GAP) > 0);
                if (cut) {
                    parts.add(list.subList(start, i));
                    start = i;
                }
            }
            for (List<BehaviourEvent> part : parts) {
                ExpectedSession x = new ExpectedSession(s.getKey(), List.copyOf(part), complete && parts.size() == 1);
                if (day(x.end()).equals(d)) {
                    out.add(x);
                }
            }
        }
        return out;
    }

    /** The item task's cut: the first purchase, else just after the last event. */
    private static Instant cutOf(ExpectedSession s) {
        Instant p = s.firstPurchase();
        return p != null ? p : s.end().plusNanos(1);
    }

    /**
     * Which expected session (key {@code sessionId@firstEventId}) each {@code session_key} of day D's conversion
     * rows is: the one whose events sit at every cut of the key. Fails unless the mapping is one to one.
     */
    private static Map<String, String> sessionKeys(LocalDate d, Map<String, ExpectedSession> sessions) {
        Map<Instant, Set<String>> byTime = new HashMap<>();
        sessions.forEach((k, s) -> s.events().forEach(e -> byTime.computeIfAbsent(e.timestamp().plusNanos(1),
                t -> new HashSet<>()).add(k)));
        Map<String, Set<String>> candidates = new LinkedHashMap<>();
        for (Map<String, String> row : conversionRows(d)) {
            Set<String> here = byTime.getOrDefault(Instant.parse(row.get("cut_at")), Set.of());
            candidates.merge(row.get("session_key"), new HashSet<>(here), (a, b) -> {
                a.retainAll(b);
                return a;
            });
        }
        Map<String, String> out = new HashMap<>();
        Set<String> used = new HashSet<>();
        for (Map.Entry<String, Set<String>> c : candidates.entrySet()) {
            assertEquals(1, c.getValue().size(), d + ": session_key " + c.getKey() + " matches " + c.getValue());
            String session = c.getValue().iterator().next();
            assertTrue(used.add(session), d + ": two session keys for " + session);
            out.put(c.getKey(), session);
        }
        return out;
    }

    private static List<Map<String, String>> conversionRows(LocalDate d) {
        return pipeline.table(S3Layout.datasetPrefix("conversion", d) + "part-00000.csv.gz");
    }

    private static long crossRequestDuplicates() {
        long n = 0;
        for (String id : events.keySet()) {
            n += requestsCarrying(id).size() - 1;
        }
        return n;
    }

    private static long withinRequestDuplicates() {
        long n = 0;
        for (Request r : requests) {
            Set<String> ids = new HashSet<>();
            for (Delivery d : r.deliveries()) {
                if (d instanceof EventDelivery e && !ids.add(e.event().eventId())) {
                    n++;
                }
            }
        }
        return n;
    }

    private static Map<String, Set<Integer>> carrying;

    private static Set<Integer> requestsCarrying(String eventId) {
        if (carrying == null) {
            Map<String, Set<Integer>> m = new HashMap<>();
            for (Request r : requests) {
                for (Delivery d : r.deliveries()) {
                    if (d instanceof EventDelivery e) {
                        m.computeIfAbsent(e.event().eventId(), k -> new TreeSet<>()).add(r.number());
                    }
                }
            }
            carrying = m;
        }
        return carrying.get(eventId);
    }

    private static int requestNumber(String key) {
        String name = key.substring(key.lastIndexOf('/') + 1, key.length() - S3Layout.EVENT_OBJECT_SUFFIX.length());
        return Integer.parseInt(name.substring(name.lastIndexOf('-') + 1));
    }

    private static Map<String, String> onlyRow(List<Map<String, String>> rows) {
        assertEquals(1, rows.size());
        return rows.get(0);
    }

    /** A CSV number as an integer string ({@code 3.0} → {@code 3}). */
    private static String number(String cell) {
        return String.valueOf((long) Double.parseDouble(cell));
    }

    private static LocalDate day(Instant t) {
        return t.atOffset(ZoneOffset.UTC).toLocalDate();
    }

    private static boolean[] toArray(List<Boolean> labels) {
        boolean[] out = new boolean[labels.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = labels.get(i);
        }
        return out;
    }
}
