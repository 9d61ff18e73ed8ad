package dev.propel.datagen.truth;

import dev.propel.core.evaluation.RocAuc;
import dev.propel.core.event.BehaviourEvent;
import dev.propel.core.features.Session;
import dev.propel.core.features.SessionFeatures;
import dev.propel.core.features.Sessioniser;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * The simulator's exact conversion probability of each row of the conversion dataset, so that a model's test AUC
 * is compared with the oracle's AUC on the very same rows (same sessions, same capped prefixes), with a session
 * bootstrap for the sampling error of the difference.
 *
 * <p>A conversion row's cut is just after a distinct event time, so its {@code session_events} (events before the
 * cut) names the prefix: the oracle probability is the sidecar's {@code p} of the session's event at index
 * {@code session_events - 1} in time order (the last of tied events).
 */
public final class ConversionRowOracle {
    private final Map<String, double[]> probabilityBySession;

    private ConversionRowOracle(Map<String, double[]> probabilityBySession) {
        this.probabilityBySession = probabilityBySession;
    }

    /** Sessionises the events as the datasets stage does and joins the sidecar on event id. */
    public static ConversionRowOracle of(List<BehaviourEvent> events, List<ConversionTruth> truth) {
        Map<String, Double> byEvent = new HashMap<>(truth.size() * 2);
        for (ConversionTruth t : truth) {
            byEvent.put(t.eventId(), t.probability());
        }
        List<BehaviourEvent> behaviour = new ArrayList<>(events.size());
        for (BehaviourEvent e : events) {
            if (SessionFeatures.isBehaviour(e)) {
                behaviour.add(e);
            }
        }
        Map<String, double[]> bySession = new HashMap<>();
        for (Session s : new Sessioniser().sessionise(behaviour)) {
            double[] p = new double[s.events().size()];
            for (int i = 0; i < p.length; i++) {
                p[i] = byEvent.getOrDefault(s.events().get(i).eventId(), Double.NaN);
            }
            bySession.put(s.key(), p);
        }
        return new ConversionRowOracle(bySession);
    }

    /** The oracle probability of a row, NaN when the session or prefix is unknown to the simulator's truth. */
    public double probability(String sessionKey, int sessionEvents) {
        double[] p = probabilityBySession.get(sessionKey);
        if (p == null || sessionEvents < 1 || sessionEvents > p.length) {
            return Double.NaN;
        }
        return p[sessionEvents - 1];
    }

    /** Oracle and model AUC on the same rows and a session-bootstrap interval of their difference. */
    public record Comparison(int rows, int unmatched, int sessions, int positiveSessions, double oracleAuc,
            double modelAuc, double gapLow, double gapHigh) {
    }

    /**
     * Compares on the rows that have an oracle probability.
     *
     * @param keys        session key per row
     * @param events      {@code session_events} per row
     * @param labels      0/1 per row
     * @param model       the model's probability per row
     * @param resamples   bootstrap resamples of whole sessions
     */
    public Comparison compare(String[] keys, double[] events, int[] labels, float[] model, int resamples, long seed) {
        Map<String, List<double[]>> rowsBySession = new LinkedHashMap<>();
        int unmatched = 0;
        for (int i = 0; i < keys.length; i++) {
            double p = probability(keys[i], (int) events[i]);
            if (Double.isNaN(p)) {
                unmatched++;
                continue;
            }
            rowsBySession.computeIfAbsent(keys[i], k -> new ArrayList<>())
                    .add(new double[] {p, model[i], labels[i]});
        }
        List<List<double[]>> sessions = new ArrayList<>(rowsBySession.values());
        int positives = 0;
        for (List<double[]> s : sessions) {
            positives += s.get(0)[2] > 0 ? 1 : 0;
        }
        double[] full = aucs(sessions);
        Random rnd = new Random(seed);
        double[] gaps = new double[resamples];
        int kept = 0;
        for (int b = 0; b < resamples; b++) {
            List<List<double[]>> sample = new ArrayList<>(sessions.size());
            for (int i = 0; i < sessions.size(); i++) {
                sample.add(sessions.get(rnd.nextInt(sessions.size())));
            }
            if (!bothClasses(sample)) {
                continue; // a resample without a converting (or a non-converting) row has no AUC
            }
            double[] a = aucs(sample);
            gaps[kept++] = a[0] - a[1];
        }
        if (kept == 0) {
            throw new IllegalArgumentException("no bootstrap resample holds both classes");
        }
        gaps = java.util.Arrays.copyOf(gaps, kept);
        resamples = kept;
        java.util.Arrays.sort(gaps);
        int matched = keys.length - unmatched;
        return new Comparison(matched, unmatched, sessions.size(), positives, full[0], full[1],
                gaps[(int) (0.025 * (resamples - 1))], gaps[(int) Math.ceil(0.975 * (resamples - 1))]);
    }

    private static boolean bothClasses(List<List<double[]>> sessions) {
        boolean pos = false;
        boolean neg = false;
        for (List<double[]> s : sessions) {
            for (double[] r : s) {
                pos |= r[2] > 0;
                neg |= r[2] <= 0;
            }
        }
        return pos && neg;
    }

    private static double[] aucs(List<List<double[]>> sessions) {
        int n = 0;
        for (List<double[]> s : sessions) {
            n += s.size();
        }
        double[] oracle = new double[n];
        double[] model = new double[n];
        boolean[] y = new boolean[n];
        int i = 0;
        for (List<double[]> s : sessions) {
            for (double[] r : s) {
                oracle[i] = r[0];
                model[i] = r[1];
                y[i++] = r[2] > 0;
            }
        }
        return new double[] {RocAuc.of(oracle, y), RocAuc.of(model, y)};
    }
}
