package dev.propel.functions.policy;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/**
 * The usable logged decisions as arrays (the estimators loop over them once per bootstrap resample): decisions
 * without a final outcome or without a usable logged probability are counted and left out.
 */
final class DecisionTable {
    final List<LoggedDecision> rows;
    final List<String> actions;
    final List<String> segments;
    final double[] z;
    final boolean[] bought;
    final int[] segment;
    final int[] action;
    final double[] propensity;
    final double[] logged;
    final double[] y;
    final int withoutOutcome;
    final int withoutProbability;

    private DecisionTable(List<LoggedDecision> rows, List<String> actions, List<String> segments,
                          OutcomeMetric metric, ActionCosts costs, int withoutOutcome, int withoutProbability) {
        this.rows = rows;
        this.actions = actions;
        this.segments = segments;
        this.withoutOutcome = withoutOutcome;
        this.withoutProbability = withoutProbability;
        int n = rows.size();
        z = new double[n];
        bought = new boolean[n];
        segment = new int[n];
        action = new int[n];
        propensity = new double[n];
        logged = new double[n];
        y = new double[n];
        for (int i = 0; i < n; i++) {
            LoggedDecision d = rows.get(i);
            double p = Double.isNaN(d.propensity()) ? 0 : Math.min(1, Math.max(0, d.propensity()));
            propensity[i] = p;
            z[i] = DirectModel.logit(p);
            bought[i] = d.purchased();
            segment[i] = segments.indexOf(d.segment());
            action[i] = actions.indexOf(d.action());
            logged[i] = d.actionProbability();
            y[i] = metric.of(d, costs);
        }
    }

    /**
     * The usable decisions of {@code logs}.
     *
     * @throws NoDecisionsException when none is usable, saying why
     */
    static DecisionTable of(List<LoggedDecision> logs, OutcomeMetric metric, ActionCosts costs) {
        List<LoggedDecision> usable = new ArrayList<>(logs.size());
        int withoutOutcome = 0;
        int withoutProbability = 0;
        TreeSet<String> actions = new TreeSet<>();
        TreeSet<String> segments = new TreeSet<>();
        for (LoggedDecision d : logs) {
            if (!d.complete()) {
                withoutOutcome++;
            } else if (!(d.actionProbability() > 0 && d.actionProbability() <= 1) || d.action().isEmpty()) {
                withoutProbability++;
            } else {
                usable.add(d);
                actions.add(d.action());
                segments.add(d.segment());
            }
        }
        if (usable.isEmpty()) {
            throw new NoDecisionsException(logs.isEmpty() ? "no logged decisions in the period"
                    : "none of the " + logs.size() + " logged decisions is usable: " + withoutOutcome
                    + " have no final outcome yet, " + withoutProbability
                    + " have no usable action_probability (missing, 0 or above 1)");
        }
        return new DecisionTable(List.copyOf(usable), List.copyOf(actions), List.copyOf(segments), metric, costs,
                withoutOutcome, withoutProbability);
    }

    int size() {
        return rows.size();
    }
}
