package sharpsweep.kernel.nonlinear;

import sharpsweep.kernel.random.Xoshiro256;
import sharpsweep.kernel.spec.Init;

/**
 * One transformer block read at the last position: multi-head self-attention then a ReLU MLP, each
 * with a residual connection, no biases, no normalisation. For tokens x_1..x_L ∈ R^d,
 * <pre>
 *   q = Wq x_L,  k_t = Wk x_t,  v_t = Wv x_t;   per head h (d/H columns): a_h = softmax_t(q_h·k_{t,h}/√(d/H)),
 *   o_h = Σ_t a_{h,t} v_{t,h};   z = x_L + Wo o;   f = z + W2 relu(W1 z)
 * </pre>
 * with Wq, Wk, Wv, Wo ∈ R^{d×d}, W1 ∈ R^{m×d}, W2 ∈ R^{d×m}; θ in that order, row-major. Only the
 * last position's output is read, so only its query is computed: the other rows of a full block do
 * not reach f. The output dimension is the input dimension d, as the residuals need.
 */
public final class Transformer implements Network {
    private final int d;
    private final int length;
    private final int heads;
    private final int headSize;
    private final int hidden;
    private final double scale;
    // θ offsets
    private final int wq;
    private final int wk;
    private final int wv;
    private final int wo;
    private final int w1;
    private final int w2;
    // per-sample scratch
    private final double[] q;
    private final double[] k;   // L × d
    private final double[] v;   // L × d
    private final double[] att; // H × L
    private final double[] o;
    private final double[] z;
    private final double[] u;
    private final boolean[] on;
    private final double[] f;
    private final double[] gz;
    private final double[] go;
    private final double[] gq;
    private final double[] ga;

    public Transformer(int d, int length, int heads, int hidden) {
        if (d % heads != 0) {
            throw new IllegalArgumentException("dimension " + d + " is not a multiple of heads = " + heads);
        }
        this.d = d;
        this.length = length;
        this.heads = heads;
        this.headSize = d / heads;
        this.hidden = hidden;
        this.scale = 1 / Math.sqrt(headSize);
        wq = 0;
        wk = d * d;
        wv = 2 * d * d;
        wo = 3 * d * d;
        w1 = 4 * d * d;
        w2 = w1 + hidden * d;
        q = new double[d];
        k = new double[length * d];
        v = new double[length * d];
        att = new double[heads * length];
        o = new double[d];
        z = new double[d];
        u = new double[hidden];
        on = new boolean[hidden];
        f = new double[d];
        gz = new double[d];
        go = new double[d];
        gq = new double[d];
        ga = new double[length];
    }

    @Override
    public int inputSize() {
        return length * d;
    }

    @Override
    public int outputSize() {
        return d;
    }

    @Override
    public int parameterCount() {
        return 4 * d * d + 2 * hidden * d;
    }

    @Override
    public int gatesPerSample() {
        return hidden;
    }

    @Override
    public void initialise(double[] theta, Init init, Xoshiro256 rng) {
        for (int m = 0; m < 4; m++) {
            Weights.fill(theta, m * d * d, d, d, init, rng);
        }
        Weights.fill(theta, w1, hidden, d, init, rng);
        Weights.fill(theta, w2, d, hidden, init, rng);
    }

    @Override
    public void predict(double[] theta, double[] x, int s, double[] out) {
        forward(theta, x, s, null);
        System.arraycopy(f, 0, out, 0, d);
    }

