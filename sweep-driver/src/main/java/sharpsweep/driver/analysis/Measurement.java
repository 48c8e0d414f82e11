package sharpsweep.driver.analysis;

/**
 * The columns of one result row that the analysis uses (docs/DESIGN.md §6). Undefined values are NaN.
 */
public record Measurement(GroupKey key, double learningRate, int batchSize, int replicate, String status,
                          long steps, double traceHessian, double lambdaMax,
                          double[] layerCondition, double tracePred, double traceMin, double lambdaMaxPred,
                          double relaxationSteps) {
}
