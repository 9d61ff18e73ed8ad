package dev.propel.functions.policy;

import dev.propel.functions.serving.DecisionPolicy;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Proposes a better policy from the logs: keeping the current policy's propensity bands, each band takes the
 * action with the best doubly robust estimate of its value, and each segment (device) of the band whose own best
 * action differs gets that action. Only actions the logs took at least {@link #MIN_TAKEN} times in the band (or
 * band and segment) are proposed, else the band keeps its action; the candidate explores at the given minimum rate
 * so that its own successors can still be evaluated.
 */
public final class PolicyLearner {
    /** Fewer logged takes of an action in a band (or band and segment) than this and it is not proposed there. */
    public static final int MIN_TAKEN = 20;
    /** The segment of a band-wide estimate in {@link BandValue}. */
    public static final String ALL_SEGMENTS = "*";

    private final OffPolicyEvaluator evaluator;

    public PolicyLearner(OffPolicyEvaluator evaluator) {
        this.evaluator = evaluator;
    }

    /**
     * The value of always taking one action in one band (and segment).
     *
     * @param band    the band
     * @param segment the segment, or {@link #ALL_SEGMENTS}
     * @param action  the action
     * @param value   doubly robust estimate of the mean outcome there under the action
     * @param taken   logged decisions there that took the action
     */
    public record BandValue(String band, String segment, String action, double value, int taken) {
    }

    /**
     * A proposed policy with its evaluation and the current policy's on the same logs.
     *
     * @param policy   the candidate
     * @param values   every estimate the choice was made on
     * @param proposed the candidate's off-policy evaluation
     * @param current  the current policy's evaluation on the same decisions
     */
    public record Learned(DecisionPolicy policy, List<BandValue> values, PolicyEvaluation proposed,
                          PolicyEvaluation current) {
        public Learned {
            values = List.copyOf(values);
        }
    }

    /**
     * Learns a candidate from {@code logs}.
     *
     * @param current        the policy in force (its bands and explored actions are kept)
     * @param minExploration the candidate's exploration rate
     * @param version        the candidate's version
     * @throws NoDecisionsException when no decision is usable
     */
    public Learned learn(List<LoggedDecision> logs, DecisionPolicy current, double minExploration, String version) {
        DecisionTable t = DecisionTable.of(logs, evaluator.metric(), evaluator.costs());
        int n = t.size();
        int actions = t.actions.size();
        int segments = t.segments.size();
        int[] ones = new int[n];
        Arrays.fill(ones, 1);
        DirectModel m = DirectModel.fit(t.z, t.segment, t.action, t.bought, t.y, ones, segments, actions);
        List<BandValue> values = new ArrayList<>();
        List<DecisionPolicy.Band> bands = new ArrayList<>();
        for (DecisionPolicy.Band band : current.bands()) {
            // per segment (last index = the whole band): DR sums and takes of each action
            double[][] sum = new double[segments + 1][actions];
            int[][] taken = new int[segments + 1][actions];
            int[] rows = new int[segments + 1];
            for (int i = 0; i < n; i++) {
                if (!current.bandOf(t.propensity[i]).name().equals(band.name())) {
                    continue;
                }
                int s = t.segment[i];
                rows[s]++;
                rows[segments]++;
                for (int a = 0; a < actions; a++) {
                    double v = m.predict(t.z[i], s, a);
                    if (t.action[i] == a) {
                        v += (t.y[i] - v) / t.logged[i];
                        taken[s][a]++;
                        taken[segments][a]++;
                    }
                    sum[s][a] += v;
                    sum[segments][a] += v;
                }
            }
            String bandBest = best(band, ALL_SEGMENTS, band.action(), sum[segments], taken[segments],
                    rows[segments], t, current, values);
            Map<String, String> bySegment = new LinkedHashMap<>();
            for (int s = 0; s < segments; s++) {
                String segmentBest = best(band, t.segments.get(s), bandBest, sum[s], taken[s], rows[s], t, current,
                        values);
                if (!segmentBest.equals(bandBest)) {
                    bySegment.put(t.segments.get(s), segmentBest);
                }
            }
            bands.add(new DecisionPolicy.Band(band.name(), band.min(), band.max(), bandBest, bySegment));
        }
        DecisionPolicy candidate = new DecisionPolicy(version, minExploration, bands, current.actions());
        return new Learned(candidate, values, evaluator.evaluate(t, candidate), evaluator.evaluate(t, current));
    }

    /** The explored action with the best estimate among those taken often enough, else {@code fallback}. */
    private static String best(DecisionPolicy.Band band, String segment, String fallback, double[] sum, int[] taken,
                               int rows, DecisionTable t, DecisionPolicy current, List<BandValue> values) {
        String best = fallback;
        double bestValue = Double.NEGATIVE_INFINITY;
        if (rows == 0) {
            return best;
        }
        for (int a = 0; a < sum.length; a++) {
            String name = t.actions.get(a);
            if (!current.actions().contains(name)) {
                continue;
            }
            double v = sum[a] / rows;
            values.add(new BandValue(band.name(), segment, name, v, taken[a]));
            if (taken[a] >= MIN_TAKEN && v > bestValue) {
                best = name;
                bestValue = v;
            }
        }
        return best;
    }
}
