package sharpsweep.driver.analysis;

import java.util.List;

/**
 * One group's line of the summary table. Means and the fit use the rows at equilibrium: CONVERGED,
 * and MAX_STEPS past {@link Summaries#EQUILIBRATED_TAUS} relaxation times. A group with none falls
 * back to its MAX_STEPS rows (not at equilibrium) and {@link #note} says so.
 *
 * @param used         rows that entered the means and the fit
 * @param atEquilibrium whether those rows are at equilibrium (false: the MAX_STEPS fall-back)
 * @param cells        the (η, b) cells the fit used, each with its replicate mean and spread
 * @param fit          the η → 0, η/b → 0 extrapolation of T
 * @param layerConditionMean κ(W_k) per layer, averaged over the rows used
 * @param relative     T(0) / T(0) of the reference group: same key, isotropic noise ({@link RelativeSharpness})
 * @param relativeStderr its standard error (0 for the reference itself)
 * @param referenceNoise the reference group's noise name; "" when the sweep has none
 */
public record GroupSummary(GroupKey key, int n, int used, boolean atEquilibrium, int converged, int maxSteps, int diverged, int failed,
                           double traceMean, double traceStderr, double lambdaMaxMean, double lambdaMaxStderr,
                           Extrapolation.Fit fit, double tracePred, double traceMin, double lambdaMaxPred,
                           double[] layerConditionMean, double relaxationSteps, List<Extrapolation.Cell> cells,
                           String note, double relative, double relativeStderr, String referenceNoise) {

    public GroupSummary withRelative(double ratio, double stderr, String reference) {
        return new GroupSummary(key, n, used, atEquilibrium, converged, maxSteps, diverged, failed, traceMean,
                traceStderr, lambdaMaxMean, lambdaMaxStderr, fit, tracePred, traceMin, lambdaMaxPred,
                layerConditionMean, relaxationSteps, cells, note, ratio, stderr, reference);
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
