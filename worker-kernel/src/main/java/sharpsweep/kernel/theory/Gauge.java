package sharpsweep.kernel.theory;

import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import sharpsweep.kernel.linalg.Symmetric;

/**
 * Moves along the minimum manifold: a symmetric gauge g_h per hidden layer acts as W_h → e^{g_h}W_h,
 * W_{h+1} → W_{h+1}e^{−g_h}, which keeps the product W_D ⋯ W_1 and so the loss. A gauge is given by its
 * coordinates, the upper triangles of the g_h, hidden layer after hidden layer.
 */
public final class Gauge {
    private Gauge() {
    }

    /** The number of coordinates of a gauge on these weights. */
    public static int dimension(DMatrixRMaj[] w) {
        int n = 0;
        for (int h = 0; h + 1 < w.length; h++) {
            int m = w[h].numRows;
            n += m * (m + 1) / 2;
        }
        return n;
    }

    /** The weights moved by the gauge {@code size}·{@code coordinates}. */
    public static DMatrixRMaj[] apply(DMatrixRMaj[] w, double[] coordinates, double size) {
        DMatrixRMaj[] out = new DMatrixRMaj[w.length];
        for (int k = 0; k < w.length; k++) {
            out[k] = w[k].copy();
        }
        int at = 0;
        for (int h = 0; h + 1 < w.length; h++) {
            int m = w[h].numRows;
            DMatrixRMaj g = new DMatrixRMaj(m, m);
            for (int i = 0; i < m; i++) {
                for (int j = i; j < m; j++) {
                    g.set(i, j, size * coordinates[at]);
                    g.set(j, i, size * coordinates[at]);
                    at++;
                }
            }
            DMatrixRMaj left = new DMatrixRMaj(out[h].numRows, out[h].numCols);
            CommonOps_DDRM.mult(Symmetric.exp(g, 1), out[h], left);
            out[h] = left;
            DMatrixRMaj right = new DMatrixRMaj(out[h + 1].numRows, out[h + 1].numCols);
            CommonOps_DDRM.mult(out[h + 1], Symmetric.exp(g, -1), right);
            out[h + 1] = right;
        }
        return out;
    }
}
