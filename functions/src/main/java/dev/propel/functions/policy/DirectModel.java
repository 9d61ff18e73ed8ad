package dev.propel.functions.policy;

/**
 * The direct model of the doubly robust estimator, refitted on every bootstrap resample:
 * {@code m(x, a) = P(purchase | x, a) · (mean outcome of a purchase | segment, a)}. The purchase probability is a
 * logistic regression on the logit of the logged propensity, one per segment × action, each pulled towards its
 * action's regression pooled over segments (ridge, {@link #CELL_PRIOR} pseudo-observations), which is pulled
 * towards "the propensity is calibrated" (intercept 0, slope 1). An action that shifts the log-odds of buying, by
 * segment, is exactly what this shape can express. The mean outcome of a purchase (1 for conversion, the kept share
 * for net conversion, the net order value for net revenue) is a cell mean shrunk the same way.
 */
final class DirectModel {
    static final double CELL_PRIOR = 20;
    static final double ACTION_PRIOR = 2;
    private static final int NEWTON_STEPS = 8;
    /** Steps from a warm start: a bootstrap resample's solution is close to the whole log's. */
    private static final int WARM_STEPS = 3;

    private final int actions;
    private final double[] intercept;
    private final double[] slope;
    private final double[] positive;
    private final double[] pooled;

    private DirectModel(int actions, double[] intercept, double[] slope, double[] positive, double[] pooled) {
        this.actions = actions;
        this.intercept = intercept;
        this.slope = slope;
        this.positive = positive;
        this.pooled = pooled;
    }

    /** The feature of a propensity: its logit, clamped away from 0 and 1. */
    static double logit(double propensity) {
        double p = Math.min(1 - 1e-4, Math.max(1e-4, propensity));
        return Math.log(p / (1 - p));
    }

    /**
     * Fits the model on the rows with positive {@code count} (bootstrap multiplicities; all 1 for the logs).
     *
     * @param z       each row's propensity logit
     * @param segment each row's segment index in [0, segments)
     * @param action  each row's action index in [0, actions)
     * @param bought  whether each row's session purchased
     * @param y       each row's outcome
     */
    static DirectModel fit(double[] z, int[] segment, int[] action, boolean[] bought, double[] y, int[] count,
                           int segments, int actions) {
        return fit(z, segment, action, bought, y, count, segments, actions, null);
    }

    /** As {@link #fit}, Newton's method starting from {@code start}'s coefficients when given (bootstrap). */
    static DirectModel fit(double[] z, int[] segment, int[] action, boolean[] bought, double[] y, int[] count,
                           int segments, int actions, DirectModel start) {
        int steps = start == null ? NEWTON_STEPS : WARM_STEPS;
        double[] pooledFits = new double[2 * actions];
        int[][] rows = cells(segment, action, segments, actions);
        double[] intercept = new double[segments * actions];
        double[] slope = new double[segments * actions];
        double[] positive = new double[segments * actions];
        double[] all = positiveSum(rows, bought, y, count, 0, rows.length);
        double posAll = all[1] == 0 ? 0 : all[0] / all[1];
        for (int a = 0; a < actions; a++) {
            // the action's cells are the segments × actions grid's column a: pooled = all of them
            int[][] column = new int[segments][];
            for (int s = 0; s < segments; s++) {
                column[s] = rows[s * actions + a];
            }
            double[] pooled = logistic(z, bought, count, column, 0, 1, ACTION_PRIOR,
                    start == null ? 0 : start.pooled[2 * a], start == null ? 1 : start.pooled[2 * a + 1], steps);
            pooledFits[2 * a] = pooled[0];
            pooledFits[2 * a + 1] = pooled[1];
            double[] pos = positiveSum(column, bought, y, count, 0, segments);
            double posAction = (pos[0] + ACTION_PRIOR * posAll) / (pos[1] + ACTION_PRIOR);
            for (int s = 0; s < segments; s++) {
                int k = s * actions + a;
                double[] cell = logistic(z, bought, count, new int[][] {rows[k]}, pooled[0], pooled[1], CELL_PRIOR,
                        start == null ? pooled[0] : start.intercept[k], start == null ? pooled[1] : start.slope[k],
                        steps);
                intercept[k] = cell[0];
                slope[k] = cell[1];
                double[] own = positiveSum(rows, bought, y, count, k, k + 1);
                positive[k] = (own[0] + ACTION_PRIOR * posAction) / (own[1] + ACTION_PRIOR);
            }
        }
        return new DirectModel(actions, intercept, slope, positive, pooledFits);
    }

    /** The row indices of each segment × action cell ({@code s * actions + a}). */
    private static int[][] cells(int[] segment, int[] action, int segments, int actions) {
        int[] sizes = new int[segments * actions];
        for (int i = 0; i < segment.length; i++) {
            sizes[segment[i] * actions + action[i]]++;
        }
        int[][] rows = new int[sizes.length][];
        for (int k = 0; k < sizes.length; k++) {
            rows[k] = new int[sizes[k]];
        }
        int[] fill = new int[sizes.length];
        for (int i = 0; i < segment.length; i++) {
            int k = segment[i] * actions + action[i];
            rows[k][fill[k]++] = i;
        }
        return rows;
    }

    /** The predicted outcome of taking action {@code a} for a row with propensity logit {@code z} in segment s. */
    double predict(double z, int s, int a) {
        int k = s * actions + a;
        return positive[k] / (1 + Math.exp(-(intercept[k] + slope[k] * z)));
    }

    /**
     * Ridge logistic regression of {@code bought} on {@code z} over the given rows, penalised by {@code prior}
     * pseudo-observations' worth of curvature towards ({@code a0}, {@code b0}); {@code steps} of Newton's method
     * from ({@code alpha}, {@code beta}).
     */
    private static double[] logistic(double[] z, boolean[] bought, int[] count, int[][] groups, double a0,
                                     double b0, double prior, double alpha, double beta, int steps) {
        for (int step = 0; step < steps; step++) {
            double g0 = -prior * (alpha - a0);
            double g1 = -prior * (beta - b0);
            double h00 = prior;
            double h01 = 0;
            double h11 = prior;
            for (int[] group : groups) {
                for (int i : group) {
                    int c = count[i];
                    if (c == 0) {
                        continue;
                    }
                    double p = 1 / (1 + Math.exp(-(alpha + beta * z[i])));
                    double r = (bought[i] ? 1 : 0) - p;
                    double v = p * (1 - p) * c;
                    g0 += c * r;
                    g1 += c * r * z[i];
                    h00 += v;
                    h01 += v * z[i];
                    h11 += v * z[i] * z[i];
                }
            }
            double det = h00 * h11 - h01 * h01;
            if (!(det > 1e-12)) {
                break;
            }
            alpha += (h11 * g0 - h01 * g1) / det;
            beta += (h00 * g1 - h01 * g0) / det;
        }
        return new double[] {alpha, beta};
    }

    /** Σ count·y and Σ count over the purchasing rows of the groups {@code from} until {@code to}. */
    private static double[] positiveSum(int[][] groups, boolean[] bought, double[] y, int[] count, int from,
                                        int to) {
        double sum = 0;
        double n = 0;
        for (int g = from; g < to; g++) {
            for (int i : groups[g]) {
                if (count[i] > 0 && bought[i]) {
                    sum += count[i] * y[i];
                    n += count[i];
                }
            }
        }
        return new double[] {sum, n};
    }
}
