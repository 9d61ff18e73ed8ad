package dev.propel.bench.policy;

import dev.propel.core.event.BehaviourEvent;
import dev.propel.datagen.decisions.DecisionScenario;
import dev.propel.datagen.decisions.ShopperReaction;
import dev.propel.datagen.simulator.DirtRates;
import dev.propel.datagen.simulator.ShopSimulator;
import dev.propel.datagen.simulator.SimulationConfig;
import dev.propel.datagen.simulator.SimulationResult;
import dev.propel.datagen.truth.DecisionTruth;
import dev.propel.functions.datasets.DecisionOutcomes;
import dev.propel.functions.policy.ActionCosts;
import dev.propel.functions.policy.Estimate;
import dev.propel.functions.policy.LoggedDecision;
import dev.propel.functions.policy.OffPolicyEvaluator;
import dev.propel.functions.policy.OutcomeMetric;
import dev.propel.functions.policy.PolicyEvaluation;
import dev.propel.functions.policy.PolicyLearner;
import dev.propel.functions.policy.TargetPolicy;
import dev.propel.functions.serving.DecisionPolicy;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Off-policy evaluation and policy learning checked against the simulator's truth: for each seed, a shop whose
 * {@code /decide} follows the default policy (10 % exploration) and whose shoppers react to the actions; the
 * decisions are joined with their outcomes as the datasets stage does; fixed candidate policies are evaluated with
 * IPS, SNIPS and DR and compared with their true value on the same decisions (from the truth's conversion
 * probability under every action); a policy is learned from the logs and its true value compared with the default
 * policy's.
 */
public final class OffPolicyBenchmark {
    /** Candidates whose value is estimated on every seed. */
    static final List<DecisionPolicy> CANDIDATES = List.of(
            new DecisionPolicy("discount-low-and-medium", 0.1, List.of(
                    new DecisionPolicy.Band("low", 0.0, 0.2, "offer_discount"),
                    new DecisionPolicy.Band("medium", 0.2, 0.6, "offer_discount"),
                    new DecisionPolicy.Band("high", 0.6, 1.0, "none")), DecisionPolicy.DEFAULT.actions()),
            new DecisionPolicy("discount-mobile-when-unlikely", 0.1, List.of(
                    new DecisionPolicy.Band("low", 0.0, 0.2, "show_recommendations",
                            Map.of("mobile", "offer_discount")),
                    new DecisionPolicy.Band("medium", 0.2, 0.6, "offer_discount"),
                    new DecisionPolicy.Band("high", 0.6, 1.0, "none")), DecisionPolicy.DEFAULT.actions()),
            new DecisionPolicy("recommend-then-nothing", 0.1, List.of(
                    new DecisionPolicy.Band("low", 0.0, 0.3, "show_recommendations"),
                    new DecisionPolicy.Band("high", 0.3, 1.0, "none")), DecisionPolicy.DEFAULT.actions()));
    static final List<OutcomeMetric> METRICS = List.of(OutcomeMetric.CONVERSION, OutcomeMetric.NET_CONVERSION);

    /** One estimate against the truth. */
    public record Run(long seed, String policy, OutcomeMetric metric, int decisions, double truth, Estimate ips,
                      Estimate snips, Estimate dr, double ess) {
    }

    /** The learned policy of one seed against the default policy, both by their true net conversion. */
    public record Learning(long seed, String bands, double learnedTruth, double defaultTruth, double estimated,
                           double low, double high) {
    }

    /** Everything measured. */
    public record Result(List<Run> runs, List<Learning> learning) {
    }

    private final int users;
    private final int days;
    private final int resamples;

    public OffPolicyBenchmark(int users, int days, int resamples) {
        this.users = users;
        this.days = days;
        this.resamples = resamples;
    }

