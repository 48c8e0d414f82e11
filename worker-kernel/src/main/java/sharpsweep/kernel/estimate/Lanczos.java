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
 * bounds the distance from θ to an eigenvalue. The start vector is a fixed pseudo-random one, or a warm start
 * mixed with it (the previous top vector of a slowly changing operator: fewer iterations); either way the
 * result is deterministic. The tridiagonal eigenproblem is EJML's symmetric QR.
 */
public final class Lanczos {
    /**
     * Residual bound relative to |θ|: some eigenvalue lies within 1e-7·θ of the Ritz value θ (and the error of θ
     * itself is of order bound²/gap), three orders below the smallest statistical error of a λ_max in a
     * table (a window's fluctuations, ≥ 1e-4). It was 1e-12 (~100 ulp): the last five digits cost a third of
     * the iterations on the large net.
     */
    public static final double DEFAULT_TOLERANCE = 1e-7;
    public static final int DEFAULT_MAX_ITERATIONS = 120;
    private static final long START_SEED = 0x1A9C205L;
    /** Weight of the fixed random start in a warm start (the old vector has weight 1). */
    static final double FRESH = 0.05;

    private Lanczos() {
    }

    public static double largestEigenvalue(SymmetricOperator op) {
        return largestEigenvalue(op, DEFAULT_MAX_ITERATIONS, DEFAULT_TOLERANCE);
    }

    /**
     * The top Ritz value and its residual bound (some eigenvalue lies within {@code bound} of {@code value}), its
     * unit Ritz vector (a warm start for the next run) and the iterations it took.
     */
    public record Ritz(double value, double bound, double[] vector, int iterations) {
    }

    public static double largestEigenvalue(SymmetricOperator op, int maxIterations, double relTol) {
        return largest(op, maxIterations, relTol).value();
    }

    public static Ritz largest(SymmetricOperator op, int maxIterations, double relTol) {
        return largest(op, maxIterations, relTol, null);
    }

    /**
     * The top Ritz pair from a warm start: {@code start} (e.g. the previous measurement's top vector) plus
     * {@value #FRESH} of the fixed pseudo-random start, so that a direction the old vector lacks (the top
     * eigenvector moved to another eigenvalue) is still in the Krylov space; null starts cold.
     */
    public static Ritz largest(SymmetricOperator op, int maxIterations, double relTol, double[] start) {
        int n = op.dimension();
        int k = Math.min(n, maxIterations);
        double[][] q = new double[k + 1][];
        double[] alpha = new double[k];
        double[] beta = new double[k];
        double[] w = new double[n];

        q[0] = new double[n];
        Normal.fill(new Xoshiro256(START_SEED, n), q[0], n);
        scale(q[0], 1.0 / norm(q[0]));
        if (start != null && start.length == n && norm(start) > 0) {
            double s = 1.0 / norm(start);
            for (int i = 0; i < n; i++) {
                q[0][i] = FRESH * q[0][i] + s * start[i];
            }
            scale(q[0], 1.0 / norm(q[0]));
        }

        double theta = Double.NaN;
        double residual = Double.NaN;
        double[] s = null;
        int used = 0;
        for (int i = 0; i < k; i++) {
            used = i + 1;
            op.apply(q[i], w);
            alpha[i] = dot(q[i], w);
            for (int pass = 0; pass < 2; pass++) {
                for (int j = 0; j <= i; j++) {
                    axpy(-dot(q[j], w), q[j], w);
                }
            }
            beta[i] = norm(w);
            if (!Double.isFinite(alpha[i]) || !Double.isFinite(beta[i])) {
                // The operator overflowed (parameters blowing up): no eigenvalue to report, and EJML cannot
                // decompose a tridiagonal holding ∞. The caller sees a non-finite value.
                return new Ritz(Double.NaN, Double.NaN, null, used);
            }
            s = topRitzPair(alpha, beta, i + 1);
            theta = s[i + 1];
            residual = Math.abs(beta[i] * s[i]);
            if (residual <= relTol * Math.max(Math.abs(theta), Double.MIN_NORMAL) || i + 1 == k) {
                break;
            }
            q[i + 1] = new double[n];
            System.arraycopy(w, 0, q[i + 1], 0, n);
            scale(q[i + 1], 1.0 / beta[i]);
        }
        double[] y = new double[n];
        for (int i = 0; i < used; i++) {
            axpy(s[i], q[i], y);
        }
        return new Ritz(theta, residual, y, used);
    }

    /** The top eigenvector s (unit) of the m × m tridiagonal (α, β), with its eigenvalue θ appended: {s_0..s_{m−1}, θ}. */
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
        double[] out = new double[m + 1];
        double norm = normOf(v);
        for (int i = 0; i < m; i++) {
            out[i] = v.get(i, 0) / norm;
        }
        out[m] = eig.getEigenvalue(best).real;
        return out;
    }

    private static double normOf(DMatrixRMaj v) {
        double s = 0;
        for (int i = 0; i < v.getNumElements(); i++) {
            s += v.data[i] * v.data[i];
        }
        return Math.sqrt(s);
    }

    /**
     * Σ a_i b_i in four interleaved partial sums, added pairwise at the end: a fixed order (the same bits on every
     * JVM), and four independent add chains instead of one, which C2 does not vectorise but can overlap
     * (the re-orthogonalisation's dot products were 15 % of a large task).
     */
    static double dot(double[] a, double[] b) {
        double s0 = 0;
        double s1 = 0;
        double s2 = 0;
        double s3 = 0;
        int n = a.length;
        int i = 0;
        for (; i + 4 <= n; i += 4) {
            s0 += a[i] * b[i];
            s1 += a[i + 1] * b[i + 1];
            s2 += a[i + 2] * b[i + 2];
            s3 += a[i + 3] * b[i + 3];
        }
        for (; i < n; i++) {
            s0 += a[i] * b[i];
        }
        return (s0 + s1) + (s2 + s3);
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
