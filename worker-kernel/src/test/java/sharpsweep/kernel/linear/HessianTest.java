package sharpsweep.kernel.linear;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import java.util.Random;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.ejml.dense.row.factory.DecompositionFactory_DDRM;
import org.ejml.interfaces.decomposition.EigenDecomposition_F64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import sharpsweep.kernel.linalg.LowerFactor;
import sharpsweep.kernel.support.Fixtures;
import sharpsweep.kernel.theory.Theory;
import sharpsweep.kernel.estimate.Lanczos;

/**
 * T, Hessian-vector products and λ_max against the population Hessian assembled by central differences
 * of the (separately checked) analytic gradient, and the K-matrix against Lanczos at global minima.
 */
class HessianTest {

    @ParameterizedTest(name = "D={0} d_x={1} width={2} d_y={3}")
    @CsvSource({"2, 3, 4, 2", "3, 2, 3, 3", "4, 3, 2, 2"})
    void traceMatchesTheAssembledHessian(int depth, int dx, int width, int dy) {
        Problem p = new Problem(depth, dx, width, dy, 100 + depth);
        DMatrixRMaj hess = Fixtures.finiteDifferenceHessian(p.net, p.loss);
        double expected = CommonOps_DDRM.trace(hess);
        // FD Hessian entries carry ~1e-9 absolute error; the trace sums a few dozen of them.
        assertEquals(expected, p.measures.measure(p.net).traceHessian(), 1e-7 * Math.max(1, Math.abs(expected)));
    }

    @ParameterizedTest(name = "D={0} d_x={1} width={2} d_y={3}")
    @CsvSource({"2, 3, 4, 2", "3, 2, 3, 3", "4, 3, 2, 2"})
    void hessianVectorProductsMatchTheAssembledHessian(int depth, int dx, int width, int dy) {
        Problem p = new Problem(depth, dx, width, dy, 200 + depth);
        DMatrixRMaj hess = Fixtures.finiteDifferenceHessian(p.net, p.loss);
        HessianOperator op = new HessianOperator(p.net, p.sigmaX, p.v);
        Random rand = new Random(depth);
        int n = op.dimension();
        for (int t = 0; t < 3; t++) {
            double[] u = new double[n];
            for (int i = 0; i < n; i++) {
                u[i] = rand.nextGaussian();
            }
            double[] hu = new double[n];
            op.apply(u, hu);
            DMatrixRMaj expected = new DMatrixRMaj(n, 1);
            CommonOps_DDRM.mult(hess, DMatrixRMaj.wrap(n, 1, u), expected);
            assertArrayEquals(expected.data, hu, 1e-6 * Math.max(1, Fixtures.maxAbs(expected.data)));
        }
    }

    @ParameterizedTest(name = "D={0} d_x={1} width={2} d_y={3}")
    @CsvSource({"2, 3, 4, 2", "3, 2, 3, 3", "4, 3, 2, 2"})
    void lanczosMatchesDenseEigenvaluesAwayFromMinima(int depth, int dx, int width, int dy) {
        Problem p = new Problem(depth, dx, width, dy, 300 + depth);
        DMatrixRMaj hess = Fixtures.finiteDifferenceHessian(p.net, p.loss);
        double expected = largestEigenvalue(hess);
        double lanczos = Lanczos.largestEigenvalue(new HessianOperator(p.net, p.sigmaX, p.v));
        assertEquals(expected, lanczos, 1e-6 * Math.max(1, Math.abs(expected)));
    }

    @ParameterizedTest(name = "D={0} d={1} width={2}")
    @CsvSource({"2, 2, 2", "3, 3, 5", "4, 2, 3"})
    void gaussNewtonMatrixGivesLambdaMaxAtGlobalMinima(int depth, int d, int width) {
        DMatrixRMaj sigmaX = Fixtures.randomSpd(d, 41);
        DMatrixRMaj sigmaEps = Fixtures.randomSpd(d, 42);
        DMatrixRMaj v = Fixtures.randomMatrix(d, d, 43);
        LinearNetwork net = new LinearNetwork(Theory.sizes(depth, width, d, d));
        // A global minimum that is not the selected one: rescale two layers by c and 1/c.
        DMatrixRMaj[] w = Theory.selectedWeights(depth, width, sigmaX, sigmaEps, v);
        CommonOps_DDRM.scale(1.7, w[0]);
        CommonOps_DDRM.scale(1 / 1.7, w[1]);
        net.setWeights(w);
        net.updateForward();
        net.updateBackward();

        DMatrixRMaj dense = denseK(net, new LowerFactor(sigmaX).matrix());
        double fromK = largestEigenvalue(dense);
        double lanczosK = Lanczos.largestEigenvalue(new GaussNewtonOperator(net, new LowerFactor(sigmaX).matrix()));
        double lanczosH = Lanczos.largestEigenvalue(new HessianOperator(net, sigmaX, v));
        double fdH = largestEigenvalue(Fixtures.finiteDifferenceHessian(net, new PopulationLoss(sigmaX, v)));

        assertEquals(fromK, lanczosK, 1e-10 * fromK);
        assertEquals(fromK, lanczosH, 1e-10 * fromK);
        assertEquals(fromK, fdH, 1e-6 * fromK);
    }

