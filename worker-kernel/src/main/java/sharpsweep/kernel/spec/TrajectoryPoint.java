package sharpsweep.kernel.spec;

/** One log-spaced sample of the run, for progressive sharpening plots (docs/DESIGN.md §6). */
public record TrajectoryPoint(long step, double traceHessian, double lambdaMax, double lossGap,
                              double equilibriumResidual) {
}
