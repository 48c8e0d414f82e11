package sharpsweep.driver.analysis;

import java.util.List;

/**
 * One group's line of the summary table. Means and the fits use the rows whose verdict is {@code reached}
 * ({@link Measurement#reached}). A group with none falls back to its MAX_STEPS rows (not at equilibrium),
 * {@link #note} says so and {@code analyze} warns on screen.
 *
 * @param counts       how many rows the group has, by status and by use
 * @param cells        the (η, b) cells the fit used, each with its replicate mean and spread
 * @param fit          the η → 0, η/b → 0 extrapolation of T
 * @param lambdaFit    the same extrapolation of λ_max
 * @param chains       R̂ across the rows of each cell and whether the group is certified
 * @param layerConditionMean κ(W_k) per layer, averaged over the rows used
 * @param layerConditionStderr its standard error per layer (NaN with fewer than two rows)
 * @param reference    T(0) relative to the reference group's ({@link RelativeSharpness}); {@link Reference#NONE}
 *                     until attached
 */
public record GroupSummary(GroupKey key, Counts counts, double traceMean, double traceStderr, double lambdaMaxMean,
                           double lambdaMaxStderr, Extrapolation.Fit fit, double tracePred, double traceMin,
                           double lambdaMaxPred, double[] layerConditionMean, double[] layerConditionStderr,
                           double relaxationSteps, List<Extrapolation.Cell> cells, String note, Reference reference,
                           Extrapolation.Fit lambdaFit, Chains chains) {

    /**
     * Convergence across chains (docs/ANALYSIS.md): a cell's rows (replicates and starts at one η, b) are chains.
     *
     * @param rhat      the largest Gelman–Rubin R̂ of T over the cells with two or more rows; NaN without one
     * @param certified every row of the group {@code reached}, at least one cell has an R̂, and every R̂ ≤
     *                  {@link Summaries#RHAT_LIMIT}
     */
    public record Chains(double rhat, boolean certified) {
    }

    /**
     * The group's rows by status and use.
     *
     * @param used          rows that entered the means and the fit
     * @param atEquilibrium whether those rows are at equilibrium (false: the MAX_STEPS fall-back)
     * @param reached       rows whose verdict is {@code reached}
     */
    public record Counts(int n, int used, boolean atEquilibrium, int converged, int maxSteps, int diverged,
                         int failed, int reached) {
    }

    /**
     * T(0) / T(0) of the reference group: same key, isotropic noise.
     *
     * @param ratio  the relative sharpness
     * @param stderr its standard error (0 for the reference itself)
     * @param noise  the reference group's noise name; "" when the sweep has none
     */
    public record Reference(double ratio, double stderr, String noise) {
        /** Not (yet) relative to anything. */
        public static final Reference NONE = new Reference(Double.NaN, Double.NaN, "");
    }

    public GroupSummary withReference(Reference r) {
        return new GroupSummary(key, counts, traceMean, traceStderr, lambdaMaxMean, lambdaMaxStderr, fit, tracePred,
                traceMin, lambdaMaxPred, layerConditionMean, layerConditionStderr, relaxationSteps, cells, note, r,
                lambdaFit, chains);
    }

    public int n() {
        return counts.n();
    }

    public int used() {
        return counts.used();
    }

    public boolean atEquilibrium() {
        return counts.atEquilibrium();
    }

    public int converged() {
        return counts.converged();
    }

    public int maxSteps() {
        return counts.maxSteps();
    }

    public int diverged() {
        return counts.diverged();
    }

    public int failed() {
        return counts.failed();
    }

    public int reached() {
        return counts.reached();
    }

    public boolean certified() {
        return chains.certified();
    }

    /** T(0) / T(0) of the reference group. */
    public double relative() {
        return reference.ratio();
    }

    public double relativeStderr() {
        return reference.stderr();
    }

    public String referenceNoise() {
        return reference.noise();
    }

    public double traceRelErr() {
        return traceMean / tracePred - 1;
    }

    public double traceExtrapolatedRelErr() {
        return fit.intercept() / tracePred - 1;
    }

    public double lambdaMaxRelErr() {
        return lambdaMaxMean / lambdaMaxPred - 1;
    }
}
