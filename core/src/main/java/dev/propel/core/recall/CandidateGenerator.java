package dev.propel.core.recall;

import java.util.Arrays;

/**
 * Recall for one session at a time: co-visitation from every session item (recency-weighted) and from the last
 * one, buy-after-view, session-kNN (the most similar past sessions, recency-weighted overlap), the session's own
 * items and the trending ones, merged into at most {@link RecallSettings#candidates()} candidates with their
 * reranker features. Holds scratch arrays sized to the index, so one instance serves one thread.
 */
public final class CandidateGenerator {
    /** Only the most recent events of a very long session count. */
    public static final int MAX_SESSION_EVENTS = 50;
    /** Trending items always offered to the reranker. */
    private static final int TRENDING_CANDIDATES = 5;
    private static final float MISSING_RANK = (float) Math.log1p(1000);

    private final RecallIndex index;
    private final float[] cov;
    private final float[] last;
    private final float[] bav;
    private final float[] knn;
    private final float[] sim;
    private final int[] touched;
    private final int[] touchedSessions;
    private final int[] mark;
    private final int[] seenCount;
    private final int[] seenLast;
    private final boolean[] carted;
    private int stamp;

    public CandidateGenerator(RecallIndex index) {
        this.index = index;
        int n = index.itemCount();
        cov = new float[n];
        last = new float[n];
        bav = new float[n];
        knn = new float[n];
        sim = new float[index.sessionCount()];
        touched = new int[n];
        touchedSessions = new int[index.sessionCount()];
        mark = new int[n];
        seenCount = new int[n];
        seenLast = new int[n];
        carted = new boolean[n];
    }

    public RecallIndex index() {
        return index;
    }

    /**
     * The candidates for a session given as item indices in order ({@code -1} for items recall does not know)
     * and what was done with each ({@link ItemAction} ordinals).
     */
    public Candidates generate(int[] sessionItems, byte[] actions) {
        int from = Math.max(0, sessionItems.length - MAX_SESSION_EVENTS);
        int[] s = Arrays.copyOfRange(sessionItems, from, sessionItems.length);
        byte[] a = Arrays.copyOfRange(actions, from, actions.length);
        stamp++;
        int t = 0;
        int m = s.length;
        int known = 0;
        int lastItem = -1;
        for (int k = 0; k < m; k++) {
            int x = s[k];
            if (x < 0) {
                continue;
            }
            known++;
            lastItem = x;
            t = touch(x, t);
            seenCount[x]++;
            seenLast[x] = k;
            carted[x] |= ItemAction.of(a[k]).intent();
        }
        // co-visitation and buy-after-view from each session item, the most recent weighing most
        int lastPosition = lastKnown(s);
        for (int k = 0; k < m; k++) {
            int x = s[k];
            if (x < 0) {
                continue;
            }
            float w = 1f / (m - k);
            for (int o = index.covOffsets[x]; o < index.covOffsets[x + 1]; o++) {
                int c = index.covItems[o];
                t = touch(c, t);
                cov[c] += w * index.covScores[o];
                if (k == lastPosition) {
                    last[c] = index.covScores[o];
                }
            }
            for (int o = index.bavOffsets[x]; o < index.bavOffsets[x + 1]; o++) {
                int c = index.bavItems[o];
                t = touch(c, t);
                bav[c] += w * index.bavScores[o];
            }
        }
        t = sessionKnn(s, m, t);
        boolean fallback = known == 0;
        for (int k = 0; k < TRENDING_CANDIDATES + (fallback ? index.settings.candidates() : 0)
                && k < index.topTrending.length; k++) {
            t = touch(index.topTrending[k], t);
        }
        for (int k = 0; fallback && k < index.settings.candidates() && k < index.topPopular.length; k++) {
            t = touch(index.topPopular[k], t);
        }
        Candidates out = assemble(t, m, known, lastItem, fallback);
        for (int k = 0; k < t; k++) {
            int c = touched[k];
            cov[c] = 0;
            last[c] = 0;
            bav[c] = 0;
            knn[c] = 0;
            seenCount[c] = 0;
            carted[c] = false;
        }
        return new Candidates(out.items(), out.recall(), out.features(), fallback);
    }

    private static int lastKnown(int[] s) {
        for (int k = s.length - 1; k >= 0; k--) {
            if (s[k] >= 0) {
                return k;
            }
        }
        return -1;
    }

    private int touch(int c, int t) {
        if (mark[c] != stamp) {
            mark[c] = stamp;
            touched[t++] = c;
        }
        return t;
    }

