package dev.propel.local.eval;

import dev.propel.core.model.ModelManifest;
import dev.propel.core.model.ModelTask;
import dev.propel.core.recall.HitMetrics;
import dev.propel.core.recall.ItemAction;
import dev.propel.core.recall.RecallIndex;
import dev.propel.core.recall.RecallSettings;
import dev.propel.core.recall.SessionSequence;
import dev.propel.functions.model.ModelLoader;
import dev.propel.functions.model.ServingModel;
import dev.propel.functions.recommend.Recommendations;
import dev.propel.functions.recommend.Recommender;
import dev.propel.modelbuilder.eval.ModelMetrics;
import dev.propel.modelbuilder.rerank.RerankTrainer;
import dev.propel.modelbuilder.train.TrainingConfig;
import java.io.PrintStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

/**
 * The next-item evaluation: recall and the reranker are built and trained on the training sessions only, with the
 * production code, then every test prefix is ranked over all items by the {@link Recommender} that {@code /rank}
 * uses; recall alone and popularity are measured on the same cases in the same run.
 */
public final class NextItemEvaluation {
    /** Length of the recommendation lists the metrics look at. */
    public static final int K = 20;

    private final RecallSettings settings;
    private final TrainingConfig config;
    private final PrintStream progress;
    private final int maxLabelSessions;

    public NextItemEvaluation(RecallSettings settings, TrainingConfig config, PrintStream progress) {
        this(settings, config, RerankTrainer.MAX_LABEL_SESSIONS, progress);
    }

    /** The same with at most {@code maxLabelSessions} sessions giving the reranker's training rows. */
    public NextItemEvaluation(RecallSettings settings, TrainingConfig config, int maxLabelSessions,
            PrintStream progress) {
        this.settings = settings;
        this.config = config;
        this.maxLabelSessions = maxLabelSessions;
        this.progress = progress;
    }

    /** What the evaluation produced: the figures, and the trained parts (for callers that keep them). */
    public record Outcome(NextItemReport report, RerankTrainer.Result trained) {
    }

    /** Runs on training sessions of views only (the file format). */
    public Outcome run(List<NextItemFiles.TrainSession> train, List<NextItemFiles.TestCase> test) {
        List<SessionSequence> sessions = new ArrayList<>(train.size());
        for (NextItemFiles.TrainSession s : train) {
            sessions.add(SessionSequence.views(s.items()));
        }
        return runOnSessions(sessions, test);
    }

    /** Runs on training sessions with their actions (a shop's own sessions), oldest first. */
    public Outcome runOnSessions(List<SessionSequence> sessions, List<NextItemFiles.TestCase> test) {
        long start = System.nanoTime();
        progress.printf("eval next-item: building recall and training the reranker on %,d sessions …%n",
                sessions.size());
        RerankTrainer.Result trained = RerankTrainer.train(sessions, settings, config, maxLabelSessions, "train file",
                "", e -> progress.printf("eval next-item:   reranker epoch %d  validation AUC %.4f (%.1f s)%n",
                        e.epoch(), e.validationAuc(), e.millis() / 1e3));
        progress.printf("eval next-item: reranker trained on %,d rows from %,d sessions (%.0f s so far)%n",
                trained.rows().table().rows(), trained.labelSessions(), (System.nanoTime() - start) / 1e9);
        return evaluate(trained, sessions.size(), test, start);
    }

    /**
     * Measures an already trained recall and reranker on the test cases (e.g. the reranker a shop publishes,
     * trained on the days before the test day).
     */
    public Outcome evaluate(RerankTrainer.Result trained, int trainSessions, List<NextItemFiles.TestCase> test) {
        return evaluate(trained, trainSessions, test, System.nanoTime());
    }

    private Outcome evaluate(RerankTrainer.Result trained, int trainSessions, List<NextItemFiles.TestCase> test,
            long start) {
        RecallIndex recall = trained.recall();
        ModelManifest manifest = new ModelManifest(ModelTask.RERANK.id(), trained.reranker().provenance().version(),
                "in-memory", "in-memory", null, 0, Instant.EPOCH);
        try (ServingModel model = new ModelLoader(null, null, 1, 0, java.util.Map.of())
                .fromBytes(manifest, trained.reranker().onnx())) {
            Recommender recommender = new Recommender(recall, model);
            HitMetrics ranked = new HitMetrics(K);
            HitMetrics recallOnly = new HitMetrics(K);
            HitMetrics popular = new HitMetrics(K);
            int[] top = Arrays.copyOf(recall.topPopular(), K);
            long[] nanos = new long[test.size()];
            int done = 0;
            for (NextItemFiles.TestCase c : test) {
                List<ItemAction> actions = c.prefixActions();
                long t0 = System.nanoTime();
                Recommendations r = recommender.recommend(c.prefix(), actions, K, Set.of());
                nanos[done] = System.nanoTime() - t0;
                int rank = -1;
                for (int i = 0; i < r.items().size(); i++) {
                    if (r.items().get(i).item().equals(c.target())) {
                        rank = i;
                        break;
                    }
                }
                ranked.add(rank);
                int target = recall.indexOf(c.target());
                int[] ids = c.prefix().stream().mapToInt(recall::indexOf).toArray();
                byte[] acts = new byte[ids.length];
                for (int i = 0; i < acts.length; i++) {
                    acts[i] = (byte) actions.get(i).ordinal();
                }
                int[] order = recommender.recallOrder(ids, acts);
                recallOnly.add(target < 0 ? -1 : HitMetrics.rankOf(Arrays.copyOf(order, Math.min(K, order.length)),
                        target));
                popular.add(target < 0 ? -1 : HitMetrics.rankOf(top, target));
                done++;
                if (done % 10_000 == 0) {
                    progress.printf("eval next-item:   %,d / %,d cases, HR@20 so far %.2f%n", done, test.size(),
                            ranked.hitRatePercent());
                }
            }
            Arrays.sort(nanos);
            double auc = ModelMetrics.of(trained.reranker().testProbability(),
                    trained.reranker().test().labels()).rocAuc();
            NextItemReport report = new NextItemReport(ranked.cases(), ranked.hitRatePercent(), ranked.mrrPercent(),
                    ranked.ndcgPercent(), baseline(recallOnly), baseline(popular), percentile(nanos, 0.50),
                    percentile(nanos, 0.99), trainSessions, trained.rows().table().rows(), auc,
                    recall.sizeBytes() / 1e6, recall.toBytes().length, (System.nanoTime() - start) / 1e9);
            return new Outcome(report, trained);
        }
    }

    private static NextItemReport.Baseline baseline(HitMetrics m) {
        return new NextItemReport.Baseline(m.hitRatePercent(), m.mrrPercent(), m.ndcgPercent());
    }

    private static double percentile(long[] sortedNanos, double q) {
        if (sortedNanos.length == 0) {
            return 0;
        }
        int i = (int) Math.min(sortedNanos.length - 1, Math.floor(q * sortedNanos.length));
        return sortedNanos[i] / 1e6;
    }
}
