package sharpsweep.kernel.nonlinear;

import static sharpsweep.kernel.nonlinear.OutputLoss.lossLabel;

import org.ejml.data.DMatrixRMaj;
import sharpsweep.kernel.linalg.Axpy;
import sharpsweep.kernel.random.Xoshiro256;
import sharpsweep.kernel.spec.Init;
import sharpsweep.kernel.spec.Loss;

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
    private final Loss loss;
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
    // the batched passes' feature-major scratch, one column per sample (grows to the batch once)
    private final DMatrixRMaj wm = new DMatrixRMaj(1, 1);
    private final DMatrixRMaj[] xts;
    private final DMatrixRMaj qs = new DMatrixRMaj(1, 1);
    private final DMatrixRMaj[] ks;
    private final DMatrixRMaj[] vs;
    private final DMatrixRMaj[] atts;
    private final DMatrixRMaj os = new DMatrixRMaj(1, 1);
    private final DMatrixRMaj zs = new DMatrixRMaj(1, 1);
    private final DMatrixRMaj us = new DMatrixRMaj(1, 1);
    private final DMatrixRMaj fs = new DMatrixRMaj(1, 1);
    private boolean[] onAll = new boolean[0]; // the gates of us
    private final DMatrixRMaj gu = new DMatrixRMaj(1, 1);
    private final DMatrixRMaj gzs = new DMatrixRMaj(1, 1);
    private final DMatrixRMaj gos = new DMatrixRMaj(1, 1);
    private final DMatrixRMaj gqs = new DMatrixRMaj(1, 1);
    private final DMatrixRMaj[] gks;
    private final DMatrixRMaj[] gvs;
    private final DMatrixRMaj gas = new DMatrixRMaj(1, 1);
    private double[] mean = new double[0];
    private final DMatrixRMaj bt = new DMatrixRMaj(1, 1);
    private final DMatrixRMaj outer = new DMatrixRMaj(1, 1);

    public Transformer(int d, int length, int heads, int hidden) {
        this(d, length, heads, hidden, Loss.MSE);
    }

    public Transformer(int d, int length, int heads, int hidden, Loss loss) {
        this.loss = loss;
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
        xts = matrices(length);
        ks = matrices(length);
        vs = matrices(length);
        gks = matrices(length);
        gvs = matrices(length);
        atts = matrices(heads);
    }

    private static DMatrixRMaj[] matrices(int count) {
        DMatrixRMaj[] m = new DMatrixRMaj[count];
        for (int i = 0; i < count; i++) {
            m[i] = new DMatrixRMaj(1, 1);
        }
        return m;
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

    /** The block over the whole batch ({@link #forwardAll}), samples as columns: the teacher's labels. */
    @Override
    public void predictAll(double[] theta, double[] x, int n, double[] out) {
        forwardAll(theta, x, n, null);
        FeatureMajor.samples(fs, out);
    }

    /**
     * Backpropagation over the whole batch at once, samples as columns: each weight's gradient is one product
     * contracting over the samples (G·Xᵀ), each backward step a product with a weight matrix, and attention's
     * backward runs per head along the samples. One sample at a time (d = 8, width 4: loops of 4 and 8) this
     * was most of a transformer's step and of its sharpness measurement.
     */
    @Override
    public double accumulate(double[] theta, double[] x, double[] y, int n, double[] grad, Gates gates) {
        forwardAll(theta, x, n, gates);
        double sum = OutputLoss.residual(loss, fs, y, n); // fs becomes g = ∂ℓ/∂f (f − y for squared error)
        // MLP: ∂/∂W2 = G Uᵀ; G_pre = gate ⊙ W2ᵀ G; ∂/∂W1 = G_pre Zᵀ; G_z = G + W1ᵀ G_pre.
        addOuter(fs, us, grad, w2);
        FeatureMajor.block(theta, w2, d, hidden, wm);
        gu.reshape(hidden, n);
        Axpy.multTransA(wm, fs, gu);
        for (int e = 0; e < hidden * n; e++) {
            gu.data[e] = onAll[e] ? gu.data[e] : 0;
        }
        addOuter(gu, zs, grad, w1);
        FeatureMajor.block(theta, w1, hidden, d, wm);
        gzs.reshape(d, n);
        Axpy.multTransA(wm, gu, gzs);
        for (int e = 0; e < d * n; e++) {
            gzs.data[e] += fs.data[e];
        }
        // Output projection: ∂/∂Wo = G_z Oᵀ; G_o = Woᵀ G_z.
        addOuter(gzs, os, grad, wo);
        FeatureMajor.block(theta, wo, d, d, wm);
        gos.reshape(d, n);
        Axpy.multTransA(wm, gzs, gos);
        attendBackAll(n);
        addOuter(gqs, xts[length - 1], grad, wq);
        for (int t = 0; t < length; t++) {
            addOuter(gks[t], xts[t], grad, wk);
            addOuter(gvs[t], xts[t], grad, wv);
        }
        return sum;
    }

    /**
     * Attention's backward per head, along the samples: g_a_t = g_o·v_t; g_s = a ⊙ (g_a − a·g_a) / √d_h;
     * G_q = Σ_t g_s_t k_t; G_k_t = g_s_t q; G_v_t = a_t g_o.
     */
    private void attendBackAll(int n) {
        gqs.reshape(d, n);
        java.util.Arrays.fill(gqs.data, 0, d * n, 0);
        double[] go2 = gos.data;
        double[] q2 = qs.data;
        double[] gq2 = gqs.data;
        for (int t = 0; t < length; t++) {
            gks[t].reshape(d, n);
            gvs[t].reshape(d, n);
        }
        gas.reshape(length, n);
        double[] g = gas.data;
        for (int h = 0; h < heads; h++) {
            int c0 = h * headSize;
            double[] a = atts[h].data;
            java.util.Arrays.fill(g, 0, length * n, 0);
            java.util.Arrays.fill(mean, 0, n, 0);
            for (int t = 0; t < length; t++) {
                double[] vt = vs[t].data;
                for (int c = c0; c < c0 + headSize; c++) {
                    for (int s = 0; s < n; s++) {
                        g[t * n + s] += go2[c * n + s] * vt[c * n + s];
                    }
                }
                for (int s = 0; s < n; s++) {
                    mean[s] += a[t * n + s] * g[t * n + s];
                }
            }
            for (int t = 0; t < length; t++) {
                double[] kt = ks[t].data;
                double[] gk = gks[t].data;
                double[] gv = gvs[t].data;
                for (int s = 0; s < n; s++) {
                    g[t * n + s] = a[t * n + s] * (g[t * n + s] - mean[s]) * scale; // g_s
                }
                for (int c = c0; c < c0 + headSize; c++) {
                    for (int s = 0; s < n; s++) {
                        gq2[c * n + s] += g[t * n + s] * kt[c * n + s];
                        gk[c * n + s] = g[t * n + s] * q2[c * n + s];
                        gv[c * n + s] = a[t * n + s] * go2[c * n + s];
                    }
                }
            }
        }
    }

    private void addOuter(DMatrixRMaj a, DMatrixRMaj b, double[] grad, int offset) {
        FeatureMajor.addOuter(a, b, bt, outer, grad, offset);
    }

    /**
     * The forward pass over the whole batch, samples as columns, keeping what backpropagation needs: the tokens,
     * q, k_t, v_t, the attention weights per head, o, z, the gated u (gates recorded or replayed with
     * {@code gates}, index s·m + j as in {@link #forward}) and f. The same sums as {@link #forward}, with
     * the products as fused multiply-adds.
     */
    private void forwardAll(double[] theta, double[] x, int n, Gates gates) {
        int input = length * d;
        for (int t = 0; t < length; t++) {
            FeatureMajor.tokens(x, input, t * d, d, n, xts[t]);
        }
        DMatrixRMaj xl = xts[length - 1];
        FeatureMajor.block(theta, wq, d, d, wm);
        qs.reshape(d, n);
        Axpy.mult(wm, xl, qs);
        FeatureMajor.block(theta, wk, d, d, wm);
        for (int t = 0; t < length; t++) {
            ks[t].reshape(d, n);
            Axpy.mult(wm, xts[t], ks[t]);
        }
        FeatureMajor.block(theta, wv, d, d, wm);
        for (int t = 0; t < length; t++) {
            vs[t].reshape(d, n);
            Axpy.mult(wm, xts[t], vs[t]);
        }
        attendAll(n);
        FeatureMajor.block(theta, wo, d, d, wm);
        zs.reshape(d, n);
        Axpy.mult(wm, os, zs);
        for (int e = 0; e < d * n; e++) {
            zs.data[e] += xl.data[e];
        }
        FeatureMajor.block(theta, w1, hidden, d, wm);
        us.reshape(hidden, n);
        Axpy.mult(wm, zs, us);
        if (mean.length < n) {
            mean = new double[n];
        }
        onAll = FeatureMajor.gate(us, onAll, gates);
        FeatureMajor.block(theta, w2, d, hidden, wm);
        fs.setTo(zs);
        Axpy.multAdd(wm, us, fs);
    }

    /** os (d × n) = per head, Σ_t softmax_t(q·k_t / √d_h) v_t, and atts[h] the weights; the same sums as {@link #forward}. */
    private void attendAll(int n) {
        os.reshape(d, n);
        double[] q2 = qs.data;
        double[] o2 = os.data;
        java.util.Arrays.fill(o2, 0, d * n, 0);
        for (int h = 0; h < heads; h++) {
            int c0 = h * headSize;
            atts[h].reshape(length, n);
            double[] a = atts[h].data;
            java.util.Arrays.fill(a, 0, length * n, 0);
            for (int t = 0; t < length; t++) {
                double[] kt = ks[t].data;
                for (int c = c0; c < c0 + headSize; c++) {
                    for (int s = 0; s < n; s++) {
                        a[t * n + s] += q2[c * n + s] * kt[c * n + s];
                    }
                }
            }
            for (int s = 0; s < n; s++) {
                double max = Double.NEGATIVE_INFINITY;
                for (int t = 0; t < length; t++) {
                    a[t * n + s] *= scale;
                    max = Math.max(max, a[t * n + s]);
                }
                double total = 0;
                for (int t = 0; t < length; t++) {
                    double e = Elementary.expNonPositive(a[t * n + s] - max); // ≤ 0: the max subtracted; plain Java, same bits in every JVM
                    a[t * n + s] = e;
                    total += e;
                }
                for (int t = 0; t < length; t++) {
                    a[t * n + s] /= total;
                }
            }
            for (int c = c0; c < c0 + headSize; c++) {
                for (int t = 0; t < length; t++) {
                    double[] vt = vs[t].data;
                    for (int s = 0; s < n; s++) {
                        o2[c * n + s] += a[t * n + s] * vt[c * n + s];
                    }
                }
            }
        }
    }

    /** A short description, e.g. {@code mlp(width=4)}. */
    @Override
    public String toString() {
        return "transformer(d=" + d + ",length=" + length + ",heads=" + heads + ",width=" + hidden + lossLabel(loss) + ")";
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
                double e = Elementary.expNonPositive(att[h * length + t] - max); // ≤ 0: the max subtracted; plain Java, same bits in every JVM
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
