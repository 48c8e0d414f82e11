package sharpsweep.kernel.spec;

import java.util.List;

/**
 * Outcome and theory of one kernel run: the outcome fields of docs/DESIGN.md §6. Window quantities are
 * means over the last window of measurements.
 *
 * <p>Not applicable is one convention: NaN for a number, null for {@code layerCondition} (the table writes
 * both as null). A value is not applicable when it was not measured (a FAILED run, a DIVERGED run's window
 * statistics), when the theory does not apply (width below rank V′, said in {@code message}), or when the
 * model has no such quantity (the linear model's closed forms have no estimator error; a nonlinear model has
 * no Gauss–Newton top, gradient fluctuation, equilibrium residual, layer conditions, theory or relaxation
 * time). Build one with {@link #builder(Status)}: every field starts not applicable.
 *
 * @param lambdaMax            top Hessian eigenvalue by Lanczos on Hessian-vector products: of the window-mean
 *                             Hessian (linear), or the window mean of per-snapshot values (nonlinear)
 * @param lambdaMaxGaussNewton top eigenvalue of the Gauss–Newton matrix K at the final θ (linear)
 * @param layerCondition       κ(W_k) = σ_max/σ_min at the final θ, k = 1..D (linear)
 * @param equilibriumResidual  the balance residual of the last window's mean terms (linear, docs/DESIGN.md §2)
 * @param relaxationSteps      τ, the slow relaxation time in steps (linear, docs/DESIGN.md §3)
 * @param equilibrium          the verdict (docs/DESIGN.md §7): {@code reached} when every equilibrium test held
 *                             over the final window, else the comma-separated names of those that failed;
 *                             null for a DIVERGED or FAILED run
 * @param relaxationTimes      steps / τ (linear)
 * @param wallSeconds          the only field that differs between reruns
 * @param traceHessianStderr   estimator error of {@code traceHessian} (nonlinear): the Hutchinson standard error
 *                             of the window mean, 0 when the trace was exact
 * @param lambdaMaxStderr      estimator error of {@code lambdaMax} (nonlinear): the mean Lanczos residual bound
 *                             |β_k s_k| over the window (Lanczos is deterministic: a bound, not a sample)
 */
public record TaskResult(Status status, String message, long steps, double wallSeconds,
                         double traceHessian, double traceHessianStd, double lambdaMax,
                         double lambdaMaxGaussNewton, double lossGap, double gradFluctuation,
                         double equilibriumResidual, double[] layerCondition,
                         double tracePred, double traceMin, double lambdaMaxPred,
                         double relaxationSteps, List<TrajectoryPoint> trajectory, double traceHessianStderr,
                         double lambdaMaxStderr, String equilibrium, double relaxationTimes) {

    /** trace_hessian / trace_pred − 1. */
    public double traceRelErr() {
        return traceHessian / tracePred - 1.0;
    }

    /** A FAILED result: the exception's class and message, nothing measured. */
    public static TaskResult failed(Throwable e, double wallSeconds) {
        return builder(Status.FAILED).message(e.getClass().getSimpleName() + ": " + e.getMessage())
                .wallSeconds(wallSeconds).build();
    }

    /** A builder whose every field is not applicable, with no steps, an empty message and trajectory. */
    public static Builder builder(Status status) {
        return new Builder(status);
    }

    /** Builds a {@link TaskResult} by name, one setter a field. */
    public static final class Builder {
        private final Status status;
        private String message = "";
        private long steps;
        private double wallSeconds = Double.NaN;
        private double traceHessian = Double.NaN;
        private double traceHessianStd = Double.NaN;
        private double traceHessianStderr = Double.NaN;
        private double lambdaMax = Double.NaN;
        private double lambdaMaxStderr = Double.NaN;
        private double lambdaMaxGaussNewton = Double.NaN;
        private double lossGap = Double.NaN;
        private double gradFluctuation = Double.NaN;
        private double equilibriumResidual = Double.NaN;
        private double[] layerCondition;
        private double tracePred = Double.NaN;
        private double traceMin = Double.NaN;
        private double lambdaMaxPred = Double.NaN;
        private double relaxationSteps = Double.NaN;
        private String equilibrium;
        private List<TrajectoryPoint> trajectory = List.of();

        private Builder(Status status) {
            this.status = status;
        }

        public Builder message(String v) {
            message = v;
            return this;
        }

        public Builder steps(long v) {
            steps = v;
            return this;
        }

        public Builder wallSeconds(double v) {
            wallSeconds = v;
            return this;
        }

        public Builder traceHessian(double mean, double std, double stderr) {
            traceHessian = mean;
            traceHessianStd = std;
            traceHessianStderr = stderr;
            return this;
        }

        public Builder lambdaMax(double mean, double stderr) {
            lambdaMax = mean;
            lambdaMaxStderr = stderr;
            return this;
        }

        public Builder lambdaMaxGaussNewton(double v) {
            lambdaMaxGaussNewton = v;
            return this;
        }

        public Builder lossGap(double v) {
            lossGap = v;
            return this;
        }

        public Builder gradFluctuation(double v) {
            gradFluctuation = v;
            return this;
        }

        public Builder equilibriumResidual(double v) {
            equilibriumResidual = v;
            return this;
        }

        public Builder layerCondition(double[] v) {
            layerCondition = v;
            return this;
        }

        /** T*, T_min and λ*_max. */
        public Builder theory(double tracePredicted, double traceMinimum, double lambdaMaxPredicted) {
            tracePred = tracePredicted;
            traceMin = traceMinimum;
            lambdaMaxPred = lambdaMaxPredicted;
            return this;
        }

        /** τ in steps; relaxation_times is then steps / τ. */
        public Builder relaxationSteps(double v) {
            relaxationSteps = v;
            return this;
        }

        public Builder equilibrium(String verdict) {
            equilibrium = verdict;
            return this;
        }

        public Builder trajectory(List<TrajectoryPoint> v) {
            trajectory = List.copyOf(v);
            return this;
        }

        public TaskResult build() {
            return new TaskResult(status, message, steps, wallSeconds, traceHessian, traceHessianStd, lambdaMax,
                    lambdaMaxGaussNewton, lossGap, gradFluctuation, equilibriumResidual, layerCondition, tracePred,
                    traceMin, lambdaMaxPred, relaxationSteps, trajectory, traceHessianStderr, lambdaMaxStderr,
                    equilibrium, steps / relaxationSteps);
        }
    }
}
