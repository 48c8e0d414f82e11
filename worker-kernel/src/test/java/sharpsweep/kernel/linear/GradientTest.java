package sharpsweep.kernel.linear;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import sharpsweep.kernel.support.Fixtures;

class GradientTest {

    /** Exact population loss L(θ) − L* written out directly: ½ Tr((P − V)Σ_x(P − V)ᵀ) with P multiplied afresh. */
    private static double lossGap(LinearNetwork net, DMatrixRMaj sigmaX, DMatrixRMaj v) {
        DMatrixRMaj p = net.weight(0).copy();
        for (int j = 1; j < net.depth(); j++) {
            DMatrixRMaj next = new DMatrixRMaj(net.weight(j).numRows, p.numCols);
            CommonOps_DDRM.mult(net.weight(j), p, next);
            p = next;
        }
        DMatrixRMaj e = new DMatrixRMaj(v.numRows, v.numCols);
        CommonOps_DDRM.subtract(p, v, e);
        DMatrixRMaj es = new DMatrixRMaj(v.numRows, v.numCols);
        CommonOps_DDRM.mult(e, sigmaX, es);
        DMatrixRMaj ese = new DMatrixRMaj(v.numRows, v.numRows);
        CommonOps_DDRM.multTransB(es, e, ese);
        return 0.5 * CommonOps_DDRM.trace(ese);
    }

    @ParameterizedTest(name = "D={0} d_x={1} width={2} d_y={3}")
    @CsvSource({"2, 3, 4, 2", "3, 2, 5, 3", "4, 4, 3, 2", "3, 1, 2, 1"})
    void gradientMatchesCentralDifferencesOfTheLoss(int depth, int dx, int width, int dy) {
        DMatrixRMaj sigmaX = Fixtures.randomSpd(dx, 11 + depth);
        DMatrixRMaj v = Fixtures.randomMatrix(dy, dx, 12 + depth);
        LinearNetwork net = Fixtures.randomNetwork(sizes(depth, dx, width, dy), 0.8, 13 + depth);
        PopulationLoss loss = new PopulationLoss(sigmaX, v);

        double[] analytic = Fixtures.gradient(net, loss);
        double[] theta = Fixtures.flatten(net);
        double[] numeric = new double[theta.length];
        // Central differences: error O(h²·L''') + O(ε·L/h); h = 1e-6 puts both below 1e-8 here.
        double h = 1e-6;
        for (int i = 0; i < theta.length; i++) {
            double keep = theta[i];
            theta[i] = keep + h;
            Fixtures.unflatten(theta, net);
            double plus = lossGap(net, sigmaX, v);
            theta[i] = keep - h;
            Fixtures.unflatten(theta, net);
            double minus = lossGap(net, sigmaX, v);
            theta[i] = keep;
            numeric[i] = (plus - minus) / (2 * h);
        }
        Fixtures.unflatten(theta, net);
        assertArrayEquals(numeric, analytic, 1e-6 * Math.max(1, Fixtures.maxAbs(numeric)));

        net.updateForward();
        assertEquals(lossGap(net, sigmaX, v), loss.gap(net), 1e-12 * Math.max(1, lossGap(net, sigmaX, v)));
    }

    static int[] sizes(int depth, int dx, int width, int dy) {
        int[] d = new int[depth + 1];
        java.util.Arrays.fill(d, width);
        d[0] = dx;
        d[depth] = dy;
        return d;
    }
}