    @Override
    public double accumulate(double[] theta, double[] x, double[] y, int n, double[] grad, Gates gates) {
        double loss = 0;
        for (int s = 0; s < n; s++) {
            forward(theta, x, s, gates);
            int base = s * length * d;
            int lastToken = base + (length - 1) * d;
            for (int i = 0; i < d; i++) {
                f[i] -= y[s * d + i]; // f is now the residual g = f − y
                loss += 0.5 * f[i] * f[i];
            }
            // MLP: ∂/∂W2 = g uᵀ; g_pre = gate ⊙ W2ᵀ g; ∂/∂W1 = g_pre zᵀ; g_z = g + W1ᵀ g_pre.
            System.arraycopy(f, 0, gz, 0, d);
            for (int j = 0; j < hidden; j++) {
                double gu = 0;
                for (int i = 0; i < d; i++) {
                    grad[w2 + i * hidden + j] += f[i] * u[j];
                    gu += theta[w2 + i * hidden + j] * f[i];
                }
                if (!on[j]) {
                    continue;
                }
                for (int i = 0; i < d; i++) {
                    grad[w1 + j * d + i] += gu * z[i];
                    gz[i] += theta[w1 + j * d + i] * gu;
                }
            }
            // Output projection: ∂/∂Wo = g_z oᵀ; g_o = Woᵀ g_z.
            for (int i = 0; i < d; i++) {
                go[i] = 0;
            }
            for (int r = 0; r < d; r++) {
                for (int c = 0; c < d; c++) {
                    grad[wo + r * d + c] += gz[r] * o[c];
                    go[c] += theta[wo + r * d + c] * gz[r];
                }
            }
            // Attention, per head: g_a_t = g_o·v_t; g_v_t = a_t g_o; g_s = a ⊙ (g_a − a·g_a);
            // g_q = Σ_t g_s_t k_t / √d_h; g_k_t = g_s_t q / √d_h.
            for (int h = 0; h < heads; h++) {
                int c0 = h * headSize;
                double mean = 0;
                for (int t = 0; t < length; t++) {
                    double sum = 0;
                    for (int c = c0; c < c0 + headSize; c++) {
                        sum += go[c] * v[t * d + c];
                    }
                    ga[t] = sum;
                    mean += att[h * length + t] * sum;
                }
                for (int c = c0; c < c0 + headSize; c++) {
                    gq[c] = 0;
                }
                for (int t = 0; t < length; t++) {
                    double a = att[h * length + t];
                    double gs = a * (ga[t] - mean) * scale;
                    int xt = base + t * d;
                    for (int c = c0; c < c0 + headSize; c++) {
                        gq[c] += gs * k[t * d + c];
                        double gk = gs * q[c];
                        double gv = a * go[c];
                        for (int i = 0; i < d; i++) {
                            grad[wk + c * d + i] += gk * x[xt + i];
                            grad[wv + c * d + i] += gv * x[xt + i];
                        }
                    }
                }
                for (int c = c0; c < c0 + headSize; c++) {
                    for (int i = 0; i < d; i++) {
                        grad[wq + c * d + i] += gq[c] * x[lastToken + i];
                    }
                }
            }
        }
        return loss;
    }

    /** A short description, e.g. {@code mlp(width=4)}. */
    @Override
    public String toString() {
        return "transformer(d=" + d + ",length=" + length + ",heads=" + heads + ",width=" + hidden + ")";
    }

    private void forward(double[] theta, double[] x, int s, Gates gates) {
        int base = s * length * d;
        int lastToken = base + (length - 1) * d;
        multiply(theta, wq, x, lastToken, q);
        for (int t = 0; t < length; t++) {
            for (int r = 0; r < d; r++) {
                double sk = 0;
                double sv = 0;
                for (int c = 0; c < d; c++) {
                    double xc = x[base + t * d + c];
                    sk += theta[wk + r * d + c] * xc;
                    sv += theta[wv + r * d + c] * xc;
                }
                k[t * d + r] = sk;
                v[t * d + r] = sv;
            }
        }
        for (int h = 0; h < heads; h++) {
            int c0 = h * headSize;
            double max = Double.NEGATIVE_INFINITY;
            for (int t = 0; t < length; t++) {
                double sum = 0;
                for (int c = c0; c < c0 + headSize; c++) {
                    sum += q[c] * k[t * d + c];
                }
                att[h * length + t] = sum * scale;
                max = Math.max(max, sum * scale);
            }
            // Softmax with the maximum subtracted: no overflow for large scores.
            double total = 0;
            for (int t = 0; t < length; t++) {
                double e = StrictMath.exp(att[h * length + t] - max); // StrictMath: same bits in every JVM
                att[h * length + t] = e;
                total += e;
            }
            for (int t = 0; t < length; t++) {
                att[h * length + t] /= total;
            }
            for (int c = c0; c < c0 + headSize; c++) {
                double sum = 0;
                for (int t = 0; t < length; t++) {
                    sum += att[h * length + t] * v[t * d + c];
                }
                o[c] = sum;
            }
        }
        multiply(theta, wo, o, 0, z);
        for (int i = 0; i < d; i++) {
            z[i] += x[lastToken + i];
        }
        for (int j = 0; j < hidden; j++) {
            double sum = 0;
            for (int i = 0; i < d; i++) {
                sum += theta[w1 + j * d + i] * z[i];
            }
            on[j] = gates == null ? sum > 0 : gates.open(s * hidden + j, sum);
            u[j] = on[j] ? sum : 0;
        }
        for (int i = 0; i < d; i++) {
            double sum = z[i];
            for (int j = 0; j < hidden; j++) {
                sum += theta[w2 + i * hidden + j] * u[j];
            }
            f[i] = sum;
        }
    }

    /** out = M · in[from ..], M the d × d matrix at θ[offset ..]. */
    private void multiply(double[] theta, int offset, double[] in, int from, double[] out) {
        for (int r = 0; r < d; r++) {
            double sum = 0;
            for (int c = 0; c < d; c++) {
                sum += theta[offset + r * d + c] * in[from + c];
            }
            out[r] = sum;
        }
    }
}
