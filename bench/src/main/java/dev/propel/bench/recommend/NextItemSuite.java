package dev.propel.bench.recommend;

import dev.propel.core.recall.RecallIndex;
import dev.propel.core.recall.RecallSettings;
import dev.propel.local.bench.BenchContext;
import dev.propel.local.bench.BenchFigure;
import dev.propel.local.bench.BenchmarkSuite;
import dev.propel.local.eval.NextItemEvaluation;
import dev.propel.local.eval.NextItemFiles;
import dev.propel.local.eval.NextItemReport;
import dev.propel.modelbuilder.rerank.RerankTrainer;
import dev.propel.testkit.RepositoryFolders;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * {@code ./propel bench} suite "next-item" (DESIGN §8 and §10): {@code ./propel eval next-item}'s code on the real
 * DIGINETICA sessions in {@code ../shared/data/next-item/}, against SR-GNN's published figures and against recall
 * alone and popularity measured in the same run; the warm per-request latency over the whole catalogue, the
 * recall artefact's memory and its load time (what it adds to a cold start).
 */
public final class NextItemSuite implements BenchmarkSuite {
    private static final String NAME = "next-item";
    /** SR-GNN (Wu et al., AAAI 2019) on this split, percent. */
    static final double SRGNN_HR = 50.73;
    static final double SRGNN_MRR = 17.59;

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public List<BenchFigure> run(BenchContext context) throws Exception {
        Path dir = locate();
        if (dir == null) {
            context.log().println("next-item: ../shared/data/next-item/diginetica not found, suite skipped");
            return List.of();
        }
        List<NextItemFiles.TrainSession> train = NextItemFiles.readTrain(dir.resolve("train_sessions.jsonl.gz"));
        List<NextItemFiles.TestCase> test = NextItemFiles.readTest(dir.resolve("test_cases.jsonl.gz"));
        if (context.quick()) {
            test = test.subList(0, Math.min(10_000, test.size()));
        }
        NextItemEvaluation.Outcome outcome = new NextItemEvaluation(RecallSettings.defaults(),
                RerankTrainer.defaultConfig(), context.log()).run(train, test);
        NextItemReport r = outcome.report();
        context.log().print(r.render());
        String cases = String.format("DIGINETICA, %,d cases", r.cases());
        List<BenchFigure> figures = new ArrayList<>();
        figures.add(BenchFigure.atLeast(NAME, "HR@20, " + cases, r.hrAt20(), "%", "SR-GNN (published)", SRGNN_HR,
                1.0));
        figures.add(BenchFigure.atLeast(NAME, "MRR@20, " + cases, r.mrrAt20(), "%", "SR-GNN (published)",
                SRGNN_MRR, 1.0));
        figures.add(BenchFigure.atLeast(NAME, "HR@20 vs recall alone", r.hrAt20(), "%", "recall alone, same run",
                r.recall().hrAt20(), 1.0));
        figures.add(BenchFigure.atLeast(NAME, "MRR@20 vs recall alone", r.mrrAt20(), "%", "recall alone, same run",
                r.recall().mrrAt20(), 1.0));
        figures.add(BenchFigure.atLeast(NAME, "HR@20 vs popularity", r.hrAt20(), "%", "popularity, same run",
                r.popularity().hrAt20(), 1.0));
        figures.add(BenchFigure.absolute(NAME, "recommend over 43k items, warm, p50", r.latencyP50Ms(), "ms",
                "≤ 0.5 ms", r.latencyP50Ms() <= 0.5));
        figures.add(BenchFigure.absolute(NAME, "recommend over 43k items, warm, p99", r.latencyP99Ms(), "ms",
                "≤ 2 ms", r.latencyP99Ms() <= 2));
        figures.add(BenchFigure.absolute(NAME, "recall artefact in memory", r.recallMegabytes(), "MB", "≤ 100 MB",
                r.recallMegabytes() <= 100));
        double loadMs = loadMillis(outcome.trained().recall().toBytes());
        figures.add(BenchFigure.absolute(NAME, "recall artefact load (cold-start share)", loadMs, "ms",
                "≤ 150 ms", loadMs <= 150));
        if (!context.quick()) {
            figures.add(BenchFigure.absolute(NAME, "eval next-item, build + training + all cases", r.seconds(), "s",
                    "≤ 300 s", r.seconds() <= 300));
        }
        return figures;
    }

    /** Median time to parse and check the artefact's bytes, as a cold start does after the S3 GET. */
    private static double loadMillis(byte[] bytes) {
        double[] ms = new double[5];
        for (int i = 0; i < ms.length; i++) {
            long t0 = System.nanoTime();
            RecallIndex.fromBytes(bytes);
            ms[i] = (System.nanoTime() - t0) / 1e6;
        }
        Arrays.sort(ms);
        return ms[ms.length / 2];
    }

    private static Path locate() {
        return RepositoryFolders.sharedData().map(d -> d.resolve("next-item/diginetica"))
                .filter(d -> Files.isRegularFile(d.resolve("train_sessions.jsonl.gz"))).orElse(null);
    }
}
