package sharpsweep.kernel.spec;

import java.util.List;

/**
 * Outcome and theory of one kernel run: the outcome fields of docs/DESIGN.md §6. Window quantities are means
 * over the last window of measurements; NaN where not measured (e.g. a FAILED run) or where the
 * theory does not apply (width below rank V′, said in {@code message}).
 *
 * @param lambdaMax            top Hessian eigenvalue, Lanczos on exact population Hessian-vector
 *                             products (valid at any θ), mean over the final window
 * @param lambdaMaxGaussNewton top eigenvalue of the Gauss–Newton matrix K at the final θ (equals
 *                             λ_max at a global minimum)
 * @param layerCondition       κ(W_k) = σ_max/σ_min at the final θ, k = 1..D
 * @param relaxationSteps      τ = b / (2η²λ_min(Σ_ε)TrΣ_x), the slow relaxation time in steps
 * @param wallSeconds          the only field that differs between reruns
 * @param traceHessianStderr   estimator error of {@code traceHessian}: the Hutchinson standard error of the window
 *                             mean (0 when the trace was exact); NaN for the linear model's closed form
 * @param lambdaMaxStderr      estimator error of {@code lambdaMax}: the largest Lanczos residual bound |β_k s_k|
 *                             over the window (Lanczos is deterministic, so this bounds rather than samples
 *                             the error); NaN for the linear model
 */
public record TaskResult(Status status, String message, long steps, double wallSeconds,
                         double traceHessian, double traceHessianStd, double lambdaMax,
                         double lambdaMaxGaussNewton, double lossGap, double gradFluctuation,
                         double equilibriumResidual, double[] layerCondition,
                         double tracePred, double traceMin, double lambdaMaxPred,
                         double relaxationSteps, List<TrajectoryPoint> trajectory, double traceHessianStderr,
                         double lambdaMaxStderr) {

    /** A result without estimator errors (the linear model's exact measures). */
    public TaskResult(Status status, String message, long steps, double wallSeconds, double traceHessian,
                      double traceHessianStd, double lambdaMax, double lambdaMaxGaussNewton, double lossGap,
                      double gradFluctuation, double equilibriumResidual, double[] layerCondition, double tracePred,
                      double traceMin, double lambdaMaxPred, double relaxationSteps, List<TrajectoryPoint> trajectory) {
        this(status, message, steps, wallSeconds, traceHessian, traceHessianStd, lambdaMax, lambdaMaxGaussNewton,
                lossGap, gradFluctuation, equilibriumResidual, layerCondition, tracePred, traceMin, lambdaMaxPred,
                relaxationSteps, trajectory, Double.NaN, Double.NaN);
    }

    /** trace_hessian / trace_pred − 1. */
    public double traceRelErr() {
        return traceHessian / tracePred - 1.0;
    }
}