    /** Runs the seeds {@code 1..seeds}. */
    public Result run(int seeds, PrintStream log) {
        List<Run> runs = new ArrayList<>();
        List<Learning> learning = new ArrayList<>();
        for (long seed = 1; seed <= seeds; seed++) {
            SimulationConfig config = SimulationConfig.defaults().withUsers(users).withDays(days).withSeed(seed)
                    .withDirt(DirtRates.none());
            SimulationResult sim = new ShopSimulator(config, DecisionScenario.DEFAULT).runInMemory();
            List<LoggedDecision> logs = join(config, sim.distinctEvents());
            Map<String, DecisionTruth> truth = new HashMap<>();
            sim.decisionTruth().forEach(t -> truth.put(t.decisionId(), t));
            List<LoggedDecision> usable = logs.stream().filter(LoggedDecision::complete).toList();
            for (OutcomeMetric metric : METRICS) {
                OffPolicyEvaluator evaluator = new OffPolicyEvaluator(metric, ActionCosts.DEFAULT, resamples, seed);
                for (DecisionPolicy candidate : CANDIDATES) {
                    PolicyEvaluation e = evaluator.evaluate(usable, candidate);
                    runs.add(new Run(seed, candidate.version(), metric, e.decisions(),
                            trueValue(usable, truth, candidate, metric), e.estimate(OffPolicyEvaluator.IPS)
                            .orElseThrow(), e.estimate(OffPolicyEvaluator.SNIPS).orElseThrow(), e.doublyRobust(),
                            e.effectiveSampleSize()));
                }
            }
            OffPolicyEvaluator net = new OffPolicyEvaluator(OutcomeMetric.NET_CONVERSION, ActionCosts.DEFAULT,
                    resamples, seed);
            PolicyLearner.Learned learned = new PolicyLearner(net).learn(usable, DecisionPolicy.DEFAULT, 0.1,
                    "learned-" + seed);
            Estimate dr = learned.proposed().doublyRobust();
            Learning l = new Learning(seed, String.join(" ", learned.policy().bands().stream()
                    .map(b -> b.action() + (b.segments().isEmpty() ? "" : b.segments().toString())).toList()),
                    trueValue(usable, truth, learned.policy(), OutcomeMetric.NET_CONVERSION),
                    trueValue(usable, truth, DecisionPolicy.DEFAULT, OutcomeMetric.NET_CONVERSION),
                    dr.value(), dr.low(), dr.high());
            learning.add(l);
            log.printf(Locale.ROOT, "policy: seed %d, %,d decisions; learned %s: true %.4f vs default %.4f%n", seed,
                    usable.size(), l.bands(), l.learnedTruth(), l.defaultTruth());
        }
        return new Result(runs, learning);
    }

    /** The decisions dataset rows of every simulated day (plus the day after, where the last sessions end). */
    static List<LoggedDecision> join(SimulationConfig config, List<BehaviourEvent> events) {
        DecisionOutcomes join = new DecisionOutcomes(DecisionOutcomes.DEFAULT_HORIZON, Duration.ofMinutes(30));
        List<LoggedDecision> rows = new ArrayList<>();
        for (int d = 0; d <= config.days(); d++) {
            rows.addAll(join.join(config.start().plusDays(d), events));
        }
        return rows;
    }

    /**
     * A policy's true value on the decisions: the mean over them of Σ_a π(a|x)·P(convert | a)·(share kept under
     * a), from the simulator's truth.
     */
    static double trueValue(List<LoggedDecision> decisions, Map<String, DecisionTruth> truth, DecisionPolicy policy,
                            OutcomeMetric metric) {
        TargetPolicy target = new TargetPolicy(policy);
        double sum = 0;
        for (LoggedDecision d : decisions) {
            DecisionTruth t = truth.get(d.decisionId());
            for (String a : t.actions()) {
                double kept = metric == OutcomeMetric.NET_CONVERSION ? ShopperReaction.keptShare(a) : 1;
                sum += target.probability(t.propensity(), t.device(), a) * t.conversion(a) * kept;
            }
        }
        return sum / decisions.size();
    }

    /** Runs the benchmark from the command line: {@code [seeds] [users] [days]}. */
    public static void main(String[] args) {
        int seeds = args.length > 0 ? Integer.parseInt(args[0]) : 20;
        int users = args.length > 1 ? Integer.parseInt(args[1]) : OffPolicySuite.USERS;
        int days = args.length > 2 ? Integer.parseInt(args[2]) : OffPolicySuite.DAYS;
        Result r = new OffPolicyBenchmark(users, days, OffPolicySuite.RESAMPLES).run(seeds, System.err);
        System.out.print(OffPolicySuite.summary(r));
    }
}
