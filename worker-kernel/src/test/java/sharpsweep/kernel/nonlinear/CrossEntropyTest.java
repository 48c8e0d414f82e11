package sharpsweep.kernel.nonlinear;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.junit.jupiter.api.Test;
import sharpsweep.kernel.random.Xoshiro256;
import sharpsweep.kernel.spec.Init;
import sharpsweep.kernel.spec.Loss;
import sharpsweep.kernel.support.Fixtures;

/**
 * The cross-entropy loss against independent quantities: the textbook softmax formulas evaluated directly, the
 * closed-form Hessian of a one-layer softmax regression, and the deep linear network's output against the product
 * of its matrices. (Gradients and Hessian-vector products of every network under cross-entropy against finite
 * differences: {@link NetworksTest}.)
 */
class CrossEntropyTest {

    @Test
    void lossAndOutputGradientAreTheTextbookSoftmaxFormulas() {
        Random rng = new Random(3);
        int dy = 4;
        int n = 7;
        double[] f = Fixtures.gaussian(rng, dy * n, 2); // feature-major
        double[] y = Fixtures.gaussian(rng, n * dy, 2); // sample-major
        DMatrixRMaj out = new DMatrixRMaj(dy, n, true, f.clone());
        double loss = OutputLoss.residual(Loss.CROSS_ENTROPY, out, y, n);
        double expected = 0;
        for (int s = 0; s < n; s++) {
            double zf = 0;
            double zy = 0;
            for (int k = 0; k < dy; k++) {
                zf += Math.exp(f[k * n + s]);
                zy += Math.exp(y[s * dy + k]);
            }
            for (int k = 0; k < dy; k++) {
                double p = Math.exp(f[k * n + s]) / zf;
                double q = Math.exp(y[s * dy + k]) / zy;
                expected += q * Math.log(q / p);
                // p − q: the two softmaxes' difference, to a few ulps of the unit-sized probabilities
                assertEquals(p - q, out.get(k, s), 1e-14, "sample " + s + " output " + k);
            }
        }
        // A sum of 28 terms of size ~1, each to a few ulps.
        assertEquals(expected, loss, 1e-13 * n * dy);
        assertTrue(loss > 0);
    }

    @Test
    void largeLogitsNeitherOverflowNorChangeTheLoss() {
        // Softmax is invariant to a common shift of the logits: 800 would overflow exp unshifted.
        int dy = 3;
        double[] f = {0.3, -1.2, 2.0};
        double[] y = {1.0, 0.5, -0.7};
        DMatrixRMaj a = new DMatrixRMaj(dy, 1, true, f.clone());
        DMatrixRMaj b = new DMatrixRMaj(dy, 1, true, f[0] + 800, f[1] + 800, f[2] + 800);
        double[] shiftedY = {y[0] - 900, y[1] - 900, y[2] - 900};
        double la = OutputLoss.residual(Loss.CROSS_ENTROPY, a, y, 1);
        double lb = OutputLoss.residual(Loss.CROSS_ENTROPY, b, shiftedY, 1);
        // The shift is exact in the exponents to ~800 ulp of 1 (1e-13).
        assertEquals(la, lb, 1e-12);
        assertArrayEquals(a.data, b.data, 1e-12);
        // At a perfect fit (p = q) the loss and its gradient vanish.
        DMatrixRMaj c = new DMatrixRMaj(dy, 1, true, y.clone());
        assertEquals(0, OutputLoss.residual(Loss.CROSS_ENTROPY, c, y, 1), 1e-15);
        assertArrayEquals(new double[dy], c.data, 1e-16);
    }

    /**
     * Softmax regression f = Wx: ∂²ℓ/∂W_ki∂W_lj = (1/n) Σ_s (p_k δ_kl − p_k p_l) x_i x_j, independent of the targets.
     * The kernel's Hessian-vector products (central differences of backpropagated gradients) against it.
     */
    @Test
    void oneLayerHessianIsTheSoftmaxCovarianceTimesTheInputsSecondMoment() {
        Random rng = new Random(8);
        int dx = 3;
        int dy = 3;
        int n = 25;
        DeepLinear net = new DeepLinear(dx, 0, dy, 1, Loss.CROSS_ENTROPY);
        double[] x = Fixtures.gaussian(rng, n * dx, 1);
        double[] y = Fixtures.gaussian(rng, n * dy, 1);
        double[] w = Fixtures.gaussian(rng, dy * dx, 1);
        GradientDifferenceHessian hessian = new GradientDifferenceHessian(new SampleSet(net, x, y, n), w);
        int m = dy * dx;
        DMatrixRMaj expected = new DMatrixRMaj(m, m);
        for (int s = 0; s < n; s++) {
            double[] p = new double[dy];
            double z = 0;
            for (int k = 0; k < dy; k++) {
                for (int i = 0; i < dx; i++) {
                    p[k] += w[k * dx + i] * x[s * dx + i];
                }
                p[k] = Math.exp(p[k]);
                z += p[k];
            }
            for (int k = 0; k < dy; k++) {
                p[k] /= z;
            }
            for (int k = 0; k < dy; k++) {
                for (int l = 0; l < dy; l++) {
                    double c = (k == l ? p[k] : 0) - p[k] * p[l];
                    for (int i = 0; i < dx; i++) {
                        for (int j = 0; j < dx; j++) {
                            expected.add(k * dx + i, l * dx + j, c * x[s * dx + i] * x[s * dx + j] / n);
                        }
                    }
                }
            }
        }
        double[] e = new double[m];
        double[] column = new double[m];
        for (int c = 0; c < m; c++) {
            e[c] = 1;
            hessian.apply(e, column);
            e[c] = 0;
            for (int r = 0; r < m; r++) {
                // Differences of exact gradients: ~1e-10 relative (GradientDifferenceHessian's comment).
                assertEquals(expected.get(r, c), column[r], 1e-8, "entry " + r + "," + c);
            }
        }
    }

    @Test
    void deepLinearOutputIsTheProductOfItsMatrices() {
        Random rng = new Random(4);
        int dx = 3;
        int width = 5;
        int dy = 2;
        DeepLinear net = new DeepLinear(dx, width, dy, 3, Loss.MSE);
        double[] theta = new double[net.parameterCount()];
        net.initialise(theta, Init.xavier(), new Xoshiro256(4, 0));
        assertEquals(width * dx + width * width + dy * width, theta.length);
        DMatrixRMaj w1 = new DMatrixRMaj(width, dx, true, java.util.Arrays.copyOfRange(theta, 0, width * dx));
        DMatrixRMaj w2 = new DMatrixRMaj(width, width, true,
                java.util.Arrays.copyOfRange(theta, width * dx, width * dx + width * width));
        DMatrixRMaj w3 = new DMatrixRMaj(dy, width, true,
                java.util.Arrays.copyOfRange(theta, width * dx + width * width, theta.length));
        DMatrixRMaj product = new DMatrixRMaj(dy, dx);
        CommonOps_DDRM.mult(w3, CommonOps_DDRM.mult(w2, w1, null), product);
        int n = 6;
        double[] x = Fixtures.gaussian(rng, n * dx, 1);
        double[] out = new double[n * dy];
        net.predictAll(theta, x, n, out);
        for (int s = 0; s < n; s++) {
            for (int k = 0; k < dy; k++) {
                double v = 0;
                for (int i = 0; i < dx; i++) {
                    v += product.get(k, i) * x[s * dx + i];
                }
                // Two association orders of three O(1) products: a few ulps.
                assertEquals(v, out[s * dy + k], 1e-13, "sample " + s + " output " + k);
            }
        }
    }
}
