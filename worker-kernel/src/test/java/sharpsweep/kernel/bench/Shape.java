package sharpsweep.kernel.bench;

import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import sharpsweep.kernel.theory.Theory;

/** The benchmark's problem sizes: tiny (the paper's net), medium and large. */
enum Shape {
    TINY(3, 2, 2, 10),
    MEDIUM(3, 16, 32, 64),
    LARGE(4, 64, 128, 256);

    final int depth;
    final int d;
    final int width;
    final int batch;

    Shape(int depth, int d, int width, int batch) {
        this.depth = depth;
        this.d = d;
        this.width = width;
        this.batch = batch;
    }

    int[] sizes() {
        return Theory.sizes(depth, width, d, d);
    }

    /** Σ_ε with a geometric spectrum from 1 down to 0.1 (diagonal, as sweeps use most). */
    DMatrixRMaj noise() {
        double[] e = new double[d];
        for (int i = 0; i < d; i++) {
            e[i] = d == 1 ? 1 : Math.pow(0.1, (double) i / (d - 1));
        }
        return CommonOps_DDRM.diag(e);
    }

    /**
     * Floating-point operations of one SGD step with the statistics sampler, counted from the matrix
     * products it performs (2 per multiply-add; element-wise work is left out, so this undercounts a little).
     */
    double flopsPerStep() {
        int[] s = sizes();
        int dx = d;
        int dy = d;
        double f = 0;
        for (int j = 2; j <= depth; j++) {
            f += 2.0 * s[j] * s[j - 1] * dx; // forward B chain and P
        }
        f += (double) dx * dx * dx + 2.0 * dy * dx * dx; // M = FFᵀ (symmetric half) and N = (L_εΞ)Fᵀ
        f += 2.0 * dy * dx * dx; // (P − V)M
        for (int j = depth - 1; j >= 1; j--) {
            f += 2.0 * s[j] * s[j + 1] * dx; // δ[j−1] = W[j]ᵀδ[j]
            f += 2.0 * s[j + 1] * dx * s[j]; // W[j] −= η δ[j]B[j]ᵀ
        }
        return f;
    }
}
