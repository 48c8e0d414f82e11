package sharpsweep.kernel.linalg;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.junit.jupiter.api.Test;
import sharpsweep.kernel.support.Fixtures;

/** The Cholesky factor: LLᵀ = Σ, and its one-vector product against EJML's matrix product with L. */
class LowerFactorTest {
    @Test
    void factorReproducesTheCovarianceAndTheVectorProductMatchesEjml() {
        for (DMatrixRMaj sigma : new DMatrixRMaj[] {Fixtures.randomSpd(5, 3), CommonOps_DDRM.diag(4, 0.25, 9)}) {
            LowerFactor f = new LowerFactor(sigma);
            DMatrixRMaj llt = new DMatrixRMaj(sigma.numRows, sigma.numRows);
            CommonOps_DDRM.multTransB(f.matrix(), f.matrix(), llt);
            for (int e = 0; e < llt.getNumElements(); e++) {
                assertEquals(sigma.data[e], llt.data[e], 1e-12 * CommonOps_DDRM.elementMaxAbs(sigma)); // Cholesky is backward stable
            }
            int d = sigma.numRows;
            Random rng = new Random(7);
            double[] in = new double[d + 3];
            for (int i = 0; i < in.length; i++) {
                in[i] = rng.nextGaussian();
            }
            DMatrixRMaj z = new DMatrixRMaj(d, 1);
            System.arraycopy(in, 2, z.data, 0, d);
            DMatrixRMaj expected = new DMatrixRMaj(d, 1);
            CommonOps_DDRM.mult(f.matrix(), z, expected);
            double[] out = new double[d + 4];
            f.multiply(in, 2, out, 3);
            for (int i = 0; i < d; i++) {
                // the same products summed in the same order, less EJML's additions of the zeros above the diagonal
                assertEquals(expected.data[i], out[3 + i], 1e-15 * (1 + Math.abs(expected.data[i])), "row " + i);
            }
        }
    }
}
