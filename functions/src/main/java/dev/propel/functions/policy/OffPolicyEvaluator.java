package dev.propel.functions.policy;

import dev.propel.functions.serving.DecisionPolicy;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Off-policy evaluation: how a candidate {@link DecisionPolicy} would have done on the sessions the logging policy
 * decided for, from the logged decisions alone. With importance weights {@code w = π(a|x) / μ(a|x)} (μ the logged
 * {@code action_probability}, π the candidate's probability of the logged action):
 * <ul>
 * <li>IPS: {@code Σ w·y / n}, unbiased, high variance;</li>
 * <li>self-normalised IPS: {@code Σ w·y / Σ w}, slightly biased, lower variance;</li>
 * <li>doubly robust: {@code Σ [Σ_a π(a|x)·m(x,a) + w·(y − m(x,a_logged))] / n} with the {@link DirectModel} m,
 * unbiased when the logged probabilities are right and low-variance when m is good;</li>
 * <li>the direct model alone, {@code Σ Σ_a π(a|x)·m(x,a) / n}, shown for reference.</li>
 * </ul>
 * Intervals are 95 % percentile intervals of a bootstrap over decisions, refitting the direct model each time.
 */
public final class OffPolicyEvaluator {
    public static final String IPS = "ips";
    public static final String SNIPS = "snips";
    public static final String DR = "dr";
    public static final String DM = "dm";
    /** A candidate action that the logging policy took less often than this in a band is flagged. */
    public static final double LOW_SUPPORT = 0.05;

    private final OutcomeMetric metric;
    private final ActionCosts costs;
    private final int resamples;
    private final long seed;

    /**
     * @param metric    what the value is measured in
     * @param costs     each action's cost share
     * @param resamples bootstrap resamples (at least 50; 400 is plenty for 95 % percentiles)
     * @param seed      seed of the resampling, so an evaluation is reproducible
     */
    public OffPolicyEvaluator(OutcomeMetric metric, ActionCosts costs, int resamples, long seed) {
        if (resamples < 50) {
            throw new IllegalArgumentException("at least 50 bootstrap resamples are needed, got " + resamples);
        }
        this.metric = metric;
        this.costs = costs;
        this.resamples = resamples;
        this.seed = seed;
    }

    public OutcomeMetric metric() {
        return metric;
    }

    public ActionCosts costs() {
        return costs;
    }

    /**
     * Evaluates {@code candidate} on {@code logs}.
     *
     * @throws NoDecisionsException     when no decision is usable
     * @throws IllegalArgumentException when the candidate takes an action that never appears in the logs
     */
    public PolicyEvaluation evaluate(List<LoggedDecision> logs, DecisionPolicy candidate) {
        return evaluate(DecisionTable.of(logs, metric, costs), candidate);
    }

    PolicyEvaluation evaluate(DecisionTable t, DecisionPolicy candidate) {
        checkActions(t, candidate);
        int n = t.size();
        int actions = t.actions.size();
        TargetPolicy target = new TargetPolicy(candidate);
        double[] pi = new double[n * actions];
        double[] w = new double[n];
        double sumW = 0;
        double sumW2 = 0;
        double maxW = 0;
        double logged = 0;
        for (int i = 0; i < n; i++) {
            for (int a = 0; a < actions; a++) {
                pi[i * actions + a] = target.probability(t.propensity[i], t.segments.get(t.segment[i]),
                        t.actions.get(a));
            }
            w[i] = pi[i * actions + t.action[i]] / t.logged[i];
            sumW += w[i];
            sumW2 += w[i] * w[i];
            maxW = Math.max(maxW, w[i]);
            logged += t.y[i];
        }
        int[] ones = new int[n];
        Arrays.fill(ones, 1);
        DirectModel whole = DirectModel.fit(t.z, t.segment, t.action, t.bought, t.y, ones, t.segments.size(),
                actions);
        double[] point = estimates(t, pi, w, ones, whole);
        double[][] boot = new double[4][resamples];
        int[] defined = new int[4];
        SplittableRandom random = new SplittableRandom(seed);
        int[] count = new int[n];
        for (int r = 0; r < resamples; r++) {
            Arrays.fill(count, 0);
            for (int k = 0; k < n; k++) {
                count[random.nextInt(n)]++;
            }
            double[] e = estimates(t, pi, w, count, DirectModel.fit(t.z, t.segment, t.action, t.bought, t.y, count,
                    t.segments.size(), actions, whole));
            for (int j = 0; j < 4; j++) {
                if (Double.isFinite(e[j])) {
                    boot[j][defined[j]++] = e[j];
                }
            }
        }
        String[] names = {IPS, SNIPS, DR, DM};
        List<Estimate> estimates = new ArrayList<>();
        List<String> warnings = new ArrayList<>();
        for (int j = 0; j < 4; j++) {
            if (!Double.isFinite(point[j]) || defined[j] < resamples / 2) {
                warnings.add(names[j] + " is undefined: no logged decision took an action the candidate would"
                        + " take");
                continue;
            }
            double[] b = Arrays.copyOf(boot[j], defined[j]);
            Arrays.sort(b);
            estimates.add(new Estimate(names[j], point[j], percentile(b, 0.025), percentile(b, 0.975)));
        }
        double ess = sumW2 == 0 ? 0 : sumW * sumW / sumW2;
        warnings.addAll(0, warnings(t, candidate, ess));
        return new PolicyEvaluation(candidate.version(), metric, n, t.withoutOutcome, t.withoutProbability,
                estimates, ess, maxW, logged / n, warnings);
    }

    /** IPS, SNIPS, DR and DM (model {@code m}) on the rows weighted by {@code count} (NaN where undefined). */
    private static double[] estimates(DecisionTable t, double[] pi, double[] w, int[] count, DirectModel m) {
        int actions = t.actions.size();
        double n = 0;
        double ips = 0;
        double weights = 0;
        double dr = 0;
        double dm = 0;
        for (int i = 0; i < count.length; i++) {
            int c = count[i];
            if (c == 0) {
                continue;
            }
            double direct = 0;
            for (int a = 0; a < actions; a++) {
                double p = pi[i * actions + a];
                if (p > 0) {
                    direct += p * m.predict(t.z[i], t.segment[i], a);
                }
            }
            double residual = t.y[i] - m.predict(t.z[i], t.segment[i], t.action[i]);
            n += c;
            ips += c * w[i] * t.y[i];
            weights += c * w[i];
            dr += c * (direct + w[i] * residual);
            dm += c * direct;
        }
        return new double[] {ips / n, weights > 0 ? ips / weights : Double.NaN, dr / n, dm / n};
    }

    private static void checkActions(DecisionTable t, DecisionPolicy candidate) {
        LinkedHashSet<String> named = new LinkedHashSet<>(candidate.actions());
        candidate.bands().forEach(b -> {
            named.add(b.action());
            named.addAll(b.segments().values());
        });
        for (String a : named) {
            if (!t.actions.contains(a)) {
                throw new IllegalArgumentException("the policy's action '" + a + "' never appears in the logged"
                        + " decisions (logged: " + String.join(", ", t.actions) + "), so its effect cannot be"
                        + " estimated");
            }
        }
    }

    private static List<String> warnings(DecisionTable t, DecisionPolicy candidate, double ess) {
        List<String> out = new ArrayList<>();
        int n = t.size();
        if (t.withoutOutcome > 0) {
            out.add(t.withoutOutcome + " decisions have no final outcome yet (their session may still go on):"
                    + " left out");
        }
        if (t.withoutProbability > 0) {
            out.add(t.withoutProbability + " decisions were logged without a usable action_probability (missing,"
                    + " 0 or above 1): left out, they cannot be reweighted");
        }
        Map<String, int[]> byBand = new LinkedHashMap<>();
        candidate.bands().forEach(b -> byBand.put(b.name(), new int[2]));
        for (int i = 0; i < n; i++) {
            DecisionPolicy.Band b = candidate.bandOf(t.propensity[i]);
            int[] c = byBand.get(b.name());
            c[0]++;
            if (t.actions.get(t.action[i]).equals(b.actionFor(t.segments.get(t.segment[i])))) {
                c[1]++;
            }
        }
        for (DecisionPolicy.Band b : candidate.bands()) {
            int[] c = byBand.get(b.name());
            if (c[0] == 0) {
                continue;
            }
            double share = (double) c[1] / c[0];
            if (c[1] == 0) {
                out.add("band '" + b.name() + "': the logged policy never took the candidate's action there ('"
                        + b.action() + "'" + (b.segments().isEmpty() ? "" : " or its segment actions") + ") in its "
                        + c[0] + " decisions; that band's estimate is the direct model's guess");
            } else if (share < LOW_SUPPORT) {
                out.add(String.format(Locale.ROOT, "band '%s': the logged policy took the candidate's action ('%s'%s)"
                        + " in only %.1f%% of its %d decisions (%d): few sessions carry that band's estimate",
                        b.name(), b.action(), b.segments().isEmpty() ? "" : " or its segment actions", 100 * share,
                        c[0], c[1]));
            }
        }
        if (ess < 0.1 * n) {
            out.add(String.format(Locale.ROOT, "effective sample size %.0f of %d decisions: the candidate differs"
                    + " much from the logged policy, so the intervals are wide", ess, n));
        }
        if (n < 200) {
            out.add("only " + n + " decisions: the intervals are rough");
        }
        return out;
    }

    private static double percentile(double[] sorted, double q) {
        double pos = q * (sorted.length - 1);
        int lo = (int) Math.floor(pos);
        int hi = Math.min(sorted.length - 1, lo + 1);
        return sorted[lo] + (pos - lo) * (sorted[hi] - sorted[lo]);
    }
}