    @Test
    void kMatrixSpectrumUsesAnyFactorOfSigmaX() {
        // docs/DESIGN.md §2 writes C_k = B_k Σ_x^{1/2}; the kernel uses the Cholesky factor. Same nonzero spectrum.
        DMatrixRMaj sigmaX = Fixtures.randomSpd(3, 51);
        LinearNetwork net = Fixtures.randomNetwork(Theory.sizes(3, 4, 3, 2), 0.9, 52);
        net.updateForward();
        net.updateBackward();
        double[] chol = eigenvalues(denseK(net, new LowerFactor(sigmaX).matrix()));
        double[] root = eigenvalues(denseK(net, sharpsweep.kernel.theory.Spectral.power(sigmaX, 0.5)));
        assertArrayEquals(root, chol, 1e-10 * Fixtures.maxAbs(root));
    }

    /** K = Σ_k (C_kᵀC_k) ⊗ (A_kA_kᵀ) by EJML's Kronecker product, in row-major vec coordinates of M. */
    static DMatrixRMaj denseK(LinearNetwork net, DMatrixRMaj factor) {
        int dy = net.product().numRows;
        int dx = net.product().numCols;
        DMatrixRMaj k = new DMatrixRMaj(dx * dy, dx * dy);
        for (int j = 0; j < net.depth(); j++) {
            DMatrixRMaj a = net.outputProduct(j);
            DMatrixRMaj aat = new DMatrixRMaj(dy, dy);
            CommonOps_DDRM.multTransB(a, a, aat);
            DMatrixRMaj c = new DMatrixRMaj(net.inputProduct(j).numRows, dx);
            CommonOps_DDRM.mult(net.inputProduct(j), factor, c);
            DMatrixRMaj ctc = new DMatrixRMaj(dx, dx);
            CommonOps_DDRM.multTransA(c, c, ctc);
            // Row-major vec(AAᵀ M CᵀC) = (AAᵀ ⊗ (CᵀC)ᵀ) vec(M).
            CommonOps_DDRM.addEquals(k, CommonOps_DDRM.kron(aat, ctc, null));
        }
        return k;
    }

    static double largestEigenvalue(DMatrixRMaj symmetric) {
        double[] e = eigenvalues(symmetric);
        return e[e.length - 1];
    }

    static double[] eigenvalues(DMatrixRMaj symmetric) {
        EigenDecomposition_F64<DMatrixRMaj> eig = DecompositionFactory_DDRM.eig(symmetric.numRows, false, true);
        if (!eig.decompose(symmetric.copy())) {
            throw new IllegalStateException("eig failed");
        }
        double[] e = new double[symmetric.numRows];
        for (int i = 0; i < e.length; i++) {
            e[i] = eig.getEigenvalue(i).real;
        }
        Arrays.sort(e);
        return e;
    }

    /** A random problem and a random θ (not a minimum). */
    private static final class Problem {
        final DMatrixRMaj sigmaX;
        final DMatrixRMaj v;
        final LinearNetwork net;
        final PopulationLoss loss;
        final PopulationMeasures measures;

        Problem(int depth, int dx, int width, int dy, long seed) {
            sigmaX = Fixtures.randomSpd(dx, seed);
            DMatrixRMaj sigmaEps = Fixtures.randomSpd(dy, seed + 1);
            v = Fixtures.randomMatrix(dy, dx, seed + 2);
            net = Fixtures.randomNetwork(Theory.sizes(depth, width, dx, dy), 0.8, seed + 3);
            loss = new PopulationLoss(sigmaX, v);
            measures = new PopulationMeasures(Theory.sizes(depth, width, dx, dy), sigmaX, sigmaEps, v);
        }
    }
}
