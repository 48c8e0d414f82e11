package sharpsweep.kernel.nonlinear;

import static sharpsweep.kernel.nonlinear.OutputLoss.lossLabel;

import org.ejml.data.DMatrixRMaj;
import sharpsweep.kernel.linalg.Axpy;
import sharpsweep.kernel.random.Xoshiro256;
import sharpsweep.kernel.spec.Init;
import sharpsweep.kernel.spec.Loss;

/**
 * f(x) = W2 · relu(W1 · x), W1 ∈ R^{h×d_x}, W2 ∈ R^{d_y×h}, no biases (the paper's teacher–student
 * MLP). θ is W1 then W2, row-major.
 */
public final class Mlp implements Network {
    private final int dx;
    private final int hidden;
    private final int dy;
    private final Loss loss;
    private final boolean[] on;
    private final double[] h;
    private final double[] r;
    // the batched passes' feature-major scratch, one column per sample (grows to the batch once)
    private final DMatrixRMaj w1m = new DMatrixRMaj(1, 1);
    private final DMatrixRMaj w2m = new DMatrixRMaj(1, 1);
    private final DMatrixRMaj xs = new DMatrixRMaj(1, 1);
    private final DMatrixRMaj hs = new DMatrixRMaj(1, 1);
    private final DMatrixRMaj ys = new DMatrixRMaj(1, 1);
    private final DMatrixRMaj gh = new DMatrixRMaj(1, 1);
    private final DMatrixRMaj bt = new DMatrixRMaj(1, 1);
    private final DMatrixRMaj outer = new DMatrixRMaj(1, 1);
    private boolean[] onAll = new boolean[0]; // the gates of hs

    public Mlp(int dx, int hidden, int dy) {
        this(dx, hidden, dy, Loss.MSE);
    }

    public Mlp(int dx, int hidden, int dy, Loss loss) {
        this.loss = loss;
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

    /** H = relu(W1·X), Y = W2·H over the whole batch, samples as columns: the teacher's labels. */
    @Override
    public void predictAll(double[] theta, double[] x, int n, double[] out) {
        forwardAll(theta, x, n, null);
        FeatureMajor.samples(ys, out);
    }

    /**
     * Backpropagation over the whole batch at once, samples as columns: ∂W2 = R Hᵀ, G = gate ⊙ W2ᵀ R, ∂W1 = G Xᵀ
     * (products contracting over the samples). One sample at a time (d = 2, width 4: loops of 2 and 4) this was
     * most of an MLP's sharpness measurement (2 gradient passes over the evaluation set per Hessian-vector product).
     */
    @Override
    public double accumulate(double[] theta, double[] x, double[] y, int n, double[] grad, Gates gates) {
        forwardAll(theta, x, n, gates);
        double sum = OutputLoss.residual(loss, ys, y, n); // ys becomes ∂ℓ/∂f (f − y for squared error)
        FeatureMajor.addOuter(ys, hs, bt, outer, grad, hidden * dx);
        gh.reshape(hidden, n);
        Axpy.multTransA(w2m, ys, gh);
        for (int e = 0; e < hidden * n; e++) {
            gh.data[e] = onAll[e] ? gh.data[e] : 0;
        }
        FeatureMajor.addOuter(gh, xs, bt, outer, grad, 0);
        return sum;
    }

    /** X, H = gated W1·X (gates recorded or replayed at index s·m + j, as {@link #forward}) and Y = W2·H. */
    private void forwardAll(double[] theta, double[] x, int n, Gates gates) {
        FeatureMajor.block(theta, 0, hidden, dx, w1m);
        FeatureMajor.block(theta, hidden * dx, dy, hidden, w2m);
        FeatureMajor.tokens(x, dx, 0, dx, n, xs);
        hs.reshape(hidden, n);
        Axpy.mult(w1m, xs, hs);
        onAll = FeatureMajor.gate(hs, onAll, gates);
        ys.reshape(dy, n);
        Axpy.mult(w2m, hs, ys);
    }

    /** A short description, e.g. {@code mlp(width=4)}. */
    @Override
    public String toString() {
        return "mlp(width=" + hidden + lossLabel(loss) + ")";
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
