package dev.propel.modelbuilder.rerank;

import dev.propel.core.recall.CandidateGenerator;
import dev.propel.core.recall.Candidates;
import dev.propel.core.recall.RecallIndex;
import dev.propel.core.recall.RerankFeatures;
import dev.propel.core.recall.SessionSequence;
import dev.propel.modelbuilder.data.Table;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The reranker's training rows: for every prefix of every labelling session, the candidates recall proposes
 * (the same {@link CandidateGenerator} serving uses) with their features, labelled 1 when the shopper viewed the
 * candidate next or carted or bought it later in the session. Only the {@link RerankFeatures#DEPTH} candidates
 * the reranker will order become rows, all of them (sampling negatives would teach it a distribution it never
 * serves); prefixes whose candidates hold no positive teach nothing about ordering and are left out.
 */
public final class RerankRows {
    private RerankRows() {
    }

    /** What the rows were built from. */
    public record Built(Table table, int prefixes, int prefixesWithPositive) {
    }

    public static Built build(RecallIndex history, List<SessionSequence> sessions) {
        CandidateGenerator generator = new CandidateGenerator(history);
        List<float[]> rows = new ArrayList<>();
        List<Integer> labels = new ArrayList<>();
        List<String> groups = new ArrayList<>();
        List<String> items = new ArrayList<>();
        int prefixes = 0;
        int usable = 0;
        int sessionNo = 0;
        for (SessionSequence s : sessions) {
            sessionNo++;
            int n = s.length();
            int[] ids = new int[n];
            byte[] acts = new byte[n];
            for (int i = 0; i < n; i++) {
                ids[i] = history.indexOf(s.items().get(i));
                acts[i] = (byte) s.actions().get(i).ordinal();
            }
            for (int p = 1; p < n; p++) {
                prefixes++;
                Set<Integer> positive = new HashSet<>();
                positive.add(ids[p]);
                for (int q = p; q < n; q++) {
                    if (s.actions().get(q).intent()) {
                        positive.add(ids[q]);
                    }
                }
                positive.remove(-1);
                if (positive.isEmpty()) {
                    continue;
                }
                Candidates c = generator.generate(java.util.Arrays.copyOf(ids, p), java.util.Arrays.copyOf(acts, p));
                int depth = Math.min(RerankFeatures.DEPTH, c.size());
                List<Integer> keep = new ArrayList<>(depth);
                boolean any = false;
                for (int i = 0; i < depth; i++) {
                    keep.add(i);
                    any |= positive.contains(c.items()[i]);
                }
                if (!any) {
                    continue;
                }
                usable++;
                String group = sessionNo + ":" + p;
                for (int i : keep) {
                    rows.add(c.row(i));
                    labels.add(positive.contains(c.items()[i]) ? 1 : 0);
                    groups.add(group);
                    items.add(history.itemId(c.items()[i]));
                }
            }
        }
        Table.Builder b = Table.builder();
        for (int f = 0; f < RerankFeatures.COUNT; f++) {
            double[] col = new double[rows.size()];
            for (int r = 0; r < col.length; r++) {
                col[r] = rows.get(r)[f];
            }
            b.numeric(RerankFeatures.NAMES.get(f), col);
        }
        b.labels(labels.stream().mapToInt(Integer::intValue).toArray());
        b.groups(groups.toArray(String[]::new));
        b.items(items.toArray(String[]::new));
        return new Built(b.build(), prefixes, usable);
    }
}
