package sharpsweep.driver.analysis;

/** One task's log-spaced trajectory (docs/DESIGN.md §6), for the progressive-sharpening plots. */
public record Trajectory(GroupKey key, double learningRate, int batchSize, int replicate,
                         double tracePred, double lambdaMaxPred, long[] step, double[] traceHessian,
                         double[] lambdaMax) {
}
