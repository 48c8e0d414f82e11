package sharpsweep.kernel.linalg;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link Axpy#product} on the Vector API: C is covered by register tiles of 4 rows × 2 vectors (8 accumulators
 * live across the whole p loop, so C is loaded and stored once per tile, not once per p), then 4 rows × 1
 * vector, then single rows; columns left over by the vector width go to {@link Axpy#scalar}. Each lane runs
 * one element's fma chain over p in order, exactly the scalar chain: the same bits on any vector width.
 * Loaded only when the JVM resolved {@code jdk.incubator.vector}.
 */
final class VectorProducts {
    private static final VectorSpecies<Double> SPECIES = DoubleVector.SPECIES_PREFERRED;
    /** Doubles per vector on this machine (8 with AVX-512, 4 with AVX2). */
    static final int LANES = SPECIES.length();

    private VectorProducts() {
    }

    static void product(double[] a, int rs, int cs, double alpha, double[] b, double[] c, int m, int k, int n,
                        boolean acc) {
        int vecEnd = n - n % LANES;
        int i = 0;
        for (; i + 4 <= m; i += 4) {
            int j = 0;
            for (; j + 2 * LANES <= vecEnd; j += 2 * LANES) {
                tile4x2(a, rs, cs, alpha, b, c, i, j, k, n, acc);
            }
            for (; j < vecEnd; j += LANES) {
                tile4x1(a, rs, cs, alpha, b, c, i, j, k, n, acc);
            }
        }
        for (; i < m; i++) {
            for (int j = 0; j < vecEnd; j += LANES) {
                tile1x1(a, rs, cs, alpha, b, c, i, j, k, n, acc);
            }
        }
        if (vecEnd < n) {
            Axpy.scalar(a, rs, cs, alpha, b, n, 1, c, n, k, 0, m, vecEnd, n, acc);
        }
    }

    private static DoubleVector start(double[] c, int at, boolean acc) {
        return acc ? DoubleVector.fromArray(SPECIES, c, at) : DoubleVector.zero(SPECIES);
    }

    private static DoubleVector broadcast(double alpha, double[] a, int at) {
        return DoubleVector.broadcast(SPECIES, alpha * a[at]);
    }

    private static void tile4x2(double[] a, int rs, int cs, double alpha, double[] b, double[] c, int i, int j, int k,
                                int n, boolean acc) {
        int r0 = i * n + j;
        int r1 = r0 + n;
        int r2 = r1 + n;
        int r3 = r2 + n;
        DoubleVector c00 = start(c, r0, acc);
        DoubleVector c01 = start(c, r0 + LANES, acc);
        DoubleVector c10 = start(c, r1, acc);
        DoubleVector c11 = start(c, r1 + LANES, acc);
        DoubleVector c20 = start(c, r2, acc);
        DoubleVector c21 = start(c, r2 + LANES, acc);
        DoubleVector c30 = start(c, r3, acc);
        DoubleVector c31 = start(c, r3 + LANES, acc);
        int a0 = i * rs;
        for (int p = 0; p < k; p++) {
            int bp = p * n + j;
            DoubleVector b0 = DoubleVector.fromArray(SPECIES, b, bp);
            DoubleVector b1 = DoubleVector.fromArray(SPECIES, b, bp + LANES);
            int ap = a0 + p * cs;
            DoubleVector x = broadcast(alpha, a, ap);
            c00 = x.fma(b0, c00);
            c01 = x.fma(b1, c01);
            x = broadcast(alpha, a, ap + rs);
            c10 = x.fma(b0, c10);
            c11 = x.fma(b1, c11);
            x = broadcast(alpha, a, ap + 2 * rs);
            c20 = x.fma(b0, c20);
            c21 = x.fma(b1, c21);
            x = broadcast(alpha, a, ap + 3 * rs);
            c30 = x.fma(b0, c30);
            c31 = x.fma(b1, c31);
        }
        c00.intoArray(c, r0);
        c01.intoArray(c, r0 + LANES);
        c10.intoArray(c, r1);
        c11.intoArray(c, r1 + LANES);
        c20.intoArray(c, r2);
        c21.intoArray(c, r2 + LANES);
        c30.intoArray(c, r3);
        c31.intoArray(c, r3 + LANES);
    }

    private static void tile4x1(double[] a, int rs, int cs, double alpha, double[] b, double[] c, int i, int j, int k,
                                int n, boolean acc) {
        int r0 = i * n + j;
        DoubleVector c0 = start(c, r0, acc);
        DoubleVector c1 = start(c, r0 + n, acc);
        DoubleVector c2 = start(c, r0 + 2 * n, acc);
        DoubleVector c3 = start(c, r0 + 3 * n, acc);
        int a0 = i * rs;
        for (int p = 0; p < k; p++) {
            DoubleVector b0 = DoubleVector.fromArray(SPECIES, b, p * n + j);
            int ap = a0 + p * cs;
            c0 = broadcast(alpha, a, ap).fma(b0, c0);
            c1 = broadcast(alpha, a, ap + rs).fma(b0, c1);
            c2 = broadcast(alpha, a, ap + 2 * rs).fma(b0, c2);
            c3 = broadcast(alpha, a, ap + 3 * rs).fma(b0, c3);
        }
        c0.intoArray(c, r0);
        c1.intoArray(c, r0 + n);
        c2.intoArray(c, r0 + 2 * n);
        c3.intoArray(c, r0 + 3 * n);
    }

    private static void tile1x1(double[] a, int rs, int cs, double alpha, double[] b, double[] c, int i, int j, int k,
                                int n, boolean acc) {
        int r0 = i * n + j;
        DoubleVector c0 = start(c, r0, acc);
        int a0 = i * rs;
        for (int p = 0; p < k; p++) {
            c0 = broadcast(alpha, a, a0 + p * cs).fma(DoubleVector.fromArray(SPECIES, b, p * n + j), c0);
        }
        c0.intoArray(c, r0);
    }
}
