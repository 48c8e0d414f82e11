package sharpsweep.kernel.linear;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import sharpsweep.kernel.random.Xoshiro256;
import sharpsweep.kernel.spec.Sampler;
import sharpsweep.kernel.support.Fixtures;
import sharpsweep.kernel.theory.Theory;

/**
 * docs/DESIGN.md §2: with minibatch gradients G_k, Q_k = W_{k+1}ᵀW_{k+1} − W_kW_kᵀ moves by exactly
 * η²(G_{k+1}ᵀG_{k+1} − G_kG_kᵀ) per step. Checked on real kernel steps at random θ; the G_k come from
 * {@link LinearNetwork#gradient} at the old weights (a separate path from the fused update).
 */
class BalanceIdentityTest {

    @ParameterizedTest(name = "D={0} d_x={1} width={2} d_y={3} sampler={4}")
    @CsvSource({"2, 3, 4, 2, STATISTICS", "3, 2, 5, 3, SAMPLES", "4, 3, 3, 2, STATISTICS"})
    void balanceMatricesMoveBySecondOrderTermsOnly(int depth, int dx, int width, int dy, Sampler mode) {
        DMatrixRMaj sigmaX = Fixtures.randomSpd(dx, 1);
        DMatrixRMaj sigmaEps = Fixtures.randomSpd(dy, 2);
        DMatrixRMaj v = Fixtures.randomMatrix(dy, dx, 3);
        LinearNetwork net = Fixtures.randomNetwork(Theory.sizes(depth, width, dx, dy), 0.7, 4);
        double eta = 0.05;
        SgdStepper stepper = new SgdStepper(net, new MinibatchSampler(mode, 8, sigmaX, sigmaEps, new Xoshiro256(9, 1)), v, eta);

        for (int trial = 0; trial < 5; trial++) {
            DMatrixRMaj[] before = net.copyWeights();
            assertTrue(stepper.step());
            DMatrixRMaj[] after = net.copyWeights();

            LinearNetwork old = new LinearNetwork(Theory.sizes(depth, width, dx, dy));
            old.setWeights(before);
            old.updateForward();
            DMatrixRMaj[] g = old.newGradientBuffers();
            old.gradient(stepper.lastCrossMoment(), g);

            for (int j = 0; j < depth; j++) {
                DMatrixRMaj expected = before[j].copy();
                CommonOps_DDRM.addEquals(expected, -eta, g[j]);
                assertClose(expected, after[j], 1e-13, "W" + j + " after the step");
            }
            for (int k = 0; k + 1 < depth; k++) {
                DMatrixRMaj moved = CommonOps_DDRM.subtract(balance(after, k), balance(before, k), null);
                DMatrixRMaj predicted = CommonOps_DDRM.subtract(gram(g[k + 1], true), gram(g[k], false), null);
                CommonOps_DDRM.scale(eta * eta, predicted);
                // Rounding in Q_k is ~1e-16·‖W‖²; the first-order terms that cancel are ~η‖W‖‖G‖.
                double scale = CommonOps_DDRM.elementMaxAbs(balance(before, k)) + CommonOps_DDRM.elementMaxAbs(predicted);
                assertClose(predicted, moved, 1e-13 * scale / Math.max(1e-300, CommonOps_DDRM.elementMaxAbs(predicted)),
                        "Q" + k + " change");
                assertTrue(CommonOps_DDRM.elementMaxAbs(predicted) > 1e-8 * scale, "second-order term must be visible");
            }
        }
    }

    /** Q_k = W_{k+1}ᵀW_{k+1} − W_kW_kᵀ. */
    private static DMatrixRMaj balance(DMatrixRMaj[] w, int k) {
        return CommonOps_DDRM.subtract(gram(w[k + 1], true), gram(w[k], false), null);
    }

    /** AᵀA (transposeFirst) or AAᵀ. */
    private static DMatrixRMaj gram(DMatrixRMaj a, boolean transposeFirst) {
        DMatrixRMaj out = transposeFirst ? new DMatrixRMaj(a.numCols, a.numCols) : new DMatrixRMaj(a.numRows, a.numRows);
        if (transposeFirst) {
            CommonOps_DDRM.multTransA(a, a, out);
        } else {
            CommonOps_DDRM.multTransB(a, a, out);
        }
        return out;
    }

    private static void assertClose(DMatrixRMaj expected, DMatrixRMaj actual, double relTol, String what) {
        double scale = Math.max(1e-300, CommonOps_DDRM.elementMaxAbs(expected));
        for (int i = 0; i < expected.getNumElements(); i++) {
            assertEquals(expected.data[i], actual.data[i], relTol * scale, what + " entry " + i);
        }
    }
}
