package dev.propel.local.demo;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.propel.core.event.BehaviourEvent;
import dev.propel.core.model.ModelManifest;
import dev.propel.core.model.ModelTask;
import dev.propel.core.recall.RecallSettings;
import dev.propel.core.recall.SessionSequence;
import dev.propel.core.sessions.SessionSequencesReader;
import dev.propel.datagen.simulator.Delivery;
import dev.propel.datagen.simulator.EventDelivery;
import dev.propel.datagen.simulator.ShopSimulator;
import dev.propel.datagen.simulator.SimulationConfig;
import dev.propel.datagen.simulator.SimulationResult;
import dev.propel.datagen.truth.ConversionRowOracle;
import dev.propel.datagen.truth.OracleAuc;
import dev.propel.local.eval.NextItemEvaluation;
import dev.propel.local.eval.NextItemFiles;
import dev.propel.local.eval.NextItemReport;
import dev.propel.local.stack.LocalStack;
import dev.propel.modelbuilder.TrainingResult;
import dev.propel.modelbuilder.data.Table;
import dev.propel.modelbuilder.dataset.BucketTraining;
import dev.propel.modelbuilder.eval.ModelMetrics;
import dev.propel.modelbuilder.rerank.RerankFromSessions;
import dev.propel.modelbuilder.rerank.RerankTrainer;
import dev.propel.modelbuilder.train.MlpTrainer;
import dev.propel.modelbuilder.train.TrainingConfig;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The demo's real parts: the shop simulator (datagen) for the traffic and its ground truth, the datasets
 * function backfilling the simulated days, and the model-builder training, evaluating and publishing the
 * {@code conversion} and {@code item} models from the bucket's dataset partitions, then the {@code rerank} model
 * from its sessions dataset.
 */
final class ShopDemoParts {
    /**
     * Budgets that keep the demo within two minutes at the size where the conversion figures are stable (see
     * docs/decisions.md): the item model trains on whole sessions sampled down to this many rows, the reranker
     * (published and measured) labels at most this many of the newest sessions, and the next-item figures are
     * measured on at most this many cases of the last day. Recall itself always learns from every session.
     */
    static final int ITEM_MODEL_ROWS = 60_000;
    static final int RERANK_LABEL_SESSIONS = 2_500;
    static final int NEXT_ITEM_CASES = 6_000;

    private SimulationResult simulation;
    private LocalDate first;
    private LocalDate last;

    static DemoParts create() {
        ShopDemoParts parts = new ShopDemoParts();
        return new DemoParts(parts::traffic, parts::datasetRequest, parts::trainAndPublish, SessionApiExamples::calls);
    }

    /** The simulated days end today, so that the stack receives them as live traffic. */
    private DemoTraffic traffic(DemoSettings settings) {
        last = LocalDate.ofInstant(settings.clock().instant(), ZoneOffset.UTC);
        first = last.minusDays(settings.days() - 1L);
        SimulationConfig config = SimulationConfig.defaults().withDays(settings.days()).withStart(first)
                .withSeed(settings.seed()).withUsers(settings.usersPerDay() * settings.days());
        simulation = new ShopSimulator(config).runInMemory();
        // what was received before the newest day is history, uploaded as a backfill; the newest day goes
        // through POST /events as live traffic
        long liveFrom = last.atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli();
        List<BehaviourEvent> history = new ArrayList<>();
        List<BehaviourEvent> live = new ArrayList<>();
        for (Delivery d : simulation.deliveries()) {
            if (d instanceof EventDelivery e) {
                if (e.deliveredAtMillis() < liveFrom) {
                    history.add(e.event().withReceivedAt(Instant.ofEpochMilli(e.deliveredAtMillis())));
                } else {
                    live.add(e.event());
                }
            }
        }
        var s = simulation.summary();
        return new DemoTraffic(history, live, String.format("%d days from %s, %,d shoppers, %,d sessions"
                + " (%.1f%% convert), seed %d; %,d duplicate and %,d late deliveries", settings.days(), first,
                s.users(), s.sessions(), 100 * s.conversionRate(), settings.seed(), s.duplicates(), s.late()));
    }

