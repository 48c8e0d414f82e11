package sharpsweep.kernel.nonlinear;

import sharpsweep.kernel.random.Xoshiro256;
import sharpsweep.kernel.spec.Init;
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
    private final Activation activation;
    private final double[] states;   // h_0..h_L, (L+1) × m
    private final double[] slopes;   // φ′ at step t, L × m
    private final double[] r;
    private final double[] gh;
    private final double[] gpre;

    public Rnn(int dx, int hidden, int dy, int length, Activation activation) {
        this.dx = dx;
        this.hidden = hidden;
        this.dy = dy;
        this.length = length;
        this.activation = activation;
        states = new double[(length + 1) * hidden];
        slopes = new double[length * hidden];
        r = new double[dy];
        gh = new double[hidden];
        gpre = new double[hidden];
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

    @Override
    public double accumulate(double[] theta, double[] x, double[] y, int n, double[] grad, Gates gates) {
        int wh = hidden * dx;
        int wy = wh + hidden * hidden;
        double loss = 0;
        for (int s = 0; s < n; s++) {
            forward(theta, x, s, gates);
            for (int k = 0; k < dy; k++) {
                r[k] -= y[s * dy + k];
                loss += 0.5 * r[k] * r[k];
            }
            int last = length * hidden;
            // ∂/∂Wy = r h_Lᵀ; g_h = Wyᵀ r.
            for (int j = 0; j < hidden; j++) {
                gh[j] = 0;
            }
            for (int k = 0; k < dy; k++) {
                for (int j = 0; j < hidden; j++) {
                    grad[wy + k * hidden + j] += r[k] * states[last + j];
                    gh[j] += theta[wy + k * hidden + j] * r[k];
                }
            }
            // Back through time: g_pre = φ′ ⊙ g_h; ∂/∂Wx += g_pre x_tᵀ; ∂/∂Wh += g_pre h_{t−1}ᵀ; g_h = Whᵀ g_pre.
            for (int t = length - 1; t >= 0; t--) {
                for (int j = 0; j < hidden; j++) {
                    gpre[j] = gh[j] * slopes[t * hidden + j];
                }
                int xt = s * length * dx + t * dx;
                int prev = t * hidden;
                for (int j = 0; j < hidden; j++) {
                    double g = gpre[j];
                    for (int i = 0; i < dx; i++) {
                        grad[j * dx + i] += g * x[xt + i];
                    }
                    for (int i = 0; i < hidden; i++) {
                        grad[wh + j * hidden + i] += g * states[prev + i];
                    }
                }
                for (int i = 0; i < hidden; i++) {
                    double sum = 0;
                    for (int j = 0; j < hidden; j++) {
                        sum += theta[wh + j * hidden + i] * gpre[j];
                    }
                    gh[i] = sum;
                }
            }
        }
        return loss;
    }

    /** A short description, e.g. {@code mlp(width=4)}. */
    @Override
    public String toString() {
        return "rnn(width=" + hidden + ",length=" + length + "," + activation.name().toLowerCase() + ")";
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
                    double v = StrictMath.tanh(sum); // StrictMath: the same bits in every JVM
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
