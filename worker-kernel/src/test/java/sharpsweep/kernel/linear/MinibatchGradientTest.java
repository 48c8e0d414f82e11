package sharpsweep.kernel.linear;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import sharpsweep.kernel.support.Fixtures;

/**
 * The kernel's step uses the minibatch gradient in moment form, G_j = A[j]ᵀ((P − V)M − N)B[j]ᵀ with
 * M = XXᵀ/b, N = EXᵀ/b. A second method: plain per-sample back-propagation of ½‖y − f(x)‖², averaged.
 */
class MinibatchGradientTest {

    @ParameterizedTest(name = "D={0} d_x={1} width={2} d_y={3} b={4}")
    @CsvSource({"2, 3, 4, 2, 1", "3, 2, 5, 3, 7", "4, 4, 3, 2, 16"})
    void momentFormEqualsPerSampleBackpropagation(int depth, int dx, int width, int dy, int b) {
        Random rand = new Random(depth * 31L + b);
        DMatrixRMaj v = Fixtures.randomMatrix(dy, dx, 5);
        LinearNetwork net = Fixtures.randomNetwork(GradientTest.sizes(depth, dx, width, dy), 0.7, 6);
        DMatrixRMaj x = Fixtures.randomMatrix(dx, b, rand.nextLong());
        DMatrixRMaj eps = Fixtures.randomMatrix(dy, b, rand.nextLong());

        // Per-sample: forward h_0 = x, h_{j+1} = W_j h_j; r = f(x) − y; back: g_j += δ_j h_jᵀ, δ_{j−1} = W_jᵀ δ_j.
        DMatrixRMaj[] expected = net.newGradientBuffers();
        for (int s = 0; s < b; s++) {
            DMatrixRMaj[] h = new DMatrixRMaj[depth + 1];
            h[0] = CommonOps_DDRM.extractColumn(x, s, null);
            for (int j = 0; j < depth; j++) {
                h[j + 1] = new DMatrixRMaj(net.weight(j).numRows, 1);
                CommonOps_DDRM.mult(net.weight(j), h[0 + j], h[j + 1]);
            }
            DMatrixRMaj y = new DMatrixRMaj(dy, 1);
            CommonOps_DDRM.mult(v, h[0], y);
            CommonOps_DDRM.addEquals(y, CommonOps_DDRM.extractColumn(eps, s, null));
            DMatrixRMaj delta = new DMatrixRMaj(dy, 1);
            CommonOps_DDRM.subtract(h[depth], y, delta);
            for (int j = depth - 1; j >= 0; j--) {
                DMatrixRMaj outer = new DMatrixRMaj(delta.numRows, h[j].numRows);
                CommonOps_DDRM.multTransB(delta, h[j], outer);
                CommonOps_DDRM.addEquals(expected[j], 1.0 / b, outer);
                DMatrixRMaj below = new DMatrixRMaj(net.weight(j).numCols, 1);
                CommonOps_DDRM.multTransA(net.weight(j), delta, below);
                delta = below;
            }
        }

        DMatrixRMaj m = new DMatrixRMaj(dx, dx);
        CommonOps_DDRM.multTransB(1.0 / b, x, x, m);
        DMatrixRMaj n = new DMatrixRMaj(dy, dx);
        CommonOps_DDRM.multTransB(1.0 / b, eps, x, n);
        net.updateForward();
        DMatrixRMaj cross = new DMatrixRMaj(dy, dx);
        DMatrixRMaj err = new DMatrixRMaj(dy, dx);
        CommonOps_DDRM.subtract(net.product(), v, err);
        CommonOps_DDRM.mult(err, m, cross);
        CommonOps_DDRM.subtractEquals(cross, n);
        DMatrixRMaj[] actual = net.newGradientBuffers();
        net.gradient(cross, actual);

        for (int j = 0; j < depth; j++) {
            // Same sums in another order: agreement to ~1e-13 of the entries' size.
            double scale = Math.max(1, CommonOps_DDRM.elementMaxAbs(expected[j]));
            for (int i = 0; i < expected[j].getNumElements(); i++) {
                assertEquals(expected[j].data[i], actual[j].data[i], 1e-11 * scale, "layer " + j + " entry " + i);
            }
        }
    }
}
