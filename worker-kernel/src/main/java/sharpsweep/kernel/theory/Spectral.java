package sharpsweep.kernel.theory;

import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.ejml.dense.row.factory.DecompositionFactory_DDRM;
import org.ejml.interfaces.decomposition.EigenDecomposition_F64;

/** Functions of symmetric positive definite matrices through their eigen-decomposition. */
public final class Spectral {
    private Spectral() {
    }

    /** Eigenvalues of a symmetric matrix, ascending. */
    public static double[] eigenvalues(DMatrixRMaj s) {
        EigenDecomposition_F64<DMatrixRMaj> eig = decompose(s);
        double[] values = new double[s.numRows];
        for (int i = 0; i < values.length; i++) {
            values[i] = eig.getEigenvalue(i).real;
        }
        java.util.Arrays.sort(values);
        return values;
    }

    /** S^p for symmetric positive definite S (p = ½ for the square root, −½ for its inverse). */
    public static DMatrixRMaj power(DMatrixRMaj s, double p) {
        EigenDecomposition_F64<DMatrixRMaj> eig = decompose(s);
        int n = s.numRows;
        DMatrixRMaj out = new DMatrixRMaj(n, n);
        DMatrixRMaj outer = new DMatrixRMaj(n, n);
        for (int i = 0; i < n; i++) {
            DMatrixRMaj v = eig.getEigenVector(i);
            double lambda = eig.getEigenvalue(i).real;
            CommonOps_DDRM.multTransB(v, v, outer);
            CommonOps_DDRM.addEquals(out, StrictMath.pow(lambda, p), outer);
        }
        return out;
    }

    private static EigenDecomposition_F64<DMatrixRMaj> decompose(DMatrixRMaj s) {
        EigenDecomposition_F64<DMatrixRMaj> eig = DecompositionFactory_DDRM.eig(s.numRows, true, true);
        if (!eig.decompose(s.copy())) {
            throw new IllegalArgumentException("symmetric eigen-decomposition failed");
        }
        return eig;
    }
}
