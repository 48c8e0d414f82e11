package sharpsweep.kernel.estimate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Lanczos against a diagonal operator whose spectrum is known exactly, cold and from warm starts. */
class LanczosTest {
    /** diag(λ_i): eigenvalues 1, 2, …, n−1 and a top one {@code top}, eigenvectors the unit vectors. */
    private static SymmetricOperator diagonal(int n, double top) {
        return new SymmetricOperator() {
            @Override
            public int dimension() {
                return n;
            }

            @Override
            public void apply(double[] in, double[] out) {
                for (int i = 0; i < n; i++) {
                    out[i] = (i == n - 1 ? top : i + 1) * in[i];
                }
            }
        };
    }

    private static double[] unit(int n, int i) {
        double[] e = new double[n];
        e[i] = 1;
        return e;
    }

    @Test
    void anOverflowingOperatorGivesNaNNotAnException() {
        // diag(1e307·i): a unit start's image has a finite α but |w|² overflows, so β = ∞.
        SymmetricOperator huge = new SymmetricOperator() {
            @Override
            public int dimension() {
                return 50;
            }

            @Override
            public void apply(double[] in, double[] out) {
                for (int i = 0; i < 50; i++) {
                    out[i] = 1e307 * (i + 1) * in[i];
                }
            }
        };
        Lanczos.Ritz r = Lanczos.largest(huge, 40, Lanczos.DEFAULT_TOLERANCE);
        assertTrue(Double.isNaN(r.value()) && Double.isNaN(r.bound()), "value " + r.value());
        assertEquals(1, r.iterations());
    }

    @Test
    void coldStartFindsTheTopEigenvalueWithinItsBound() {
        Lanczos.Ritz r = Lanczos.largest(diagonal(200, 200.5), 120, Lanczos.DEFAULT_TOLERANCE);
        assertEquals(200.5, r.value(), r.bound() + 1e-12);
        assertTrue(r.bound() <= Lanczos.DEFAULT_TOLERANCE * 200.5);
    }

    @Test
    void aWarmStartOnTheTopVectorStopsAtOnce() {
        Lanczos.Ritz r = Lanczos.largest(diagonal(200, 200.5), 120, Lanczos.DEFAULT_TOLERANCE, unit(200, 199));
        assertEquals(200.5, r.value(), 200.5 * Lanczos.DEFAULT_TOLERANCE);
        Lanczos.Ritz cold = Lanczos.largest(diagonal(200, 200.5), 120, Lanczos.DEFAULT_TOLERANCE);
        assertTrue(r.iterations() < cold.iterations(), r.iterations() + " vs cold " + cold.iterations());
    }

    /**
     * The failure a warm start risks: the old top vector is now the second eigenvector (the top moved to another
     * direction). The fixed random part of the start keeps the new top in the Krylov space: Lanczos still ends on
     * it, not on the old direction (whose Rayleigh quotient is 199).
     */
    @Test
    void aWarmStartOnAnOldDirectionStillFindsTheNewTop() {
        int n = 200;
        double[] old = unit(n, n - 2); // eigenvalue 199, the second largest
        Lanczos.Ritz r = Lanczos.largest(diagonal(n, 201), 120, Lanczos.DEFAULT_TOLERANCE, old);
        assertEquals(201, r.value(), 201 * Lanczos.DEFAULT_TOLERANCE);
    }
}
