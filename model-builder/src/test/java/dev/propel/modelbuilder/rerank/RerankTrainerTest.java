package dev.propel.modelbuilder.rerank;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import dev.propel.core.model.OnnxMetadataKeys;
import dev.propel.core.recall.CandidateGenerator;
import dev.propel.core.recall.Candidates;
import dev.propel.core.recall.ItemAction;
import dev.propel.core.recall.RecallSettings;
import dev.propel.core.recall.RerankFeatures;
import dev.propel.core.recall.SessionSequence;
import dev.propel.modelbuilder.data.Table;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The reranker trained from sessions: rows from the same recall code, and an ONNX file equal to the trainer. */
class RerankTrainerTest {
    /** Sessions walking item chains, a fifth of the steps elsewhere; every third session buys its last item. */
    static List<SessionSequence> sessions(int count, long seed) {
        Random r = new Random(seed);
        List<SessionSequence> out = new ArrayList<>();
        for (int s = 0; s < count; s++) {
            int chain = r.nextInt(30);
            int len = 2 + r.nextInt(5);
            List<String> items = new ArrayList<>();
            List<ItemAction> actions = new ArrayList<>();
            for (int i = 0; i < len; i++) {
                items.add(r.nextDouble() < 0.2 ? "noise-" + r.nextInt(100) : "c" + chain + "-" + i);
                actions.add(i == len - 1 && s % 3 == 0 ? ItemAction.PURCHASE : ItemAction.VIEW);
            }
            out.add(new SessionSequence(items, actions));
        }
        return out;
    }

    @Test
    void rowsAreTheServedCandidatesLabelledByWhatCameNext() {
        List<SessionSequence> s = sessions(600, 3);
        var history = RerankTrainer.build(s.subList(0, 500), RecallSettings.defaults());
        RerankRows.Built rows = RerankRows.build(history, s.subList(500, 600));
        Table t = rows.table();
        assertEquals(RerankFeatures.NAMES, t.numericNames());
        assertTrue(rows.prefixesWithPositive() > 0 && rows.prefixesWithPositive() <= rows.prefixes());
        assertTrue(t.positives() >= rows.prefixesWithPositive(), "each kept prefix has a positive");
        // every group holds at most DEPTH candidates
        Map<String, Long> perGroup = java.util.Arrays.stream(t.groups())
                .collect(java.util.stream.Collectors.groupingBy(g -> g, java.util.stream.Collectors.counting()));
        assertTrue(perGroup.values().stream().allMatch(n -> n <= RerankFeatures.DEPTH), perGroup.toString());
    }

    @Test
    void theOnnxRerankerEqualsTheTrainerOnServedFeatureRows() throws Exception {
        List<SessionSequence> s = sessions(1500, 5);
        RerankTrainer.Result result = RerankTrainer.train(s, RecallSettings.defaults(),
                RerankTrainer.defaultConfig().withMaxEpochs(4), "test", "", e -> { });
        assertEquals("rerank", result.reranker().provenance().task());
        // feature rows exactly as serving computes them, for sessions recall has not seen
        CandidateGenerator g = new CandidateGenerator(result.recall());
        List<float[]> rows = new ArrayList<>();
        for (SessionSequence q : sessions(40, 99)) {
            int[] ids = q.items().stream().mapToInt(result.recall()::indexOf).toArray();
            Candidates c = g.generate(ids, new byte[ids.length]);
            for (int i = 0; i < c.size(); i++) {
                rows.add(c.row(i));
            }
        }
        int n = rows.size();
        float[][] num = rows.toArray(float[][]::new);
        float[] expected = result.reranker().model().predict(result.reranker().pipeline().transform(num,
                new String[n][0]), n);
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        FloatBuffer flat = FloatBuffer.allocate(n * RerankFeatures.COUNT);
        for (float[] row : num) {
            flat.put(row);
        }
        flat.flip();
        try (OrtSession session = env.createSession(result.reranker().onnx(), new OrtSession.SessionOptions());
             OnnxTensor in = OnnxTensor.createTensor(env, flat, new long[] {n, RerankFeatures.COUNT});
             OrtSession.Result out = session.run(Map.of(OnnxMetadataKeys.NUMERIC_INPUT, in))) {
            assertEquals(List.of(OnnxMetadataKeys.NUMERIC_INPUT), List.copyOf(session.getInputNames()));
            assertEquals("rerank", session.getMetadata().getCustomMetadata().get(OnnxMetadataKeys.TASK));
            float[][] p = (float[][]) out.get(0).getValue();
            double maxDiff = 0;
            for (int i = 0; i < n; i++) {
                maxDiff = Math.max(maxDiff, Math.abs(p[i][0] - expected[i]));
            }
            assertTrue(maxDiff <= 1e-5, "max |onnx - trainer| = " + maxDiff + " over " + n + " rows");
        }
    }

    @Test
    void tooFewSessionsAreRefusedWithTheReason() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> RerankTrainer.train(
                sessions(5, 1), RecallSettings.defaults(), RerankTrainer.defaultConfig(), "t", "", x -> { }));
        assertTrue(e.getMessage().contains("at least 10 sessions"), e.getMessage());
    }
}
