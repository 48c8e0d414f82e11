package sharpsweep.kernel.nonlinear;

import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import sharpsweep.kernel.linalg.Axpy;

/**
 * Moves a batch between the networks' sample-major arrays (one sample after another) and feature-major
 * matrices (one row per feature, one column per sample), the layout in which a layer of a whole batch is one
 * product W·X whose inner loop runs over the samples ({@link sharpsweep.kernel.linalg.Axpy}). Used by the
 * batched forward passes ({@link Network#predictAll}); no allocation once the matrices have grown to the batch.
 */
final class FeatureMajor {
    private FeatureMajor() {
    }

    /** out (width × n) = the values x[s·inputSize + offset + i], i < width, of samples s < n: one token of each sample. */
    static void tokens(double[] x, int inputSize, int offset, int width, int n, DMatrixRMaj out) {
        out.reshape(width, n);
        double[] o = out.data;
        for (int s = 0; s < n; s++) {
            int from = s * inputSize + offset;
            for (int i = 0; i < width; i++) {
                o[i * n + s] = x[from + i];
            }
        }
    }

    /** out (rows × cols) = the row-major matrix at θ[offset ..]. */
    static void block(double[] theta, int offset, int rows, int cols, DMatrixRMaj out) {
        out.reshape(rows, cols);
        System.arraycopy(theta, offset, out.data, 0, rows * cols);
    }

    /** out[s·rows + k] = m(k, s): a feature-major result back to one prediction after another. */
    static void samples(DMatrixRMaj m, double[] out) {
        int rows = m.numRows;
        int n = m.numCols;
        double[] d = m.data;
        for (int k = 0; k < rows; k++) {
            for (int s = 0; s < n; s++) {
                out[s * rows + k] = d[k * n + s];
            }
        }
    }

    /**
     * m = max(m, 0) element-wise: the ReLU of pre-activations, gates by sign. Math.max compiles to a branch-free
     * maximum; the per-sample passes' {@code pre > 0 ? pre : 0} is the same for every non-NaN value.
     */
    static void relu(DMatrixRMaj m) {
        double[] d = m.data;
        int size = m.getNumElements();
        for (int e = 0; e < size; e++) {
            d[e] = Math.max(d[e], 0.0);
        }
    }

    /**
     * grad[offset ..] += A·Bᵀ (A rows × n, B cols × n): a weight's gradient summed over the batch's samples, one
     * product contracting over them. {@code bt} and {@code outer} are the caller's scratch.
     */
    static void addOuter(DMatrixRMaj a, DMatrixRMaj b, DMatrixRMaj bt, DMatrixRMaj outer, double[] grad, int offset) {
        bt.reshape(b.numCols, b.numRows);
        if (Axpy.needsTransposed(b.numRows)) {
            CommonOps_DDRM.transpose(b, bt);
        }
        outer.reshape(a.numRows, b.numRows);
        Axpy.multTransB(1.0, a, b, bt, outer);
        double[] c = outer.data;
        for (int e = 0; e < a.numRows * b.numRows; e++) {
            grad[offset + e] += c[e];
        }
    }

    /**
     * ReLU of the pre-activations m (rows × n, a row per unit) with their gates: recorded or replayed with
     * {@code gates} at index s·rows + j (the per-sample passes' order), else by sign, branch-free (a
     * pre-activation's sign is a coin flip: a branch mispredicted half the time, 30 % of a transformer step).
     * {@code on} receives each gate; returns it, grown to rows × n when it was smaller.
     */
    static boolean[] gate(DMatrixRMaj m, boolean[] on, Gates gates) {
        int rows = m.numRows;
        int n = m.numCols;
        boolean[] open = on.length < rows * n ? new boolean[rows * n] : on;
        double[] d = m.data;
        if (gates == null) {
            relu(m);
            for (int e = 0; e < rows * n; e++) {
                open[e] = d[e] > 0;
            }
            return open;
        }
        for (int j = 0; j < rows; j++) {
            for (int s = 0; s < n; s++) {
                double pre = d[j * n + s];
                boolean g = gates.open(s * rows + j, pre);
                open[j * n + s] = g;
                d[j * n + s] = g ? pre : 0;
            }
        }
        return open;
    }
}
