package sharpsweep.kernel.linalg;

import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.ejml.dense.row.factory.DecompositionFactory_DDRM;
import org.ejml.interfaces.decomposition.EigenDecomposition_F64;

/** Small helpers for symmetric matrices that EJML does not have in this form. */
public final class Symmetric {
    private Symmetric() {
    }

    /** Replaces S by (S + Sᵀ)/2 in place: removes the rounding asymmetry of a product like A Σ Aᵀ. */
    public static void symmetrise(DMatrixRMaj s) {
        for (int i = 0; i < s.numRows; i++) {
            for (int j = i + 1; j < s.numCols; j++) {
                double v = 0.5 * (s.get(i, j) + s.get(j, i));
                s.set(i, j, v);
                s.set(j, i, v);
            }
        }
    }

    /** The eigen-decomposition of a symmetric S (symmetrised first; S is not modified). */
    public static EigenDecomposition_F64<DMatrixRMaj> eigen(DMatrixRMaj s) {
        EigenDecomposition_F64<DMatrixRMaj> eig = DecompositionFactory_DDRM.eig(s.numRows, true, true);
        DMatrixRMaj copy = s.copy();
        symmetrise(copy);
        if (!eig.decompose(copy)) {
            throw new IllegalArgumentException("symmetric eigen-decomposition failed");
        }
        return eig;
    }

    /**
     * The eigenvalues of a symmetric S (symmetrised first; S is not modified), without eigenvectors: about half
     * the work of {@link #eigen} where only the values are needed.
     */
    public static double[] eigenvalues(DMatrixRMaj s) {
        EigenDecomposition_F64<DMatrixRMaj> eig = DecompositionFactory_DDRM.eig(s.numRows, false, true);
        DMatrixRMaj copy = s.copy();
        symmetrise(copy);
        if (!eig.decompose(copy)) {
            throw new IllegalArgumentException("symmetric eigen-decomposition failed");
        }
        double[] values = new double[s.numRows];
        for (int i = 0; i < values.length; i++) {
            values[i] = eig.getEigenvalue(i).real;
        }
        return values;
    }

    /** exp(c·S) of a symmetric S, through its eigen-decomposition (StrictMath: the same bits in every JVM). */
    public static DMatrixRMaj exp(DMatrixRMaj s, double c) {
        int n = s.numRows;
        EigenDecomposition_F64<DMatrixRMaj> eig = eigen(s);
        DMatrixRMaj out = new DMatrixRMaj(n, n);
        DMatrixRMaj outer = new DMatrixRMaj(n, n);
        for (int i = 0; i < n; i++) {
            DMatrixRMaj u = eig.getEigenVector(i);
            CommonOps_DDRM.multTransB(u, u, outer);
            CommonOps_DDRM.addEquals(out, StrictMath.exp(c * eig.getEigenvalue(i).real), outer);
        }
        return out;
    }
}
