package sharpsweep.kernel.nonlinear;

import static sharpsweep.kernel.nonlinear.OutputLoss.lossLabel;

import org.ejml.data.DMatrixRMaj;
import sharpsweep.kernel.linalg.Axpy;
import sharpsweep.kernel.random.Xoshiro256;
import sharpsweep.kernel.spec.Init;
import sharpsweep.kernel.spec.Loss;
import sharpsweep.kernel.spec.ModelSpec.Activation;

/**
 * An Elman network read at the last step: h_0 = 0, h_t = φ(Wx x_t + Wh h_{t−1}) for t = 1..L,
 * f = Wy h_L, with φ = tanh or ReLU and no biases. Wx ∈ R^{m×d_x}, Wh ∈ R^{m×m}, Wy ∈ R^{d_y×m};
 * θ is Wx, Wh, Wy, row-major. An input sample is the L tokens x_1..x_L, each d_x values. The gradient
 * is backpropagation through time.
 */
public final class Rnn implements Network {

    private final int dx;
    private final int hidden;
    private final int dy;
    private final int length;
    private final Loss loss;
    private final Activation activation;
    private final double[] states;   // h_0..h_L, (L+1) × m
    private final double[] slopes;   // φ′ at step t, L × m
    private final double[] r;
    // the batched passes' feature-major scratch, one column per sample (grows to the batch once)
    private final DMatrixRMaj wxm = new DMatrixRMaj(1, 1);
    private final DMatrixRMaj whm = new DMatrixRMaj(1, 1);
    private final DMatrixRMaj wym = new DMatrixRMaj(1, 1);
    private final DMatrixRMaj xt = new DMatrixRMaj(1, 1);
    private final DMatrixRMaj ys = new DMatrixRMaj(1, 1);
    private final DMatrixRMaj[] hsAll;     // H_0 .. H_L
    private final DMatrixRMaj[] slopesAll; // φ′ at step t
    private final DMatrixRMaj ghs = new DMatrixRMaj(1, 1);
    private final DMatrixRMaj gpres = new DMatrixRMaj(1, 1);
    private final DMatrixRMaj bt = new DMatrixRMaj(1, 1);
    private final DMatrixRMaj outer = new DMatrixRMaj(1, 1);

    public Rnn(int dx, int hidden, int dy, int length, Activation activation) {
        this(dx, hidden, dy, length, activation, Loss.MSE);
    }

    public Rnn(int dx, int hidden, int dy, int length, Activation activation, Loss loss) {
        this.loss = loss;
        this.dx = dx;
        this.hidden = hidden;
        this.dy = dy;
        this.length = length;
        this.activation = activation;
        states = new double[(length + 1) * hidden];
        slopes = new double[length * hidden];
        r = new double[dy];
        hsAll = new DMatrixRMaj[length + 1];
        slopesAll = new DMatrixRMaj[length];
        for (int t = 0; t <= length; t++) {
            hsAll[t] = new DMatrixRMaj(1, 1);
            if (t < length) {
                slopesAll[t] = new DMatrixRMaj(1, 1);
            }
        }
    }

    @Override
    public int inputSize() {
        return length * dx;
    }

    @Override
    public int outputSize() {
        return dy;
    }

    @Override
    public int parameterCount() {
        return hidden * dx + hidden * hidden + dy * hidden;
    }

    @Override
    public int gatesPerSample() {
        return activation == Activation.RELU ? length * hidden : 0;
    }

    @Override
    public void initialise(double[] theta, Init init, Xoshiro256 rng) {
        Weights.fill(theta, 0, hidden, dx, init, rng);
        Weights.fill(theta, hidden * dx, hidden, hidden, init, rng);
        Weights.fill(theta, hidden * dx + hidden * hidden, dy, hidden, init, rng);
    }

    @Override
    public void predict(double[] theta, double[] x, int s, double[] out) {
        forward(theta, x, s, null);
        System.arraycopy(r, 0, out, 0, dy);
    }

    /** H_t = φ(Wx·X_t + Wh·H_{t−1}), Y = Wy·H_L over the whole batch, samples as columns: the teacher's labels. */
    @Override
    public void predictAll(double[] theta, double[] x, int n, double[] out) {
        forwardAll(theta, x, n, null);
        FeatureMajor.block(theta, hidden * dx + hidden * hidden, dy, hidden, wym);
        ys.reshape(dy, n);
        Axpy.mult(wym, hsAll[length], ys);
        FeatureMajor.samples(ys, out);
    }

