package dev.propel.datagen.truth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.propel.core.evaluation.RocAuc;
import dev.propel.core.event.BehaviourEvent;
import dev.propel.core.event.EventJson;
import dev.propel.core.event.EventTypes;
import dev.propel.datagen.output.DeliveryWriter;
import dev.propel.datagen.output.LineFiles;
import dev.propel.datagen.simulator.Delivery;
import dev.propel.datagen.simulator.ShopSimulator;
import dev.propel.datagen.simulator.SimulationConfig;
import dev.propel.datagen.simulator.SimulationSink;
import dev.propel.datagen.simulator.SimulationSummary;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Reads the events and the sidecar back from files the way a pipeline would (validate, dedupe, sessionise by
 * session_id or 30 minutes of inactivity, label), joins them and proves that the sidecar's probabilities are true
 * probabilities: calibrated against the outcomes, and their AUC is what {@link OracleAuc} reports.
 */
class OracleTruthTest {
    @TempDir
    static Path dir;
    static SimulationSummary summary;
    static TruthFile.Contents truth;
    static Map<String, List<BehaviourEvent>> sessions;

    @BeforeAll
    static void generate() throws IOException {
        Path events = dir.resolve("events.jsonl.gz");
        Path sidecar = dir.resolve("events.truth.jsonl.gz");
        SimulationConfig config = SimulationConfig.defaults().withUsers(12_000).withDays(14).withSeed(7);
        try (DeliveryWriter out = DeliveryWriter.open(events); TruthFile truthOut = TruthFile.create(sidecar)) {
            summary = new ShopSimulator(config).run(new SimulationSink() {
                @Override
                public void delivery(Delivery delivery) {
                    out.write(delivery);
                }

                @Override
                public void conversionTruth(ConversionTruth t) {
                    truthOut.write(t);
                }

                @Override
                public void itemTruth(ItemTruth t) {
                    truthOut.write(t);
                }
            });
        }
        truth = TruthFile.read(sidecar);
        sessions = sessionise(readValidDistinct(events));
        System.out.println("truth test run: " + summary);
    }

    @Test
    void sidecarHasOneConversionRowPerTrueEventAndJoinsWithTheEvents() {
        assertEquals(summary.events(), truth.conversion().size());
        assertEquals(summary.itemTruthRows(), truth.items().size());
        assertEquals(summary.sessions(), sessions.size(), "30-minute cutting rebuilds the sessions sent without id");
        Set<String> truthIds = new HashSet<>();
        truth.conversion().forEach(t -> truthIds.add(t.eventId()));
        long events = sessions.values().stream().mapToLong(List::size).sum();
        assertEquals(summary.events(), events);
        sessions.values().forEach(s -> s.forEach(e -> assertTrue(truthIds.contains(e.eventId()))));
    }

