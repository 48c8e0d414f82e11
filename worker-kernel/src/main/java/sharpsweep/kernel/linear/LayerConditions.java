package sharpsweep.kernel.linear;

import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.SingularOps_DDRM;

/** κ(W_k) = σ_max / σ_min over the min(rows, cols) singular values of each layer (the paper's Fig. 6). */
public final class LayerConditions {
    private LayerConditions() {
    }

    public static double[] of(LinearNetwork net) {
        double[] kappa = new double[net.depth()];
        for (int j = 0; j < net.depth(); j++) {
            kappa[j] = condition(net.weight(j));
        }
        return kappa;
    }

    /** σ_max/σ_min; +∞ for a rank-deficient matrix, NaN for a non-finite one. */
    public static double condition(DMatrixRMaj w) {
        for (int i = 0; i < w.getNumElements(); i++) {
            if (!Double.isFinite(w.data[i])) {
                return Double.NaN;
            }
        }
        double[] s = SingularOps_DDRM.singularValues(w.copy());
        double max = 0;
        double min = Double.POSITIVE_INFINITY;
        for (double v : s) {
            max = Math.max(max, v);
            min = Math.min(min, v);
        }
        return min > 0 ? max / min : Double.POSITIVE_INFINITY;
    }
}
