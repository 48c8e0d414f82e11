package sharpsweep.kernel.sgd;

/**
 * One sharpness measurement at the current θ, as a model reports it. A quantity the model does not have
 * (or λ_max when it was not asked for) is NaN.
 *
 * @param traceStderr       estimator error of the trace (Hutchinson's; 0 when exact, NaN for a closed form)
 * @param lambdaBound       Lanczos' residual bound on λ_max (NaN when not reported)
 * @param finite            whether every quantity this model measures is finite (otherwise the run diverged)
 */
public record Measurement(double trace, double traceStderr, double lambdaMax, double lambdaBound, double lossGap,
                          double gradFluctuation, double equilibriumResidual, boolean finite) {

    boolean hasLambda() {
        return !Double.isNaN(lambdaMax);
    }
}
