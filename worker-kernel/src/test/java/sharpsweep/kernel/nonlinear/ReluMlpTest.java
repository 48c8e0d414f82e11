package sharpsweep.kernel.nonlinear;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.ejml.dense.row.factory.DecompositionFactory_DDRM;
import org.ejml.interfaces.decomposition.EigenDecomposition_F64;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import sharpsweep.kernel.estimate.HutchinsonTrace;
import sharpsweep.kernel.estimate.Lanczos;
import sharpsweep.kernel.support.Fixtures;

/**
 * The ReLU MLP's backpropagation against central differences of the loss, its R-operator
 * Hessian-vector products against a Hessian assembled from central differences of the gradient,
 * and λ_max (Lanczos) and the trace (exact Hutchinson) against that dense Hessian.
 */
class ReluMlpTest {
    private record Problem(ReluMlp model, double[] theta) {
        static Problem of(int dx, int hidden, int dy, int samples, long seed) {
            Random rng = new Random(seed);
            double[] x = Fixtures.gaussian(rng, samples * dx, 1);
            double[] y = Fixtures.gaussian(rng, samples * dy, 1);
            ReluMlp model = new ReluMlp(dx, hidden, dy, x, y);
            return new Problem(model, Fixtures.gaussian(rng, model.parameterCount(), 0.7));
        }
    }

    @ParameterizedTest(name = "d_x={0} h={1} d_y={2}")
    @CsvSource({"2, 4, 2", "3, 5, 2", "2, 8, 3"})
    void backpropagationMatchesCentralDifferences(int dx, int hidden, int dy) {
        Problem p = Problem.of(dx, hidden, dy, 50, dx * 100 + hidden);
        int m = p.model().parameterCount();
        double[] grad = new double[m];
        p.model().gradient(p.theta(), grad);
        double[] fd = new double[m];
        // Step 1e-5: truncation O(h²) ~1e-10 where the loss is smooth; a kink within h of one of the
        // 50 × h pre-activations has probability ~1e-4 for continuous data.
        double step = 1e-5;
        for (int i = 0; i < m; i++) {
            double[] plus = p.theta().clone();
            double[] minus = p.theta().clone();
            plus[i] += step;
            minus[i] -= step;
            fd[i] = (p.model().loss(plus) - p.model().loss(minus)) / (2 * step);
        }
        assertArrayEquals(fd, grad, 1e-7 * Math.max(1, Fixtures.maxAbs(grad)));
    }

    @ParameterizedTest(name = "d_x={0} h={1} d_y={2}")
    @CsvSource({"2, 4, 2", "3, 5, 2", "2, 8, 3"})
    void rOperatorMatchesTheAssembledHessianAndItsSpectrum(int dx, int hidden, int dy) {
        Problem p = Problem.of(dx, hidden, dy, 50, 7 * dx + hidden);
        int m = p.model().parameterCount();
        DMatrixRMaj dense = assembledHessian(p);
        Random rng = new Random(3);
        for (int t = 0; t < 3; t++) {
            double[] v = Fixtures.gaussian(rng, m, 1);
            double[] hv = new double[m];
            p.model().hessianVector(p.theta(), v, hv);
            DMatrixRMaj expected = new DMatrixRMaj(m, 1);
            CommonOps_DDRM.mult(dense, DMatrixRMaj.wrap(m, 1, v), expected);
            // Central differences of exact gradients: O(step²) ~1e-10 truncation, ~1e-11 rounding.
            assertArrayEquals(expected.data, hv, 1e-6 * Math.max(1, Fixtures.maxAbs(expected.data)));
        }
        EigenDecomposition_F64<DMatrixRMaj> eig = DecompositionFactory_DDRM.eig(m, false, true);
        eig.decompose(dense.copy());
        double top = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < m; i++) {
            top = Math.max(top, eig.getEigenvalue(i).getReal());
        }
        assertEquals(top, Lanczos.largestEigenvalue(p.model().hessianAt(p.theta())), 1e-6 * Math.max(1, Math.abs(top)));
        HutchinsonTrace.Estimate trace = HutchinsonTrace.estimate(p.model().hessianAt(p.theta()), 1000, 1);
        assertEquals(CommonOps_DDRM.trace(dense), trace.trace(), 1e-6 * Math.max(1, Math.abs(trace.trace())));
    }

    /** Column i = (∇L(θ + h e_i) − ∇L(θ − h e_i)) / 2h, symmetrised. */
    private static DMatrixRMaj assembledHessian(Problem p) {
        int m = p.model().parameterCount();
        DMatrixRMaj hess = new DMatrixRMaj(m, m);
        double step = 1e-5;
        double[] gp = new double[m];
        double[] gm = new double[m];
        for (int i = 0; i < m; i++) {
            double[] plus = p.theta().clone();
            double[] minus = p.theta().clone();
            plus[i] += step;
            minus[i] -= step;
            p.model().gradient(plus, gp);
            p.model().gradient(minus, gm);
            for (int j = 0; j < m; j++) {
                hess.set(j, i, (gp[j] - gm[j]) / (2 * step));
            }
        }
        Fixtures.symmetrise(hess);
        return hess;
    }
}