    @Test
    void conversionProbabilitiesAreCalibratedAndGiveTheOracleAuc() {
        Map<String, ConversionTruth> byEvent = new HashMap<>();
        truth.conversion().forEach(t -> byEvent.put(t.eventId(), t));
        List<Double> scores = new ArrayList<>();
        List<Boolean> labels = new ArrayList<>();
        List<Double> prefixScores = new ArrayList<>();
        List<Boolean> prefixLabels = new ArrayList<>();
        List<Double> firstScores = new ArrayList<>();
        List<Boolean> firstLabels = new ArrayList<>();
        List<Double> fourthScores = new ArrayList<>();
        List<Boolean> fourthLabels = new ArrayList<>();
        for (List<BehaviourEvent> session : sessions.values()) {
            boolean converts = session.stream().anyMatch(e -> e.type().equals(EventTypes.PURCHASE));
            BehaviourEvent cut = null;
            for (BehaviourEvent e : session) {
                if (e.type().equals(EventTypes.PURCHASE)) {
                    break;
                }
                cut = e;
                ConversionTruth prefix = byEvent.get(e.eventId());
                prefixScores.add(prefix.probability());
                prefixLabels.add(converts);
                if (prefix.position() == 0) {
                    firstScores.add(prefix.probability());
                    firstLabels.add(converts);
                } else if (prefix.position() == 3) {
                    fourthScores.add(prefix.probability());
                    fourthLabels.add(converts);
                }
            }
            ConversionTruth t = byEvent.get(cut.eventId());
            assertEquals(converts, t.converted(), "the sidecar's label is the one the events give");
            scores.add(t.probabilityAsCut());
            labels.add(converts);
        }
        double auc = RocAuc.of(toDoubles(scores), toBooleans(labels));
        assertEquals(OracleAuc.conversionBeforePurchase(truth.conversion()), auc, 1e-12);
        assertEquals(OracleAuc.conversionAllPrefixes(truth.conversion()),
                RocAuc.of(toDoubles(prefixScores), toBooleans(prefixLabels)), 1e-12);
        System.out.printf("oracle ROC AUC, conversion (cut before first purchase): %.4f over %d sessions%n", auc,
                scores.size());
        System.out.printf("oracle ROC AUC, conversion (every pre-purchase prefix): %.4f over %d prefixes%n",
                OracleAuc.conversionAllPrefixes(truth.conversion()), prefixScores.size());
        assertTrue(auc > 0.7 && auc < 0.99, "informative but not perfect: " + auc);
        assertCalibrated(scores, labels, "conversion, whole pre-purchase session");
        // The online probability is calibrated at any cut chosen without looking ahead, e.g. a fixed position.
        assertCalibrated(firstScores, firstLabels, "conversion, after the first event");
        assertCalibrated(fourthScores, fourthLabels, "conversion, after the fourth event");
    }

    @Test
    void itemProbabilitiesAreCalibratedAndGiveTheOracleAuc() {
        Map<String, ItemTruth> byPair = new HashMap<>();
        Map<String, String> sessionOfCut = new HashMap<>();
        truth.items().forEach(t -> byPair.put(t.cutEventId() + "|" + t.itemId(), t));
        List<Double> scores = new ArrayList<>();
        List<Boolean> labels = new ArrayList<>();
        int converting = 0;
        for (List<BehaviourEvent> session : sessions.values()) {
            Set<String> candidates = new java.util.LinkedHashSet<>();
            Set<String> bought = new HashSet<>();
            BehaviourEvent cut = null;
            boolean checkedOut = false;
            for (BehaviourEvent e : session) {
                if (e.type().equals(EventTypes.PURCHASE)) {
                    checkedOut = true;
                    bought.add(e.itemId());
                } else if (!checkedOut) {
                    cut = e;
                    if (e.type().equals(EventTypes.VIEW) || e.type().equals(EventTypes.CLICK)
                            || e.type().equals(EventTypes.ADD_TO_CART)) {
                        candidates.add(e.itemId());
                    }
                }
            }
            if (!checkedOut) {
                continue;
            }
            converting++;
            for (String item : candidates) {
                ItemTruth t = byPair.get(cut.eventId() + "|" + item);
                assertEquals(bought.contains(item), t.purchased());
                scores.add(t.probability());
                labels.add(t.purchased());
            }
            sessionOfCut.put(cut.eventId(), cut.sessionId());
        }
        assertEquals(truth.items().size(), scores.size(), "the candidates are exactly the sidecar's item rows");
        assertEquals(summary.convertingSessions(), converting);
        double auc = RocAuc.of(toDoubles(scores), toBooleans(labels));
        assertEquals(OracleAuc.item(truth.items()), auc, 1e-12);
        System.out.printf("oracle ROC AUC, item (candidates of converting sessions): %.4f over %d rows%n", auc,
                scores.size());
        assertTrue(auc > 0.7 && auc < 0.999, "informative but not perfect: " + auc);
        List<ItemTruth> inCart = truth.items().stream().filter(t -> t.probability() > 0).toList();
        System.out.printf("oracle ROC AUC, item (cart items at checkout only): %.4f over %d rows%n",
                OracleAuc.item(inCart), inCart.size());
        assertCalibrated(scores, labels, "item");
    }

