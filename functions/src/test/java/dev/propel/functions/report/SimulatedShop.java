package dev.propel.functions.report;

import dev.propel.core.event.BehaviourEvent;
import dev.propel.core.event.EventTypes;
import dev.propel.datagen.simulator.DirtRates;
import dev.propel.datagen.simulator.EventDelivery;
import dev.propel.datagen.simulator.ShopSimulator;
import dev.propel.datagen.simulator.SimulationConfig;
import dev.propel.datagen.simulator.SimulationResult;
import dev.propel.functions.datasets.BuildSettings;
import dev.propel.functions.datasets.DatasetBuilder;
import dev.propel.modelbuilder.Provenance;
import dev.propel.modelbuilder.TrainingResult;
import dev.propel.modelbuilder.dataset.BucketTraining;
import dev.propel.modelbuilder.publish.ModelPublisher;
import dev.propel.modelbuilder.train.TrainingConfig;
import dev.propel.testkit.CleanObjects;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * A small simulated shop taken through the real datasets stage and the real model-builder into a bucket, as
 * a growth report finds it in production: {@code clean/} objects (the simulator's events plus a decision event
 * for each session, as the decide function logs them), the datasets stage's {@code stats/} partitions of every
 * day, and several published versions of the conversion model trained on growing windows.
 */
final class SimulatedShop {
    static final LocalDate START = LocalDate.of(2026, 11, 2);
    static final int DAYS = 6;
    private static final int UPLOAD_HOURS = 4;
    private static final String[] ACTIONS = {"offer_discount", "show_recommendations", "none"};

    /** The range of the simulated days. */
    static ReportRange range() {
        return new ReportRange(START, START.plusDays(DAYS - 1L));
    }

    /** What was built; {@code modelReportHtml} is the model-builder's own report.html of the last version. */
    record Built(ReportRange range, int events, int decisions, int modelVersions, byte[] modelReportHtml) {
    }

    static Built build(S3Client s3, String bucket) {
        SimulationResult sim = new ShopSimulator(SimulationConfig.defaults().withUsers(400).withDays(DAYS)
                .withStart(START).withSeed(20261129L).withItems(300).withCategories(6).withDirt(DirtRates.none()))
                .runInMemory();
        Map<String, BehaviourEvent> events = new LinkedHashMap<>();
        for (var d : sim.deliveries()) {
            if (d instanceof EventDelivery e) {
                events.putIfAbsent(e.event().eventId(), e.event().withReceivedAt(upload(e.deliveredAtMillis())));
            }
        }
        List<BehaviourEvent> all = new ArrayList<>(events.values());
        List<BehaviourEvent> decisions = decisions(all);
        all.addAll(decisions);
        CleanObjects.put(s3, bucket, "sim", all);
        List<LocalDate> days = range().days();
        new DatasetBuilder(s3, bucket, BuildSettings.defaults()).build(days);
        // three versions trained on growing windows, published a day apart, as a daily training job would
        TrainingConfig config = TrainingConfig.defaults().withHidden(16).withMaxEpochs(8).withSeed(3);
        TrainingResult last = null;
        int versions = 0;
        for (int n = DAYS - 2; n <= DAYS; n++) {
            try {
                last = new BucketTraining(s3, bucket).train(BucketTraining.Request.of("conversion", START,
                        START.plusDays(n - 1L), config)).result();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            String version = Provenance.versionAt(START.plusDays(n).atTime(3, 0).toInstant(ZoneOffset.UTC));
            new ModelPublisher(s3, bucket).publish("conversion", version, last.onnx(), last.reportJson(),
                    last.reportHtml(), last.provenance().featureSchemaVersion());
            versions++;
        }
        return new Built(range(), events.size(), decisions.size(), versions, last.reportHtml());
    }

    /**
     * When the shop's client uploads an event: it sends what it has every {@link #UPLOAD_HOURS} hours, so the
     * bucket holds a few clean objects per day rather than one per hour (fewer PUTs keep the test fast), and
     * every event still arrives after it happened, within the datasets stage's one-hour look-ahead of its day.
     */
    private static Instant upload(long deliveredAtMillis) {
        long period = UPLOAD_HOURS * 3_600_000L;
        return Instant.ofEpochMilli(Math.floorDiv(deliveredAtMillis + period - 1, period) * period);
    }

    /**
     * One decision per session with at least two events, made just after its second event, as a site calling
     * {@code /decide} there would log it: action and band drawn from the session id (the simulator knows nothing
     * of actions, so every arm converts alike — which is what the report's intervals should show).
     */
    private static List<BehaviourEvent> decisions(List<BehaviourEvent> events) {
        Map<String, List<BehaviourEvent>> bySession = new TreeMap<>();
        for (BehaviourEvent e : events) {
            if (e.sessionId() != null) {
                bySession.computeIfAbsent(e.sessionId(), k -> new ArrayList<>()).add(e);
            }
        }
        List<BehaviourEvent> out = new ArrayList<>();
        for (Map.Entry<String, List<BehaviourEvent>> s : bySession.entrySet()) {
            List<BehaviourEvent> list = s.getValue();
            if (list.size() < 2) {
                continue;
            }
            list.sort((a, b) -> a.timestamp().compareTo(b.timestamp()));
            BehaviourEvent second = list.get(1);
            int h = Math.floorMod(s.getKey().hashCode(), 1000);
            String band = list.size() >= 8 ? "high" : list.size() >= 4 ? "medium" : "low";
            String propensity = band.equals("high") ? "0.3" : band.equals("medium") ? "0.08" : "0.02";
            Instant at = second.timestamp().plusSeconds(1);
            out.add(new BehaviourEvent("decision-" + s.getKey(), EventTypes.DECISION, second.userId(),
                    second.anonymousId(), s.getKey(), null, at, null, null, Map.of("decision_id",
                            "decision-" + s.getKey(), "action", ACTIONS[h % ACTIONS.length], "band", band,
                            "explored", Boolean.toString(h % 10 == 0), "propensity", propensity),
                    upload(at.toEpochMilli())));
        }
        return out;
    }
}
