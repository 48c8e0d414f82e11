package sharpsweep.kernel.linalg;

import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.ejml.dense.row.factory.DecompositionFactory_DDRM;
import org.ejml.interfaces.decomposition.CholeskyDecomposition_F64;

/**
 * The lower Cholesky factor L of a covariance (LLᵀ = Σ), applied from the left: the project's one
 * Cholesky helper (sampling N(0, Σ), the Gauss–Newton factor C_k = B_kL, the validator's SPD check).
 * Diagonal covariances, the common case in sweeps, cost a row scaling instead of a matrix product.
 */
public final class LowerFactor {
    private final DMatrixRMaj lower;
    private final boolean diagonal;

    /** Factors {@code covariance} (not modified); IllegalArgumentException when it is not positive definite. */
    public LowerFactor(DMatrixRMaj covariance) {
        CholeskyDecomposition_F64<DMatrixRMaj> chol = DecompositionFactory_DDRM.chol(covariance.numRows, true);
        if (!chol.decompose(covariance.copy())) {
            throw new IllegalArgumentException("covariance is not positive definite");
        }
        lower = chol.getT(null);
        boolean diag = true;
        for (int i = 0; i < lower.numRows; i++) {
            for (int j = 0; j < i; j++) {
                diag &= lower.get(i, j) == 0.0;
            }
        }
        diagonal = diag;
    }

    /** L itself (lower triangular; do not modify). */
    public DMatrixRMaj matrix() {
        return lower;
    }

    /**
     * out[outOffset ..] = L · in[inOffset ..] for one vector of L's dimension: a draw from N(0, LLᵀ) from
     * standard normals, without the matrix wrappers (the nonlinear kernels draw a few thousand small vectors a
     * step). Row i sums l_ij·in_j over j ≤ i in order; a diagonal L scales.
     */
    public void multiply(double[] in, int inOffset, double[] out, int outOffset) {
        int d = lower.numRows;
        double[] l = lower.data;
        if (diagonal) {
            for (int i = 0; i < d; i++) {
                out[outOffset + i] = l[i * d + i] * in[inOffset + i];
            }
            return;
        }
        for (int i = 0; i < d; i++) {
            double sum = 0;
            for (int j = 0; j <= i; j++) {
                sum += l[i * d + j] * in[inOffset + j];
            }
            out[outOffset + i] = sum;
        }
    }

    /** out = L · in; allocation-free. */
    public void multiply(DMatrixRMaj in, DMatrixRMaj out) {
        if (!diagonal) {
            CommonOps_DDRM.mult(lower, in, out);
            return;
        }
        int cols = in.numCols;
        for (int i = 0; i < in.numRows; i++) {
            double s = lower.data[i * lower.numCols + i];
            int row = i * cols;
            for (int c = 0; c < cols; c++) {
                out.data[row + c] = s * in.data[row + c];
            }
        }
    }
}
