package sharpsweep.kernel.estimate;

import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.factory.DecompositionFactory_DDRM;
import org.ejml.interfaces.decomposition.EigenDecomposition_F64;
import sharpsweep.kernel.random.Normal;
import sharpsweep.kernel.random.Xoshiro256;

/**
 * Largest (algebraic) eigenvalue of a symmetric operator by Lanczos with full re-orthogonalisation
 * (twice, "twice is enough"), so the Krylov basis stays orthogonal and the Ritz value is exact once
 * the basis spans R^n. Stops when the residual bound |β_k · s_k| of the top Ritz pair (s_k: last
 * component of its eigenvector in the tridiagonal basis) falls below {@code relTol} × |θ|, which
 * bounds the distance from θ to an eigenvalue. The start vector is a fixed pseudo-random one, so the
 * result is deterministic. The tridiagonal eigenproblem is EJML's symmetric QR.
 */
public final class Lanczos {
    /** Residual bound relative to |θ|: ~100 ulp of the Ritz value, well below any tolerance in use. */
    public static final double DEFAULT_TOLERANCE = 1e-12;
    public static final int DEFAULT_MAX_ITERATIONS = 120;
    private static final long START_SEED = 0x1A9C205L;

    private Lanczos() {
    }

    public static double largestEigenvalue(SymmetricOperator op) {
        return largestEigenvalue(op, DEFAULT_MAX_ITERATIONS, DEFAULT_TOLERANCE);
    }

    /** The top Ritz value and its residual bound: some eigenvalue lies within {@code bound} of {@code value}. */
    public record Ritz(double value, double bound) {
    }

    public static double largestEigenvalue(SymmetricOperator op, int maxIterations, double relTol) {
        return largest(op, maxIterations, relTol).value();
    }

    public static Ritz largest(SymmetricOperator op, int maxIterations, double relTol) {
        int n = op.dimension();
        int k = Math.min(n, maxIterations);
        double[][] q = new double[k + 1][];
        double[] alpha = new double[k];
        double[] beta = new double[k];
        double[] w = new double[n];

        q[0] = new double[n];
        Normal.fill(new Xoshiro256(START_SEED, n), q[0], n);
        scale(q[0], 1.0 / norm(q[0]));

        double theta = Double.NaN;
        double residual = Double.NaN;
        for (int i = 0; i < k; i++) {
            op.apply(q[i], w);
            alpha[i] = dot(q[i], w);
            for (int pass = 0; pass < 2; pass++) {
                for (int j = 0; j <= i; j++) {
                    axpy(-dot(q[j], w), q[j], w);
                }
            }
            beta[i] = norm(w);
            double[] ritz = topRitzPair(alpha, beta, i + 1);
            theta = ritz[0];
            residual = Math.abs(beta[i] * ritz[1]);
            if (residual <= relTol * Math.max(Math.abs(theta), Double.MIN_NORMAL) || i + 1 == k) {
                break;
            }
            q[i + 1] = new double[n];
            System.arraycopy(w, 0, q[i + 1], 0, n);
            scale(q[i + 1], 1.0 / beta[i]);
        }
        return new Ritz(theta, residual);
    }

    /** {θ, s}: the largest eigenvalue of the m × m tridiagonal (α, β) and its eigenvector's last entry. */
    private static double[] topRitzPair(double[] alpha, double[] beta, int m) {
        DMatrixRMaj t = new DMatrixRMaj(m, m);
        for (int i = 0; i < m; i++) {
            t.set(i, i, alpha[i]);
            if (i + 1 < m) {
                t.set(i, i + 1, beta[i]);
                t.set(i + 1, i, beta[i]);
            }
        }
        EigenDecomposition_F64<DMatrixRMaj> eig = DecompositionFactory_DDRM.eig(m, true, true);
        if (!eig.decompose(t)) {
            throw new IllegalStateException("tridiagonal eigen-decomposition failed");
        }
        int best = 0;
        for (int i = 1; i < m; i++) {
            if (eig.getEigenvalue(i).real > eig.getEigenvalue(best).real) {
                best = i;
            }
        }
        DMatrixRMaj v = eig.getEigenVector(best);
        return new double[] {eig.getEigenvalue(best).real, v.get(m - 1, 0) / normOf(v)};
    }

    private static double normOf(DMatrixRMaj v) {
        double s = 0;
        for (int i = 0; i < v.getNumElements(); i++) {
            s += v.data[i] * v.data[i];
        }
        return Math.sqrt(s);
    }

    static double dot(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += a[i] * b[i];
        }
        return s;
    }

    static double norm(double[] a) {
        return Math.sqrt(dot(a, a));
    }

    private static void axpy(double alpha, double[] x, double[] y) {
        for (int i = 0; i < x.length; i++) {
            y[i] += alpha * x[i];
        }
    }

    private static void scale(double[] a, double s) {
        for (int i = 0; i < a.length; i++) {
            a[i] *= s;
        }
    }
}