    /** In every probability band, the observed count of positives is within 4 standard deviations of Σp. */
    private static void assertCalibrated(List<Double> scores, List<Boolean> labels, String task) {
        double[] edges = {0, 0.02, 0.05, 0.1, 0.2, 0.4, 0.7, 1.0000001};
        for (int b = 0; b + 1 < edges.length; b++) {
            double expected = 0;
            double variance = 0;
            int observed = 0;
            int n = 0;
            for (int i = 0; i < scores.size(); i++) {
                double p = scores.get(i);
                if (p >= edges[b] && p < edges[b + 1]) {
                    n++;
                    expected += p;
                    variance += p * (1 - p);
                    observed += labels.get(i) ? 1 : 0;
                }
            }
            System.out.printf("%s calibration [%.2f, %.2f): n=%d expected=%.1f observed=%d%n", task, edges[b],
                    Math.min(1, edges[b + 1]), n, expected, observed);
            assertTrue(Math.abs(observed - expected) <= 4 * Math.sqrt(variance) + 1,
                    task + " band " + edges[b] + ": expected " + expected + ", observed " + observed);
        }
    }

    /** The file's events that pass the ingest rules, first delivery of each event_id only. */
    static List<BehaviourEvent> readValidDistinct(Path file) throws IOException {
        Map<String, BehaviourEvent> byId = new LinkedHashMap<>();
        try (BufferedReader in = LineFiles.newReader(file)) {
            String line;
            while ((line = in.readLine()) != null) {
                BehaviourEvent e;
                try {
                    e = EventJson.parse(line);
                } catch (RuntimeException invalid) {
                    continue;
                }
                if (e.actorId() == null || (EventTypes.ITEM_EVENTS.contains(e.type()) && e.itemId() == null)) {
                    continue;
                }
                byId.putIfAbsent(e.eventId(), e);
            }
        }
        return new ArrayList<>(byId.values());
    }

    /** Sessions by session_id, else by 30 minutes of inactivity per actor; events in timestamp order. */
    static Map<String, List<BehaviourEvent>> sessionise(List<BehaviourEvent> events) {
        Map<String, List<BehaviourEvent>> sessions = new LinkedHashMap<>();
        Map<String, List<BehaviourEvent>> withoutId = new LinkedHashMap<>();
        for (BehaviourEvent e : events) {
            if (e.sessionId() != null) {
                sessions.computeIfAbsent(e.sessionId(), k -> new ArrayList<>()).add(e);
            } else {
                withoutId.computeIfAbsent(e.actorId(), k -> new ArrayList<>()).add(e);
            }
        }
        for (Map.Entry<String, List<BehaviourEvent>> actor : withoutId.entrySet()) {
            List<BehaviourEvent> list = actor.getValue();
            list.sort(Comparator.comparing(BehaviourEvent::timestamp));
            List<BehaviourEvent> current = null;
            BehaviourEvent previous = null;
            for (BehaviourEvent e : list) {
                if (previous == null
                        || Duration.between(previous.timestamp(), e.timestamp()).compareTo(Duration.ofMinutes(30)) > 0) {
                    current = new ArrayList<>();
                    sessions.put(actor.getKey() + "@" + e.timestamp(), current);
                }
                current.add(e);
                previous = e;
            }
        }
        sessions.values().forEach(s -> s.sort(Comparator.comparing(BehaviourEvent::timestamp)));
        return sessions;
    }

    private static double[] toDoubles(List<Double> list) {
        return list.stream().mapToDouble(Double::doubleValue).toArray();
    }

    private static boolean[] toBooleans(List<Boolean> list) {
        boolean[] out = new boolean[list.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = list.get(i);
        }
        return out;
    }
}