    /**
     * Backpropagation through time over the whole batch at once, samples as columns: per step back, G_pre =
     * φ′ ⊙ G_h, ∂Wx += G_pre X_tᵀ, ∂Wh += G_pre H_{t−1}ᵀ (products contracting over the samples), G_h = Whᵀ G_pre.
     * One sample at a time (width 4) this was most of an RNN's sharpness measurement (2 gradient passes over
     * the evaluation set per Hessian-vector product).
     */
    @Override
    public double accumulate(double[] theta, double[] x, double[] y, int n, double[] grad, Gates gates) {
        int wh = hidden * dx;
        int wy = wh + hidden * hidden;
        forwardAll(theta, x, n, gates);
        FeatureMajor.block(theta, wy, dy, hidden, wym);
        ys.reshape(dy, n);
        Axpy.mult(wym, hsAll[length], ys);
        double sum = OutputLoss.residual(loss, ys, y, n); // ys becomes ∂ℓ/∂f (f − y for squared error)
        FeatureMajor.addOuter(ys, hsAll[length], bt, outer, grad, wy);
        ghs.reshape(hidden, n);
        Axpy.multTransA(wym, ys, ghs);
        FeatureMajor.block(theta, wh, hidden, hidden, whm);
        gpres.reshape(hidden, n);
        for (int t = length - 1; t >= 0; t--) {
            double[] slope = slopesAll[t].data;
            for (int e = 0; e < hidden * n; e++) {
                gpres.data[e] = ghs.data[e] * slope[e];
            }
            FeatureMajor.tokens(x, length * dx, t * dx, dx, n, xt);
            FeatureMajor.addOuter(gpres, xt, bt, outer, grad, 0);
            if (t > 0) { // h_0 = 0: no gradient for Wh from the first step, and nothing flows further back
                FeatureMajor.addOuter(gpres, hsAll[t], bt, outer, grad, wh);
                Axpy.multTransA(whm, gpres, ghs);
            }
        }
        return sum;
    }

    /**
     * H_t = φ(Wx X_t + Wh H_{t−1}) over the whole batch, keeping every H_t and φ′ for backpropagation; ReLU
     * gates recorded or replayed with {@code gates} at index (s·L + t)·m + j, as {@link #forward} does.
     */
    private void forwardAll(double[] theta, double[] x, int n, Gates gates) {
        FeatureMajor.block(theta, 0, hidden, dx, wxm);
        FeatureMajor.block(theta, hidden * dx, hidden, hidden, whm);
        hsAll[0].reshape(hidden, n);
        java.util.Arrays.fill(hsAll[0].data, 0, hidden * n, 0);
        for (int t = 0; t < length; t++) {
            FeatureMajor.tokens(x, length * dx, t * dx, dx, n, xt);
            DMatrixRMaj next = hsAll[t + 1];
            next.reshape(hidden, n);
            slopesAll[t].reshape(hidden, n);
            Axpy.mult(wxm, xt, next);
            if (t > 0) { // h_0 = 0 adds nothing
                Axpy.multAdd(whm, hsAll[t], next);
            }
            double[] h = next.data;
            double[] slope = slopesAll[t].data;
            for (int j = 0; j < hidden; j++) {
                for (int s = 0; s < n; s++) {
                    int e = j * n + s;
                    double pre = h[e];
                    if (activation == Activation.TANH) {
                        double v = Elementary.tanh(pre);
                        h[e] = v;
                        slope[e] = 1 - v * v;
                    } else {
                        boolean on = gates == null ? pre > 0 : gates.open((s * length + t) * hidden + j, pre);
                        h[e] = on ? pre : 0;
                        slope[e] = on ? 1 : 0;
                    }
                }
            }
        }
    }

    /** A short description, e.g. {@code mlp(width=4)}. */
    @Override
    public String toString() {
        return "rnn(width=" + hidden + ",length=" + length + "," + activation.name().toLowerCase() + lossLabel(loss) + ")";
    }

    /** states h_0..h_L, slopes φ′, r = Wy h_L (the prediction). */
    private void forward(double[] theta, double[] x, int s, Gates gates) {
        int wh = hidden * dx;
        int wy = wh + hidden * hidden;
        for (int j = 0; j < hidden; j++) {
            states[j] = 0;
        }
        for (int t = 0; t < length; t++) {
            int xt = s * length * dx + t * dx;
            int prev = t * hidden;
            int next = prev + hidden;
            for (int j = 0; j < hidden; j++) {
                double sum = 0;
                for (int i = 0; i < dx; i++) {
                    sum += theta[j * dx + i] * x[xt + i];
                }
                for (int i = 0; i < hidden; i++) {
                    sum += theta[wh + j * hidden + i] * states[prev + i];
                }
                if (activation == Activation.TANH) {
                    double v = Elementary.tanh(sum); // plain Java: the same bits in every JVM
                    states[next + j] = v;
                    slopes[t * hidden + j] = 1 - v * v;
                } else {
                    int g = (s * length + t) * hidden + j;
                    boolean on = gates == null ? sum > 0 : gates.open(g, sum);
                    states[next + j] = on ? sum : 0;
                    slopes[t * hidden + j] = on ? 1 : 0;
                }
            }
        }
        int last = length * hidden;
        for (int k = 0; k < dy; k++) {
            double sum = 0;
            for (int j = 0; j < hidden; j++) {
                sum += theta[wy + k * hidden + j] * states[last + j];
            }
            r[k] = sum;
        }
    }
}