    /** V-SKNN: sessions sharing the session's items, weighted by how recent the shared item is in this session. */
    private int sessionKnn(int[] s, int m, int t) {
        int ts = 0;
        for (int k = 0; k < m; k++) {
            int x = s[k];
            if (x < 0 || seenLast[x] != k) {
                continue; // each distinct item once, at its most recent position
            }
            float w = (k + 1f) / m;
            for (int o = index.itemSessionOffsets[x]; o < index.itemSessionOffsets[x + 1]; o++) {
                int session = index.itemSessions[o];
                if (sim[session] == 0f) {
                    touchedSessions[ts++] = session;
                }
                sim[session] += w;
            }
        }
        int keep = Math.min(index.settings.similarSessions(), ts);
        int[] best = Selection.top(touchedSessions, ts, sim, keep);
        for (int b : best) {
            float w = sim[b];
            for (int p = index.sessionOffsets[b]; p < index.sessionOffsets[b + 1]; p++) {
                int c = index.sessionItems[p];
                t = touch(c, t);
                knn[c] += w;
            }
        }
        for (int k = 0; k < ts; k++) {
            sim[touchedSessions[k]] = 0f;
        }
        return t;
    }

    private Candidates assemble(int t, int m, int known, int lastItem, boolean fallback) {
        float maxCov = 0;
        float maxLast = 0;
        float maxBav = 0;
        float maxKnn = 0;
        for (int k = 0; k < t; k++) {
            int c = touched[k];
            maxCov = Math.max(maxCov, cov[c]);
            maxLast = Math.max(maxLast, last[c]);
            maxBav = Math.max(maxBav, bav[c]);
            maxKnn = Math.max(maxKnn, knn[c]);
        }
        float[] recall = new float[t];
        float[] score = new float[t];
        for (int k = 0; k < t; k++) {
            int c = touched[k];
            // with nothing known about the session the order is the trend, then lifetime popularity
            float r = fallback ? (float) Math.log1p(index.trending[c]) + 1e-3f * (float) Math.log1p(index.popularity[c])
                    : norm(cov[c], maxCov) + norm(knn[c], maxKnn) + 0.5f * norm(last[c], maxLast)
                    + 0.3f * norm(bav[c], maxBav) + (seenCount[c] > 0 ? 0.2f : 0f)
                    + 1e-6f * (float) Math.log1p(index.popularity[c]);
            score[k] = r;
        }
        int limit = Math.min(t, index.settings.candidates());
        int[] order = Selection.topPositions(score, t, limit);
        int[] items = new int[limit];
        for (int i = 0; i < limit; i++) {
            items[i] = touched[order[i]];
            recall[i] = score[order[i]];
        }
        float[] rows = new float[limit * RerankFeatures.COUNT];
        float[] covOf = new float[limit];
        float[] lastOf = new float[limit];
        float[] knnOf = new float[limit];
        for (int i = 0; i < limit; i++) {
            int c = items[i];
            covOf[i] = cov[c];
            lastOf[i] = last[c];
            knnOf[i] = knn[c];
        }
        float[] covRank = Selection.ranks(covOf);
        float[] lastRank = Selection.ranks(lastOf);
        float[] knnRank = Selection.ranks(knnOf);
        for (int i = 0; i < limit; i++) {
            int c = items[i];
            int o = i * RerankFeatures.COUNT;
            rows[o + RerankFeatures.COVIS] = norm(cov[c], maxCov);
            rows[o + RerankFeatures.COVIS_RANK] = cov[c] > 0 ? covRank[i] : MISSING_RANK;
            rows[o + RerankFeatures.COVIS_LAST] = norm(last[c], maxLast);
            rows[o + RerankFeatures.COVIS_LAST_RANK] = last[c] > 0 ? lastRank[i] : MISSING_RANK;
            rows[o + RerankFeatures.SKNN] = norm(knn[c], maxKnn);
            rows[o + RerankFeatures.SKNN_RANK] = knn[c] > 0 ? knnRank[i] : MISSING_RANK;
            rows[o + RerankFeatures.BAV] = norm(bav[c], maxBav);
            rows[o + RerankFeatures.RECALL] = recall[i] / Math.max(1e-9f, recall[0]);
            rows[o + RerankFeatures.RECALL_RANK] = (float) Math.log1p(i);
            rows[o + RerankFeatures.IN_SESSION] = seenCount[c] > 0 ? 1f : 0f;
            rows[o + RerankFeatures.SEEN_COUNT] = (float) Math.log1p(seenCount[c]);
            rows[o + RerankFeatures.SEEN_RECENCY] = seenCount[c] > 0 ? 1f / (m - seenLast[c]) : 0f;
            rows[o + RerankFeatures.IS_LAST] = c == lastItem ? 1f : 0f;
            rows[o + RerankFeatures.CARTED] = carted[c] ? 1f : 0f;
            rows[o + RerankFeatures.LOG_POPULARITY] = (float) Math.log1p(index.popularity[c]);
            rows[o + RerankFeatures.LOG_TRENDING] = (float) Math.log1p(index.trending[c]);
            rows[o + RerankFeatures.TREND_SHARE] = index.trending[c] / Math.max(1f, index.popularity[c]);
            rows[o + RerankFeatures.SESSION_LENGTH] = (float) Math.log1p(known);
            rows[o + RerankFeatures.COVIS_RAW] = (float) Math.log1p(cov[c]);
            rows[o + RerankFeatures.SKNN_RAW] = (float) Math.log1p(knn[c]);
        }
        return new Candidates(items, recall, rows, false);
    }

    private static float norm(float v, float max) {
        return max > 0 ? v / max : 0f;
    }
}
