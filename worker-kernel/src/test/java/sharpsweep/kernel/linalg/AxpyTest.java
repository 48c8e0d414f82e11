package sharpsweep.kernel.linalg;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.junit.jupiter.api.Test;

/**
 * The products against EJML (a second method: agreement to rounding) and the vector tiles against the scalar
 * chain (the same bits: results may not depend on whether the JVM has the Vector API or on its width), over
 * shapes that exercise every tile and tail (rows and columns 1–37).
 */
class AxpyTest {
    private static DMatrixRMaj random(int rows, int cols, Random r) {
        DMatrixRMaj m = new DMatrixRMaj(rows, cols);
        for (int i = 0; i < m.data.length; i++) {
            m.data[i] = r.nextGaussian();
        }
        return m;
    }

    /** Sizes every tile path meets: below, at and above 4 rows and 1–2 vectors of 4 or 8 lanes. */
    private static final int[] SIZES = {1, 2, 3, 4, 5, 7, 8, 9, 16, 17, 37};

    @Test
    void productsAgreeWithEjmlToRounding() {
        Random r = new Random(7);
        for (int m : SIZES) {
            for (int n : SIZES) {
                int k = 1 + r.nextInt(20);
                DMatrixRMaj a = random(m, k, r);
                DMatrixRMaj b = random(k, n, r);
                DMatrixRMaj c = new DMatrixRMaj(m, n);
                DMatrixRMaj want = new DMatrixRMaj(m, n);
                Axpy.mult(a, b, c);
                CommonOps_DDRM.mult(a, b, want);
                assertClose(want, c);
                DMatrixRMaj at = random(k, m, r);
                Axpy.multTransA(at, b, c);
                CommonOps_DDRM.multTransA(at, b, want);
                assertClose(want, c);
                DMatrixRMaj bOther = random(n, k, r); // C += α A Bᵀ from a stored Bᵀ
                DMatrixRMaj bt = new DMatrixRMaj(k, n);
                CommonOps_DDRM.transpose(bOther, bt);
                DMatrixRMaj c0 = random(m, n, r);
                c.setTo(c0);
                want.setTo(c0);
                Axpy.multAddTransB(-0.3, a, bOther, bt, c);
                CommonOps_DDRM.multAddTransB(-0.3, a, bOther, want);
                assertClose(want, c);
            }
        }
    }

    /** Sums of k ≤ 20 products of N(0, 1) entries: 1e-12 absolute is ~10⁴ ulps, far above any reordering. */
    private static void assertClose(DMatrixRMaj want, DMatrixRMaj got) {
        for (int i = 0; i < want.data.length; i++) {
            assertEquals(want.data[i], got.data[i], 1e-12);
        }
    }

    @Test
    void vectorTilesGiveTheScalarChainsBits() {
        assertTrue(Axpy.VECTOR, "the Vector API is not in this JVM (conf/jvm-options adds it to every sharpsweep JVM)");
        Random r = new Random(11);
        for (int m : SIZES) {
            for (int n : SIZES) {
                for (boolean transposed : new boolean[] {false, true}) {
                    for (boolean accumulate : new boolean[] {false, true}) {
                        int k = 1 + r.nextInt(40);
                        double[] a = random(m, k, r).data;
                        double[] b = random(k, n, r).data;
                        double[] start = random(m, n, r).data;
                        double[] vector = start.clone();
                        double[] scalar = start.clone();
                        int rs = transposed ? 1 : k;
                        int cs = transposed ? m : 1;
                        VectorProducts.product(a, rs, cs, 0.7, b, vector, m, k, n, accumulate);
                        Axpy.scalar(a, rs, cs, 0.7, b, n, 1, scalar, n, k, 0, m, 0, n, accumulate);
                        assertArrayEquals(scalar, vector, 0.0, m + "x" + k + "x" + n);
                    }
                }
            }
        }
    }
}
