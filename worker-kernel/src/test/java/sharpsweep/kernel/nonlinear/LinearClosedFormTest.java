package sharpsweep.kernel.nonlinear;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import sharpsweep.kernel.linear.LinearNetwork;
import sharpsweep.kernel.random.Xoshiro256;
import sharpsweep.kernel.linear.HessianOperator;
import sharpsweep.kernel.estimate.HutchinsonTrace;
import sharpsweep.kernel.estimate.Lanczos;
import sharpsweep.kernel.spec.Init;
import sharpsweep.kernel.support.Fixtures;

/**
 * The nonlinear kernel's estimators (evaluation set, gradient differences, Hutchinson, Lanczos) on a
 * two-layer linear network, against the closed-form Hessian of docs/DESIGN.md §2: on n samples with labels
 * Vx the empirical loss is the population loss with Σ_x replaced by the sample moment XᵀX/n, so the
 * linear kernel's exact {@link HessianOperator} with that moment gives the same Hessian exactly.
 */
class LinearClosedFormTest {
    /** f(x) = W2 W1 x: the linear model written as a {@link Network}, test-only. */
    private record Chain(int dx, int h, int dy) implements Network {
        public int inputSize() {
            return dx;
        }

        public int outputSize() {
            return dy;
        }

        public int parameterCount() {
            return h * dx + dy * h;
        }

        public int gatesPerSample() {
            return 0;
        }

        public void initialise(double[] theta, Init init, Xoshiro256 rng) {
            Weights.fill(theta, 0, h, dx, init, rng);
            Weights.fill(theta, h * dx, dy, h, init, rng);
        }

        public void predict(double[] theta, double[] x, int s, double[] out) {
            double[] a = hidden(theta, x, s);
            for (int k = 0; k < dy; k++) {
                double sum = 0;
                for (int j = 0; j < h; j++) {
                    sum += theta[h * dx + k * h + j] * a[j];
                }
                out[k] = sum;
            }
        }

        public double accumulate(double[] theta, double[] x, double[] y, int n, double[] grad, Gates gates) {
            double loss = 0;
            double[] r = new double[dy];
            for (int s = 0; s < n; s++) {
                double[] a = hidden(theta, x, s);
                predict(theta, x, s, r);
                for (int k = 0; k < dy; k++) {
                    r[k] -= y[s * dy + k];
                    loss += 0.5 * r[k] * r[k];
                }
                for (int j = 0; j < h; j++) {
                    double b = 0;
                    for (int k = 0; k < dy; k++) {
                        grad[h * dx + k * h + j] += r[k] * a[j];
                        b += theta[h * dx + k * h + j] * r[k];
                    }
                    for (int i = 0; i < dx; i++) {
                        grad[j * dx + i] += b * x[s * dx + i];
                    }
                }
            }
            return loss;
        }

        private double[] hidden(double[] theta, double[] x, int s) {
            double[] a = new double[h];
            for (int j = 0; j < h; j++) {
                for (int i = 0; i < dx; i++) {
                    a[j] += theta[j * dx + i] * x[s * dx + i];
                }
            }
            return a;
        }
    }

    @ParameterizedTest(name = "d_x={0} h={1} d_y={2}")
    @CsvSource({"2, 4, 2", "4, 3, 3", "6, 8, 5"})
    void estimatorsMatchTheClosedFormHessianOnTheSampleMoment(int dx, int h, int dy) {
        Random rng = new Random(dx * 31L + h);
        int n = 1000;
        DMatrixRMaj v = Fixtures.randomMatrix(dy, dx, dx + 7L * h);
        double[] x = new double[n * dx];
        double[] y = new double[n * dy];
        for (int i = 0; i < x.length; i++) {
            x[i] = rng.nextGaussian();
        }
        DMatrixRMaj xs = DMatrixRMaj.wrap(n, dx, x);
        DMatrixRMaj labels = new DMatrixRMaj(n, dy);
        CommonOps_DDRM.multTransB(xs, v, labels);
        System.arraycopy(labels.data, 0, y, 0, y.length);
        DMatrixRMaj moment = new DMatrixRMaj(dx, dx);
        CommonOps_DDRM.multTransA(xs, xs, moment);
        CommonOps_DDRM.divide(moment, n);

        LinearNetwork net = Fixtures.randomNetwork(new int[] {dx, h, dy}, 0.6, 3);
        double[] theta = Fixtures.flatten(net);
        HessianOperator closedForm = new HessianOperator(net, moment, v);
        GradientDifferenceHessian estimated = new GradientDifferenceHessian(new SampleSet(new Chain(dx, h, dy), x, y, n),
                theta);

        int m = theta.length;
        double exactTrace = HutchinsonTrace.estimate(closedForm, m, 1).trace();
        // Same Hessian: only the differences' ~1e-10 relative error separates the two.
        assertEquals(exactTrace, HutchinsonTrace.estimate(estimated, m, 1).trace(), 1e-7 * exactTrace);
        double top = Lanczos.largestEigenvalue(closedForm);
        assertEquals(top, Lanczos.largestEigenvalue(estimated), 1e-7 * top);
        // Hutchinson with half the probes: within 5 of its standard errors of the closed form.
        HutchinsonTrace.Estimate sampled = HutchinsonTrace.estimate(estimated, m / 2, 11);
        assertEquals(exactTrace, sampled.trace(), 5 * sampled.stderr());
    }
}
