package dev.propel.core.recall;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Builds a {@link RecallIndex} from sessions given in time order (oldest first): directional co-visitation
 * weighted by distance and by what the shopper did, normalised against popularity; buy-after-view; popularity and
 * trend; and the session store of session-kNN. The same code builds recall for the datasets stage, for the
 * reranker's training rows and for the offline evaluation.
 */
public final class RecallBuilder {
    /** Weight of an event of each {@link ItemAction} when it is the co-visited item. */
    private static final float[] ACTION_WEIGHT = {1f, 1f, 3f, 6f};
    /** Buy-after-view neighbours kept per item. */
    private static final int BAV_NEIGHBOURS = 20;
    /** Size of the popular and trending lists. */
    private static final int TOP = 200;
    /** Share of the most recent sessions that counts for the trend. */
    private static final double RECENT_SHARE = 0.1;

    private final RecallSettings settings;
    private final Map<String, Integer> ids = new HashMap<>();
    private final List<String> names = new ArrayList<>();
    private int[] offsets = new int[1024];
    private int[] seq = new int[8192];
    private byte[] acts = new byte[8192];
    private int sessions;
    private int length;

    public RecallBuilder(RecallSettings settings) {
        this.settings = settings;
    }

    /** Adds one session: its items in the order seen, with what was done with each. Empty sessions are skipped. */
    public void addSession(List<String> items, List<ItemAction> actions) {
        if (items.size() != actions.size()) {
            throw new IllegalArgumentException("items and actions differ in length");
        }
        if (items.isEmpty()) {
            return;
        }
        if (sessions + 2 > offsets.length) {
            offsets = Arrays.copyOf(offsets, offsets.length * 2);
        }
        while (length + items.size() > seq.length) {
            seq = Arrays.copyOf(seq, seq.length * 2);
            acts = Arrays.copyOf(acts, acts.length * 2);
        }
        for (int i = 0; i < items.size(); i++) {
            String id = items.get(i);
            Integer index = ids.get(id);
            if (index == null) {
                index = names.size();
                ids.put(id, index);
                names.add(id);
            }
            seq[length] = index;
            acts[length] = (byte) actions.get(i).ordinal();
            length++;
        }
        sessions++;
        offsets[sessions] = length;
    }

    /** Sessions added so far. */
    public int sessions() {
        return sessions;
    }

    public RecallIndex build() {
        int n = names.size();
        float[] popularity = new float[n];
        float[] trending = new float[n];
        int recentFrom = offsets[(int) Math.floor(sessions * (1 - RECENT_SHARE))];
        for (int p = 0; p < length; p++) {
            float w = ACTION_WEIGHT[acts[p]];
            popularity[seq[p]] += w;
            if (p >= recentFrom) {
                trending[seq[p]] += w;
            }
        }
        int[] sessionOf = new int[length];
        for (int s = 0; s < sessions; s++) {
            Arrays.fill(sessionOf, offsets[s], offsets[s + 1], s);
        }
        // occurrences of each item (positions in seq), in time order
        int[] occOffsets = new int[n + 1];
        for (int p = 0; p < length; p++) {
            occOffsets[seq[p] + 1]++;
        }
        for (int i = 0; i < n; i++) {
            occOffsets[i + 1] += occOffsets[i];
        }
        int[] occ = new int[length];
        int[] fill = Arrays.copyOf(occOffsets, n);
        for (int p = 0; p < length; p++) {
            occ[fill[seq[p]]++] = p;
        }
        float[] damp = new float[n];
        for (int i = 0; i < n; i++) {
            damp[i] = (float) Math.pow(Math.max(1f, popularity[i]), settings.popularityDamping());
        }

        TopLists cov = new TopLists(n, settings.neighbours());
        TopLists bav = new TopLists(n, BAV_NEIGHBOURS);
        float[] scratch = new float[n];
        float[] scratchBav = new float[n];
        int[] touched = new int[n];
        int[] touchedBav = new int[n];
        int window = settings.window();
        for (int a = 0; a < n; a++) {
            int t = 0;
            int tb = 0;
            for (int o = occOffsets[a]; o < occOffsets[a + 1]; o++) {
                int p = occ[o];
                int s = sessionOf[p];
                int from = Math.max(offsets[s], p - window);
                int to = Math.min(offsets[s + 1] - 1, p + window);
                for (int q = from; q <= to; q++) {
                    int b = seq[q];
                    if (b == a) {
                        continue;
                    }
                    int d = Math.abs(q - p);
                    float w = (q > p ? 1f : settings.backwardWeight()) / d * ACTION_WEIGHT[acts[q]];
                    if (scratch[b] == 0f) {
                        touched[t++] = b;
                    }
                    scratch[b] += w;
                }
                // buy-after-view: anything carted or bought later in the same session, at any distance
                for (int q = p + 1; q < offsets[s + 1]; q++) {
                    int b = seq[q];
                    if (b != a && ItemAction.of(acts[q]).intent()) {
                        if (scratchBav[b] == 0f) {
                            touchedBav[tb++] = b;
                        }
                        scratchBav[b] += ACTION_WEIGHT[acts[q]];
                    }
                }
            }
            for (int k = 0; k < t; k++) {
                int b = touched[k];
                scratch[b] /= damp[b];
            }
            cov.keep(a, touched, t, scratch);
            bav.keep(a, touchedBav, tb, scratchBav);
            for (int k = 0; k < t; k++) {
                scratch[touched[k]] = 0f;
            }
            for (int k = 0; k < tb; k++) {
                scratchBav[touchedBav[k]] = 0f;
            }
        }

        // session store: each session's distinct items; each item's most recent sessions
        int[] sesOffsets = new int[sessions + 1];
        int[] sesItems = new int[length];
        int w = 0;
        int[] seen = new int[n];
        Arrays.fill(seen, -1);
        for (int s = 0; s < sessions; s++) {
            for (int p = offsets[s]; p < offsets[s + 1]; p++) {
                if (seen[seq[p]] != s) {
                    seen[seq[p]] = s;
                    sesItems[w++] = seq[p];
                }
            }
            sesOffsets[s + 1] = w;
        }
        sesItems = Arrays.copyOf(sesItems, w);
        int[] count = new int[n];
        for (int v : sesItems) {
            count[v]++;
        }
        int cap = settings.sessionsPerItem();
        int[] isOffsets = new int[n + 1];
        for (int i = 0; i < n; i++) {
            isOffsets[i + 1] = isOffsets[i] + Math.min(cap, count[i]);
        }
        int[] isSessions = new int[isOffsets[n]];
        int[] seenSoFar = new int[n];
        for (int s = 0; s < sessions; s++) {
            for (int p = sesOffsets[s]; p < sesOffsets[s + 1]; p++) {
                int i = sesItems[p];
                int skip = count[i] - cap; // keep only the most recent cap sessions
                int k = seenSoFar[i]++;
                if (k >= skip) {
                    isSessions[isOffsets[i] + (k - Math.max(0, skip))] = s;
                }
            }
        }
        return new RecallIndex(settings, names.toArray(String[]::new), popularity, trending, top(popularity),
                top(trending), cov.offsets(), cov.items(), cov.scores(), bav.offsets(), bav.items(), bav.scores(),
                sesOffsets, sesItems, isOffsets, isSessions);
    }

    private static int[] top(float[] score) {
        return TopLists.best(score, TOP);
    }
}
