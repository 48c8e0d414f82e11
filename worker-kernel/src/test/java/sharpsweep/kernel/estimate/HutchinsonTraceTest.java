package sharpsweep.kernel.estimate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import sharpsweep.kernel.linear.LinearNetwork;
import sharpsweep.kernel.support.Fixtures;
import sharpsweep.kernel.theory.Theory;
import sharpsweep.kernel.linear.HessianOperator;
import sharpsweep.kernel.linear.PopulationMeasures;

/**
 * The trace from Hessian-vector products alone, against the linear network's closed-form T and
 * against a dense matrix whose estimator variance is known exactly.
 */
class HutchinsonTraceTest {

    private record Linear(HessianOperator op, double closedForm) {
        static Linear of(int depth, int d, int width, long seed) {
            DMatrixRMaj sigmaX = Fixtures.randomSpd(d, seed);
            DMatrixRMaj sigmaEps = Fixtures.randomSpd(d, seed + 1);
            DMatrixRMaj v = Fixtures.randomMatrix(d, d, seed + 2);
            int[] sizes = Theory.sizes(depth, width, d, d);
            LinearNetwork net = Fixtures.randomNetwork(sizes, 0.8, seed + 3);
            double t = new PopulationMeasures(sizes, sigmaX, sigmaEps, v).measure(net).traceHessian();
            return new Linear(new HessianOperator(net, sigmaX, v), t);
        }
    }

    @ParameterizedTest(name = "D={0} d={1} width={2}")
    @CsvSource({"2, 2, 3", "3, 3, 4", "4, 2, 2"})
    void smallModelsGetTheExactTraceEqualToTheClosedForm(int depth, int d, int width) {
        Linear p = Linear.of(depth, d, width, 10 + depth);
        HutchinsonTrace.Estimate e = HutchinsonTrace.estimate(p.op(), 1000, 1);
        assertTrue(e.exact());
        assertEquals(p.op().dimension(), e.products());
        // Sum of n exact products against the closed form: rounding only (~n ulp).
        assertEquals(p.closedForm(), e.trace(), 1e-10 * p.closedForm());
    }

    @Test
    void largerModelsGetAnEstimateWithinItsErrorOfTheClosedForm() {
        Linear p = Linear.of(3, 3, 12, 77); // 3*12 + 12*12 + 12*3 = 216 parameters > 64 probes
        HutchinsonTrace.Estimate e = HutchinsonTrace.estimate(p.op(), 64, 5);
        assertFalse(e.exact());
        assertTrue(e.stderr() > 0);
        // 4 standard errors: a Gaussian would leave this 6e-5 of the time.
        assertEquals(p.closedForm(), e.trace(), 4 * e.stderr());
        HutchinsonTrace.Estimate again = HutchinsonTrace.estimate(p.op(), 64, 5);
        assertEquals(e, again, "same seed, same probes, bit-identical");
    }

    @Test
    void theReportedErrorMatchesTheKnownVarianceOfTheEstimator() {
        int n = 500; // above the probe budget, so the estimator (not the exact sum) runs
        DMatrixRMaj a = Fixtures.randomMatrix(n, n, 9);
        Fixtures.symmetrise(a);
        SymmetricOperator op = new SymmetricOperator() {
            @Override
            public int dimension() {
                return n;
            }

            @Override
            public void apply(double[] in, double[] out) {
                CommonOps_DDRM.mult(a, DMatrixRMaj.wrap(n, 1, in), DMatrixRMaj.wrap(n, 1, out));
            }
        };
        // Var(zᵀAz) = 2 (‖A‖_F² − Σ A_ii²) for Rademacher z.
        double offDiagonal = 0;
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                if (i != j) {
                    offDiagonal += a.get(i, j) * a.get(i, j);
                }
            }
        }
        int probes = 400;
        double trueStderr = Math.sqrt(2 * offDiagonal / probes);
        HutchinsonTrace.Estimate e = HutchinsonTrace.estimate(op, probes, 3);
        assertEquals(CommonOps_DDRM.trace(a), e.trace(), 4 * trueStderr);
        // The sample sd of 400 draws of a light-tailed law is within ~5 % of the truth; 20 % is > 4 sd.
        assertEquals(trueStderr, e.stderr(), 0.2 * trueStderr);
    }
}
