package sharpsweep.kernel.linalg;

import org.ejml.data.DMatrixRMaj;

/**
 * The kernel's hot matrix products, C = op(A)·B, as axpy sweeps over rows of B: every element of C is the
 * fused multiply-add chain c ← fma(a_p, b_pj, c) over p = 0, 1, …, k−1 in order, from 0 or from C's own value.
 * They replace EJML's {@code mult}, {@code multTransA} and {@code multAddTransB} on the SGD step and the
 * Hessian-vector product (docs/BENCHMARKS.md "Kernel against C and numpy": EJML's transposed products are
 * dot-product loops C2 does not vectorise, ~3.5 GFLOP/s on the large net where plain C reaches ~18; on the
 * paper's 2×2 net EJML's per-call checks cost as much as the arithmetic).
 *
 * <p>Two implementations give the same bits: {@link VectorProducts} (the incubating Vector API, 4-row ×
 * 2-vector register tiles, when the JVM has {@code --add-modules=jdk.incubator.vector}, as {@code
 * conf/jvm-options} gives it) and a scalar loop with {@link Math#fma}. Each element's chain is the same in both,
 * whatever the vector width, because lanes never mix: a result never depends on the machine or the flags.
 * C = A·Bᵀ needs Bᵀ stored: the caller keeps that copy. No checks beyond the shapes fixed at construction; no
 * allocation.
 */
public final class Axpy {
    /** Whether the Vector API is here (the module resolved at start-up): otherwise the scalar chain. */
    static final boolean VECTOR = vectorAvailable();

    private Axpy() {
    }

    private static boolean vectorAvailable() {
        if (ModuleLayer.boot().findModule("jdk.incubator.vector").isEmpty() || Boolean.getBoolean("sharpsweep.scalar")) {
            return false;
        }
        try {
            return VectorProducts.LANES > 1;
        } catch (LinkageError e) {
            return false; // module present but not readable here: the scalar chain, same results
        }
    }

    /** Whether products run on the Vector API in this JVM (for the benchmark's report). */
    public static boolean vectorised() {
        return VECTOR;
    }

    /**
     * Whether a product with {@code columns} columns runs on vector tiles and so needs a stored Bᵀ for the
     * transposed-B products; narrower products read B in place, and a caller need not keep the copy.
     */
    public static boolean needsTransposed(int columns) {
        return VECTOR && columns >= VectorProducts.LANES;
    }

    /** C = A·B (A m×k, B k×n, C m×n). */
    public static void mult(DMatrixRMaj a, DMatrixRMaj b, DMatrixRMaj c) {
        product(a.data, a.numCols, 1, 1.0, b.data, c.data, a.numRows, a.numCols, b.numCols, false);
    }

    /** C += A·B (A m×k, B k×n, C m×n). */
    public static void multAdd(DMatrixRMaj a, DMatrixRMaj b, DMatrixRMaj c) {
        product(a.data, a.numCols, 1, 1.0, b.data, c.data, a.numRows, a.numCols, b.numCols, true);
    }

    /** C = Aᵀ·B (A k×m, B k×n, C m×n). */
    public static void multTransA(DMatrixRMaj a, DMatrixRMaj b, DMatrixRMaj c) {
        product(a.data, 1, a.numCols, 1.0, b.data, c.data, a.numCols, a.numRows, b.numCols, false);
    }

    /** C = α·A·Bᵀ (A m×k, B n×k, C m×n); {@code bt} = Bᵀ, kept by the caller when {@link #needsTransposed}. */
    public static void multTransB(double alpha, DMatrixRMaj a, DMatrixRMaj b, DMatrixRMaj bt, DMatrixRMaj c) {
        transB(alpha, a, b, bt, c, false);
    }

    /** C += α·A·Bᵀ (A m×k, B n×k, C m×n); {@code bt} = Bᵀ, kept by the caller when {@link #needsTransposed}. */
    public static void multAddTransB(double alpha, DMatrixRMaj a, DMatrixRMaj b, DMatrixRMaj bt, DMatrixRMaj c) {
        transB(alpha, a, b, bt, c, true);
    }

    private static void transB(double alpha, DMatrixRMaj a, DMatrixRMaj b, DMatrixRMaj bt, DMatrixRMaj c,
                               boolean accumulate) {
        int m = a.numRows;
        int k = a.numCols;
        int n = b.numRows;
        if (needsTransposed(n)) {
            VectorProducts.product(a.data, k, 1, alpha, bt.data, c.data, m, k, n, accumulate);
        } else {
            scalar(a.data, k, 1, alpha, b.data, 1, k, c.data, n, k, 0, m, 0, n, accumulate);
        }
    }

