package dev.propel.modelbuilder.data;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * A seeded two-way split of row positions: stratified by label, or by group (or row key) when rows belong to
 * sessions, so that a session's rows never straddle train and test (ranking metrics need whole sessions, and
 * prefixes of one session on both sides would flatter the test figures).
 *
 * @param rest    positions kept for training
 * @param holdout positions held out
 */
public record Split(int[] rest, int[] holdout) {

    /** Holds out about {@code fraction} of the rows of each label (or of the groups), chosen by {@code seed}. */
    public static Split of(Table table, double fraction, long seed) {
        if (table.groups() != null) {
            return byGroup(table.groups(), fraction, seed);
        }
        if (table.keys() != null) {
            return byGroup(table.keys(), fraction, seed);
        }
        return stratified(table.labels(), fraction, seed);
    }

    /** Holds out about {@code fraction} of each label's rows. */
    public static Split stratified(int[] labels, double fraction, long seed) {
        Random random = new Random(seed);
        List<Integer> pos = new ArrayList<>();
        List<Integer> neg = new ArrayList<>();
        for (int i = 0; i < labels.length; i++) {
            (labels[i] == 1 ? pos : neg).add(i);
        }
        boolean[] held = new boolean[labels.length];
        for (List<Integer> cls : List.of(pos, neg)) {
            java.util.Collections.shuffle(cls, random);
            int k = (int) Math.round(cls.size() * fraction);
            for (int i = 0; i < k; i++) {
                held[cls.get(i)] = true;
            }
        }
        return fromMask(held);
    }

    /** Holds out about {@code fraction} of the groups, each with all its rows. */
    public static Split byGroup(String[] groups, double fraction, long seed) {
        Map<String, Boolean> decision = new HashMap<>();
        Random random = new Random(seed);
        boolean[] held = new boolean[groups.length];
        for (int i = 0; i < groups.length; i++) {
            String g = groups[i] == null ? "" : groups[i];
            held[i] = decision.computeIfAbsent(g, k -> random.nextDouble() < fraction);
        }
        return fromMask(held);
    }

    private static Split fromMask(boolean[] held) {
        int h = 0;
        for (boolean b : held) {
            h += b ? 1 : 0;
        }
        int[] rest = new int[held.length - h];
        int[] holdout = new int[h];
        int r = 0;
        int k = 0;
        for (int i = 0; i < held.length; i++) {
            if (held[i]) {
                holdout[k++] = i;
            } else {
                rest[r++] = i;
            }
        }
        return new Split(rest, holdout);
    }
}