    private byte[] datasetRequest(DemoTraffic traffic, Clock clock) {
        ObjectNode range = JsonNodeFactory.instance.objectNode();
        range.put("from", first.toString());
        range.put("to", last.toString());
        // the simulated days were received today (the stack runs on the demo's clock): read up to today's
        // partitions for each of them
        long late = java.time.temporal.ChronoUnit.DAYS.between(first,
                LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC)) + 1;
        range.put("late_days", (int) Math.max(0, Math.min(62, late)));
        return range.toString().getBytes(StandardCharsets.UTF_8);
    }

    private List<PublishedModel> trainAndPublish(LocalStack stack, DemoTraffic traffic, Path workDir)
            throws Exception {
        List<PublishedModel> published = new ArrayList<>();
        try (S3Client s3 = stack.newS3Client()) {
            for (ModelTask task : List.of(ModelTask.CONVERSION, ModelTask.ITEM)) {
                BucketTraining.Request request = BucketTraining.Request.of(task.id(), first, last,
                        TrainingConfig.defaults()).withPublish(true);
                if (task == ModelTask.ITEM) {
                    request = request.withRows(t -> wholeSessionsUpTo(t, ITEM_MODEL_ROWS));
                }
                BucketTraining.Outcome trained = new BucketTraining(s3, stack.bucket()).train(request);
                TrainingResult result = trained.result();
                Table table = trained.trainedOn();
                ModelManifest manifest = trained.manifest().orElseThrow();
                Path dir = workDir.resolve(task.id());
                Files.createDirectories(dir);
                Files.write(dir.resolve("report.html"), result.reportHtml());
                Files.write(dir.resolve("report.json"), result.reportJson());
                double auc = ModelMetrics.of(result.testProbability(), result.test().labels()).rocAuc();
                double oracle = task == ModelTask.CONVERSION
                        ? OracleAuc.conversionAllPrefixes(simulation.conversionTruth())
                        : OracleAuc.item(simulation.itemTruth());
                String quality = task == ModelTask.CONVERSION ? conversionAgainstOracle(result) : null;
                published.add(new PublishedModel(task.id(), manifest.version(), table.rows(), auc, oracle,
                        dir.resolve("report.html") + " (and s3://" + stack.bucket() + "/" + manifest.reportKey()
                                + ")", quality));
            }
            published.add(publishReranker(s3, stack.bucket(), workDir));
        }
        return published;
    }

    /**
     * The reranker, trained from the sessions dataset the datasets function wrote for the days before the last (the
     * function already published the recall artefact it reorders, from every day's sessions), then measured on the
     * last day, which it has never seen, and published: the figures are those of the model that serves.
     */
    private PublishedModel publishReranker(S3Client s3, String bucket, Path workDir) throws IOException {
        LocalDate trainTo = first.isBefore(last) ? last.minusDays(1) : last;
        RerankFromSessions.Outcome out = RerankFromSessions.trainAndPublish(s3, bucket, first, trainTo,
                RerankFromSessions.DEFAULT_MAX_SESSIONS, RERANK_LABEL_SESSIONS, RerankTrainer.defaultConfig(),
                MlpTrainer.Progress.silent());
        TrainingResult result = out.trained().reranker();
        Path dir = workDir.resolve(ModelTask.RERANK.id());
        Files.createDirectories(dir);
        Files.write(dir.resolve("report.html"), result.reportHtml());
        Files.write(dir.resolve("report.json"), result.reportJson());
        double auc = ModelMetrics.of(result.testProbability(), result.test().labels()).rocAuc();
        return new PublishedModel(ModelTask.RERANK.id(), out.manifest().version(), out.trained().rows().table().rows(),
                auc, null, dir.resolve("report.html") + " (and s3://" + bucket + "/" + out.manifest().reportKey()
                        + ")", nextItemOnTheLastDay(s3, bucket, out));
    }

    /**
     * The conversion model against the simulator's exact probabilities on the very same test rows, with a
     * bootstrap interval over sessions: a bare AUC says little without what the best possible model scores there.
     */
    private String conversionAgainstOracle(TrainingResult result) {
        ConversionRowOracle.Comparison c;
        try {
            c = ConversionRowOracle.of(simulation.distinctEvents(), simulation.conversionTruth()).compare(
                    result.test().keys(), result.test().numeric("session_events"), result.test().labels(),
                    result.testProbability(), 500, 7);
        } catch (IllegalArgumentException e) {
            return "no comparison with the oracle on the test rows: " + e.getMessage();
        }
        return String.format(java.util.Locale.ROOT, "on its %,d test rows (%,d sessions, %,d converting): ROC AUC"
                + " %.3f, oracle %.3f, gap %.3f (95%% interval %.3f .. %.3f)", c.rows(), c.sessions(),
                c.positiveSessions(), c.modelAuc(), c.oracleAuc(), c.oracleAuc() - c.modelAuc(), c.gapLow(),
                c.gapHigh());
    }

    /**
     * Recommendations measured as {@code ./propel eval next-item} measures them, on the shop's own sessions from
     * the datasets stage: the published reranker and its recall, both built on the days before the last, rank every
     * prefix of the last day's sessions over the whole catalogue, against recall alone and popularity.
     */
    private String nextItemOnTheLastDay(S3Client s3, String bucket, RerankFromSessions.Outcome published) {
        if (!first.isBefore(last)) {
            return "next-item quality needs two days or more (one to learn from, the last to test on)";
        }
        SessionSequencesReader reader = new SessionSequencesReader(s3, bucket);
        List<NextItemFiles.TestCase> cases = new ArrayList<>();
        List<SessionSequence> lastDay = reader.read(last, last, Integer.MAX_VALUE).sessions();
        long allCases = lastDay.stream().mapToLong(s -> s.length() - 1L).sum();
        // every k-th session of the day, so that the cases stay within budget and spread over the whole day
        long stride = Math.max(1, (allCases + NEXT_ITEM_CASES - 1) / NEXT_ITEM_CASES);
        int n = 0;
        for (SessionSequence s : lastDay) {
            if (n++ % stride != 0) {
                continue;
            }
            for (int p = 1; p < s.length(); p++) {
                cases.add(new NextItemFiles.TestCase("s" + n, s.items().subList(0, p), s.actions().subList(0, p),
                        s.items().get(p)));
            }
        }
        if (cases.isEmpty()) {
            return "next-item quality: too few sessions to measure";
        }
        RerankTrainer.Result trained = published.trained();
        NextItemReport r = new NextItemEvaluation(RecallSettings.defaults(), RerankTrainer.defaultConfig(),
                RERANK_LABEL_SESSIONS, new java.io.PrintStream(java.io.OutputStream.nullOutputStream()))
                .evaluate(trained, trained.historySessions() + trained.labelSessions(), cases).report();
        return String.format(java.util.Locale.ROOT, "next item on the last day (%,d cases"
                + (stride > 1 ? ", one session in " + stride : "") + "): HR@20 %.1f%%, MRR@20"
                + " %.1f%%; recall alone %.1f%% / %.1f%%; popularity %.1f%% / %.1f%%", r.cases(), r.hrAt20(),
                r.mrrAt20(), r.recall().hrAt20(), r.recall().mrrAt20(), r.popularity().hrAt20(),
                r.popularity().mrrAt20());
    }

    /**
     * The table itself when it is small enough, else whole sessions (its groups) kept by a hash of their id until
     * about {@code maxRows} rows remain: a session is never split, and the same shop gives the same sample.
     */
    static Table wholeSessionsUpTo(Table table, int maxRows) {
        String[] sessions = table.groups() != null ? table.groups() : table.keys();
        if (table.rows() <= maxRows || sessions == null) {
            return table;
        }
        double keep = (double) maxRows / table.rows();
        int[] rows = java.util.stream.IntStream.range(0, table.rows())
                .filter(i -> Integer.toUnsignedLong(sessions[i].hashCode() * 0x9E3779B9) < keep * 0x1p32)
                .toArray();
        return table.select(rows);
    }
}
