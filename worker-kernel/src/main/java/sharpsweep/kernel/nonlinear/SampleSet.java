package sharpsweep.kernel.nonlinear;

import java.util.Arrays;

/**
 * n samples (x_s, y_s), row-major, and the empirical loss L(θ) = (1/n) Σ_s ½‖f_θ(x_s) − y_s‖² of a
 * network on them.
 */
public record SampleSet(Network network, double[] x, double[] y, int n) {
    public SampleSet {
        if (x.length < n * network.inputSize() || y.length < n * network.outputSize()) {
            throw new IllegalArgumentException("x has " + x.length + " values and y " + y.length + ": fewer than "
                    + n + " samples of " + network.inputSize() + " and " + network.outputSize());
        }
    }

    public double loss(double[] theta) {
        double[] scratch = new double[network.parameterCount()];
        return network.accumulate(theta, x, y, n, scratch, null) / n;
    }

    /** grad = ∇L(θ); returns L(θ). */
    public double gradient(double[] theta, double[] grad) {
        return gradient(theta, grad, null);
    }

    /** grad = ∇L(θ) with the ReLU gates recorded or replayed; returns L(θ). */
    public double gradient(double[] theta, double[] grad, Gates gates) {
        Arrays.fill(grad, 0);
        double loss = network.accumulate(theta, x, y, n, grad, gates);
        for (int p = 0; p < grad.length; p++) {
            grad[p] /= n;
        }
        return loss / n;
    }
}
