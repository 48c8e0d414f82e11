package sharpsweep.kernel.linear;

/** The closed-form measurements at one θ (docs/DESIGN.md §2). */
public record Snapshot(double traceHessian, double lossGap, double gradFluctuation) {

    public boolean isFinite() {
        return Double.isFinite(traceHessian) && Double.isFinite(lossGap) && Double.isFinite(gradFluctuation);
    }
}
