package sharpsweep.kernel.nonlinear;

import sharpsweep.kernel.estimate.SymmetricOperator;

/**
 * The Hessian of a {@link SampleSet}'s loss at θ, applied by central differences of exact gradients,
 * Hv ≈ (∇L(θ + hv) − ∇L(θ − hv)) / 2h, with the ReLU gates frozen at θ ({@link Gates}).
 *
 * <p>Why differences rather than the R-operator: one mechanism serves every architecture (an
 * R-pass through softmax attention and back-propagation through time would double each model's
 * code), and its accuracy is far below what the estimators resolve. With the gates frozen the loss
 * is smooth, so the error is O((h‖v‖)²·‖∇³L‖) from truncation plus O(ε·‖∇L‖ / h‖v‖) from rounding;
 * h‖v‖ = ε^{1/3}·max(1, ‖θ‖) ≈ 6e-6·max(1, ‖θ‖) balances the two at ~1e-10 relative. Tests check
 * it against the MLP's exact R-operator and against second differences of the loss.
 */
public final class GradientDifferenceHessian implements SymmetricOperator {
    /** ε^{1/3} for double precision, the step that balances truncation and rounding. */
    static final double RELATIVE_STEP = 6e-6;

    private final SampleSet samples;
    private final double[] theta;
    private final double thetaScale;
    private final Gates gates;
    private final double[] shifted;
    private final double[] minus;
    private final double loss;

    /** Records the gates at θ (copied: later changes to the caller's array do not reach this operator). */
    public GradientDifferenceHessian(SampleSet samples, double[] theta) {
        this.samples = samples;
        this.theta = theta.clone();
        Network net = samples.network();
        gates = new Gates(samples.n() * net.gatesPerSample());
        shifted = new double[theta.length];
        minus = new double[theta.length];
        gates.record();
        loss = samples.gradient(this.theta, minus, gates);
        gates.replay();
        double norm = 0;
        for (double t : theta) {
            norm += t * t;
        }
        thetaScale = Math.max(1, Math.sqrt(norm));
    }

    /** The loss at θ, from the pass that recorded the gates. */
    public double loss() {
        return loss;
    }

    @Override
    public int dimension() {
        return theta.length;
    }

    @Override
    public void apply(double[] in, double[] out) {
        double norm = 0;
        for (double t : in) {
            norm += t * t;
        }
        norm = Math.sqrt(norm);
        if (norm == 0) {
            java.util.Arrays.fill(out, 0);
            return;
        }
        double h = RELATIVE_STEP * thetaScale / norm;
        for (int p = 0; p < theta.length; p++) {
            shifted[p] = theta[p] - h * in[p];
        }
        samples.gradient(shifted, minus, gates);
        for (int p = 0; p < theta.length; p++) {
            shifted[p] = theta[p] + h * in[p];
        }
        samples.gradient(shifted, out, gates);
        for (int p = 0; p < theta.length; p++) {
            out[p] = (out[p] - minus[p]) / (2 * h);
        }
    }
}
