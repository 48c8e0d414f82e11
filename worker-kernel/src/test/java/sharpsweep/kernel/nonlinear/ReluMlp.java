package sharpsweep.kernel.nonlinear;

import sharpsweep.kernel.estimate.SymmetricOperator;

/**
 * f(x) = W2 · relu(W1 · x), W1 ∈ R^{h×d_x}, W2 ∈ R^{d_y×h}, on a fixed sample set: the empirical loss
 * L(θ) = (1/n) Σ ½‖y − f(x)‖², its gradient by backpropagation and exact Hessian-vector products by
 * the R-operator (Pearlmutter). θ is W1 then W2, row-major. The ReLU's second derivative is zero
 * wherever it exists, so the R-operator is the exact Hessian at every θ where no pre-activation is
 * exactly 0 (probability one) — unlike central differences of gradients, which are wrong whenever
 * the step crosses a kink. Test-only: the independent reference for the kernel's frozen-gate differences.
 */
final class ReluMlp {
    private final int dx;
    private final int hidden;
    private final int dy;
    private final int n;
    private final double[] x; // n × d_x, row-major
    private final double[] y; // n × d_y
    // Per-sample scratch, reused: no allocation per call.
    private final double[] a;
    private final double[] h;
    private final double[] r;
    private final double[] ra;
    private final double[] rr;

    public ReluMlp(int dx, int hidden, int dy, double[] x, double[] y) {
        if (x.length % dx != 0 || y.length != x.length / dx * dy) {
            throw new IllegalArgumentException("x has " + x.length + " values, y " + y.length + ": not n×" + dx
                    + " and n×" + dy);
        }
        this.dx = dx;
        this.hidden = hidden;
        this.dy = dy;
        this.n = x.length / dx;
        this.x = x;
        this.y = y;
        a = new double[hidden];
        h = new double[hidden];
        r = new double[dy];
        ra = new double[hidden];
        rr = new double[dy];
    }

    public int parameterCount() {
        return hidden * dx + dy * hidden;
    }

    public double loss(double[] theta) {
        double sum = 0;
        for (int s = 0; s < n; s++) {
            forward(theta, s);
            for (int k = 0; k < dy; k++) {
                sum += 0.5 * r[k] * r[k];
            }
        }
        return sum / n;
    }

    /** grad = ∇L(θ). */
    public void gradient(double[] theta, double[] grad) {
        java.util.Arrays.fill(grad, 0);
        int w2 = hidden * dx;
        for (int s = 0; s < n; s++) {
            forward(theta, s);
            // ∂/∂W2 = r hᵀ; ∂/∂W1 = D (W2ᵀ r) xᵀ.
            for (int k = 0; k < dy; k++) {
                for (int j = 0; j < hidden; j++) {
                    grad[w2 + k * hidden + j] += r[k] * h[j];
                }
            }
            for (int j = 0; j < hidden; j++) {
                double bj = 0;
                if (a[j] > 0) {
                    for (int k = 0; k < dy; k++) {
                        bj += theta[w2 + k * hidden + j] * r[k];
                    }
                }
                for (int i = 0; i < dx; i++) {
                    grad[j * dx + i] += bj * x[s * dx + i];
                }
            }
        }
        for (int p = 0; p < grad.length; p++) {
            grad[p] /= n;
        }
    }

    /** out = ∇²L(θ) · v, exactly (R-operator). */
    public void hessianVector(double[] theta, double[] v, double[] out) {
        java.util.Arrays.fill(out, 0);
        int w2 = hidden * dx;
        for (int s = 0; s < n; s++) {
            forward(theta, s);
            // R(a) = V1 x, R(h) = D R(a), R(r) = R(f) = V2 h + W2 R(h).
            for (int j = 0; j < hidden; j++) {
                double sum = 0;
                for (int i = 0; i < dx; i++) {
                    sum += v[j * dx + i] * x[s * dx + i];
                }
                ra[j] = a[j] > 0 ? sum : 0;
            }
            for (int k = 0; k < dy; k++) {
                double sum = 0;
                for (int j = 0; j < hidden; j++) {
                    sum += v[w2 + k * hidden + j] * h[j] + theta[w2 + k * hidden + j] * ra[j];
                }
                rr[k] = sum;
            }
            // R(∂/∂W2) = R(r) hᵀ + r R(h)ᵀ; R(∂/∂W1) = D (V2ᵀ r + W2ᵀ R(r)) xᵀ.
            for (int k = 0; k < dy; k++) {
                for (int j = 0; j < hidden; j++) {
                    out[w2 + k * hidden + j] += rr[k] * h[j] + r[k] * ra[j];
                }
            }
            for (int j = 0; j < hidden; j++) {
                double bj = 0;
                if (a[j] > 0) {
                    for (int k = 0; k < dy; k++) {
                        bj += v[w2 + k * hidden + j] * r[k] + theta[w2 + k * hidden + j] * rr[k];
                    }
                }
                for (int i = 0; i < dx; i++) {
                    out[j * dx + i] += bj * x[s * dx + i];
                }
            }
        }
        for (int p = 0; p < out.length; p++) {
            out[p] /= n;
        }
    }

    /** The Hessian at θ as an operator, for Lanczos and Hutchinson. */
    public SymmetricOperator hessianAt(double[] theta) {
        double[] at = theta.clone();
        return new SymmetricOperator() {
            @Override
            public int dimension() {
                return parameterCount();
            }

            @Override
            public void apply(double[] in, double[] out) {
                hessianVector(at, in, out);
            }
        };
    }

    /** a = W1 x_s, h = relu(a), r = W2 h − y_s (the residual's sign does not change ½‖r‖²). */
    private void forward(double[] theta, int s) {
        int w2 = hidden * dx;
        for (int j = 0; j < hidden; j++) {
            double sum = 0;
            for (int i = 0; i < dx; i++) {
                sum += theta[j * dx + i] * x[s * dx + i];
            }
            a[j] = sum;
            h[j] = sum > 0 ? sum : 0;
        }
        for (int k = 0; k < dy; k++) {
            double sum = 0;
            for (int j = 0; j < hidden; j++) {
                sum += theta[w2 + k * hidden + j] * h[j];
            }
            r[k] = sum - y[s * dy + k];
        }
    }
}