    /**
     * C (m×n) = [C +] Σ_p (α·A(i,p))·B[p][·], A(i,p) = a[i·rowStride + p·colStride], B k×n row-major: the
     * routine behind the products.
     */
    static void product(double[] a, int rowStride, int colStride, double alpha, double[] b, double[] c, int m, int k,
                        int n, boolean accumulate) {
        if (needsTransposed(n)) { // the vector tiles' rule: one place decides which path a width takes
            VectorProducts.product(a, rowStride, colStride, alpha, b, c, m, k, n, accumulate);
        } else {
            scalar(a, rowStride, colStride, alpha, b, n, 1, c, n, k, 0, m, 0, n, accumulate);
        }
    }

    /**
     * Rows [i0, i1) and columns [j0, j1) of the product by the scalar chains, four, two or one columns at a time,
     * each chain in a register (on the paper's 2×2 net this is most of the step): narrow products, the vector
     * tiles' tails, and every product in a JVM without the Vector API. B(p, j) = b[p·bRow + j·bCol]; C is n
     * columns wide.
     */
    static void scalar(double[] a, int rowStride, int colStride, double alpha, double[] b, int bRow, int bCol,
                       double[] c, int n, int k, int i0, int i1, int j0, int j1, boolean accumulate) {
        int j = j0;
        for (; j + 4 <= j1; j += 4) {
            fourColumns(a, rowStride, colStride, alpha, b, bRow, bCol, c, n, k, i0, i1, j, accumulate);
        }
        if (j + 2 <= j1) {
            twoColumns(a, rowStride, colStride, alpha, b, bRow, bCol, c, n, k, i0, i1, j, accumulate);
            j += 2;
        }
        if (j < j1) {
            oneColumn(a, rowStride, colStride, alpha, b, bRow, bCol, c, n, k, i0, i1, j, accumulate);
        }
    }

    /** Four chains side by side: independent fma chains overlap (one alone waits on each fma's latency). */
    private static void fourColumns(double[] a, int rowStride, int colStride, double alpha, double[] b, int bRow,
                                    int bCol, double[] c, int n, int k, int i0, int i1, int j0, boolean accumulate) {
        int b0 = j0 * bCol;
        int b1 = b0 + bCol;
        int b2 = b1 + bCol;
        int b3 = b2 + bCol;
        for (int i = i0; i < i1; i++) {
            int ai = i * rowStride;
            int ci = i * n + j0;
            double s0 = accumulate ? c[ci] : 0;
            double s1 = accumulate ? c[ci + 1] : 0;
            double s2 = accumulate ? c[ci + 2] : 0;
            double s3 = accumulate ? c[ci + 3] : 0;
            for (int p = 0; p < k; p++) {
                double ap = alpha * a[ai + p * colStride];
                int bp = p * bRow;
                s0 = Math.fma(ap, b[bp + b0], s0);
                s1 = Math.fma(ap, b[bp + b1], s1);
                s2 = Math.fma(ap, b[bp + b2], s2);
                s3 = Math.fma(ap, b[bp + b3], s3);
            }
            c[ci] = s0;
            c[ci + 1] = s1;
            c[ci + 2] = s2;
            c[ci + 3] = s3;
        }
    }

    private static void oneColumn(double[] a, int rowStride, int colStride, double alpha, double[] b, int bRow,
                                  int bCol, double[] c, int n, int k, int i0, int i1, int j0, boolean accumulate) {
        int b0 = j0 * bCol;
        for (int i = i0; i < i1; i++) {
            int ai = i * rowStride;
            int ci = i * n + j0;
            double s0 = accumulate ? c[ci] : 0;
            for (int p = 0; p < k; p++) {
                s0 = Math.fma(alpha * a[ai + p * colStride], b[p * bRow + b0], s0);
            }
            c[ci] = s0;
        }
    }

    /**
     * Two chains side by side: d = 2 (the paper's nets) makes most of the step's products two columns wide, where
     * a loop over single columns cost as much as the chains.
     */
    private static void twoColumns(double[] a, int rowStride, int colStride, double alpha, double[] b, int bRow,
                                   int bCol, double[] c, int n, int k, int i0, int i1, int j0, boolean accumulate) {
        int b0 = j0 * bCol;
        int b1 = b0 + bCol;
        for (int i = i0; i < i1; i++) {
            int ai = i * rowStride;
            int ci = i * n + j0;
            double s0 = accumulate ? c[ci] : 0;
            double s1 = accumulate ? c[ci + 1] : 0;
            for (int p = 0; p < k; p++) {
                double ap = alpha * a[ai + p * colStride];
                int bp = p * bRow;
                s0 = Math.fma(ap, b[bp + b0], s0);
                s1 = Math.fma(ap, b[bp + b1], s1);
            }
            c[ci] = s0;
            c[ci + 1] = s1;
        }
    }
}
