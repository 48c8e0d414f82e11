package sharpsweep.kernel.nonlinear;

import org.ejml.data.DMatrixRMaj;
import sharpsweep.kernel.linalg.Axpy;
import sharpsweep.kernel.random.Xoshiro256;
import sharpsweep.kernel.spec.Init;

/**
 * f(x) = W2 · relu(W1 · x), W1 ∈ R^{h×d_x}, W2 ∈ R^{d_y×h}, no biases (the paper's teacher–student
 * MLP). θ is W1 then W2, row-major.
 */
public final class Mlp implements Network {
    private final int dx;
    private final int hidden;
    private final int dy;
    private final boolean[] on;
    private final double[] h;
    private final double[] r;
    // predictAll's feature-major scratch (grows to the batch once)
    private final DMatrixRMaj w1m = new DMatrixRMaj(1, 1);
    private final DMatrixRMaj w2m = new DMatrixRMaj(1, 1);
    private final DMatrixRMaj xs = new DMatrixRMaj(1, 1);
    private final DMatrixRMaj hs = new DMatrixRMaj(1, 1);
    private final DMatrixRMaj ys = new DMatrixRMaj(1, 1);

    public Mlp(int dx, int hidden, int dy) {
        this.dx = dx;
        this.hidden = hidden;
        this.dy = dy;
        on = new boolean[hidden];
        h = new double[hidden];
        r = new double[dy];
    }

    @Override
    public int inputSize() {
        return dx;
    }

    @Override
    public int outputSize() {
        return dy;
    }

    @Override
    public int parameterCount() {
        return hidden * dx + dy * hidden;
    }

    @Override
    public int gatesPerSample() {
        return hidden;
    }

    @Override
    public void initialise(double[] theta, Init init, Xoshiro256 rng) {
        Weights.fill(theta, 0, hidden, dx, init, rng);
        Weights.fill(theta, hidden * dx, dy, hidden, init, rng);
    }

    @Override
    public void predict(double[] theta, double[] x, int s, double[] out) {
        forward(theta, x, s, null);
        System.arraycopy(r, 0, out, 0, dy);
    }

    /** H = relu(W1·X), Y = W2·H over the whole batch, samples as columns. */
    @Override
    public void predictAll(double[] theta, double[] x, int n, double[] out) {
        FeatureMajor.block(theta, 0, hidden, dx, w1m);
        FeatureMajor.block(theta, hidden * dx, dy, hidden, w2m);
        FeatureMajor.tokens(x, dx, 0, dx, n, xs);
        hs.reshape(hidden, n);
        Axpy.mult(w1m, xs, hs);
        FeatureMajor.relu(hs);
        ys.reshape(dy, n);
        Axpy.mult(w2m, hs, ys);
        FeatureMajor.samples(ys, out);
    }

    @Override
    public double accumulate(double[] theta, double[] x, double[] y, int n, double[] grad, Gates gates) {
        int w2 = hidden * dx;
        double loss = 0;
        for (int s = 0; s < n; s++) {
            forward(theta, x, s, gates);
            for (int k = 0; k < dy; k++) {
                r[k] -= y[s * dy + k];
                loss += 0.5 * r[k] * r[k];
            }
            // ∂/∂W2 = r hᵀ; ∂/∂W1 = D (W2ᵀ r) xᵀ, D the open gates.
            for (int k = 0; k < dy; k++) {
                for (int j = 0; j < hidden; j++) {
                    grad[w2 + k * hidden + j] += r[k] * h[j];
                }
            }
            for (int j = 0; j < hidden; j++) {
                if (!on[j]) {
                    continue;
                }
                double bj = 0;
                for (int k = 0; k < dy; k++) {
                    bj += theta[w2 + k * hidden + j] * r[k];
                }
                for (int i = 0; i < dx; i++) {
                    grad[j * dx + i] += bj * x[s * dx + i];
                }
            }
        }
        return loss;
    }

    /** A short description, e.g. {@code mlp(width=4)}. */
    @Override
    public String toString() {
        return "mlp(width=" + hidden + ")";
    }

    /** h = gated W1 x_s, r = W2 h (the prediction). */
    private void forward(double[] theta, double[] x, int s, Gates gates) {
        int w2 = hidden * dx;
        for (int j = 0; j < hidden; j++) {
            double sum = 0;
            for (int i = 0; i < dx; i++) {
                sum += theta[j * dx + i] * x[s * dx + i];
            }
            on[j] = gates == null ? sum > 0 : gates.open(s * hidden + j, sum);
            h[j] = on[j] ? sum : 0;
        }
        for (int k = 0; k < dy; k++) {
            double sum = 0;
            for (int j = 0; j < hidden; j++) {
                sum += theta[w2 + k * hidden + j] * h[j];
            }
            r[k] = sum;
        }
    }
}
