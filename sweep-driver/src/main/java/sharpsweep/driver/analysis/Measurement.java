package sharpsweep.driver.analysis;

/**
 * The columns of one result row that the analysis uses (docs/DESIGN.md §6). Undefined values are NaN.
 *
 * @param equilibrium        the row's verdict; "" when null (a DIVERGED or FAILED row, or a table of schema 2,
 *                           which has no such column)
 * @param traceStd           the window's sample standard deviation of T (for R̂)
 * @param windowMeasurements measurements in the row's window (convergence.measurements_per_window)
 */
public record Measurement(GroupKey key, double learningRate, int batchSize, int replicate, String status,
                          long steps, double traceHessian, double lambdaMax,
                          double[] layerCondition, double tracePred, double traceMin, double lambdaMaxPred,
                          double relaxationSteps, String equilibrium, double traceStd, int windowMeasurements) {

    /**
     * A MAX_STEPS row of a schema-2 table (no verdict column) that lasted this many relaxation times counted as
     * at equilibrium (the old rule: burn-in 4τ plus three windows of τ).
     */
    static final double LEGACY_EQUILIBRATED_TAUS = 7;

    /**
     * Whether the row is at equilibrium: its verdict is {@code reached}. A schema-2 row (no verdict) keeps that
     * schema's rule: CONVERGED, a linear MAX_STEPS row past 7 relaxation times, or a nonlinear MAX_STEPS row.
     */
    public boolean reached() {
        if (!equilibrium.isEmpty()) {
            return equilibrium.equals("reached");
        }
        if (status.equals("CONVERGED")) {
            return true;
        }
        return status.equals("MAX_STEPS") && (!key.hasTheory()
                || Double.isFinite(relaxationSteps) && steps >= LEGACY_EQUILIBRATED_TAUS * relaxationSteps);
    }
}
