package sharpsweep.kernel.random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The ziggurat and the χ² sampler against a second method: two-sample Kolmogorov–Smirnov tests
 * against {@link Random#nextGaussian()} (Box–Muller/polar) and against sums of squared polar normals.
 * Critical value at α = 10⁻⁴: 2.15·√(2/n). Seeds are fixed, so the outcome is too.
 */
class DistributionTest {
    private static final int N = 200_000;
    private static final double KS_CRITICAL = 2.15 * Math.sqrt(2.0 / N);

    @Test
    void zigguratNormalsMatchPolarNormals() {
        Xoshiro256 rng = new Xoshiro256(123, 0);
        Random reference = new Random(456);
        double[] a = new double[N];
        double[] b = new double[N];
        double sum = 0;
        double sum2 = 0;
        double sum4 = 0;
        for (int i = 0; i < N; i++) {
            a[i] = Normal.next(rng);
            b[i] = reference.nextGaussian();
            sum += a[i];
            sum2 += a[i] * a[i];
            sum4 += a[i] * a[i] * a[i] * a[i];
        }
        assertTrue(ksStatistic(a, b) < KS_CRITICAL, "KS distance " + ksStatistic(a, b));
        // Moments: standard errors 1/√n, √(2/n), √(96/n) for mean, variance and fourth moment.
        assertEquals(0, sum / N, 5 / Math.sqrt(N));
        assertEquals(1, sum2 / N, 5 * Math.sqrt(2.0 / N));
        assertEquals(3, sum4 / N, 5 * Math.sqrt(96.0 / N));
    }

    @Test
    void tailBeyondTheZigguratBaseHasTheNormalMass() {
        Xoshiro256 rng = new Xoshiro256(99, 0);
        int n = 4_000_000;
        int beyond = 0;
        for (int i = 0; i < n; i++) {
            if (Math.abs(Normal.next(rng)) > 3.442619855899) {
                beyond++;
            }
        }
        double p = 5.7624e-4; // P(|Z| > 3.4426) = erfc(3.4426/√2)
        assertEquals(p * n, beyond, 5 * Math.sqrt(p * n));
    }

    @ParameterizedTest(name = "k={0}")
    @ValueSource(ints = {1, 2, 3, 7, 30})
    void chiSquareMatchesSumsOfSquaredNormals(int k) {
        ChiSquare chi = new ChiSquare(k);
        Xoshiro256 rng = new Xoshiro256(7, k);
        Random reference = new Random(k);
        double[] a = new double[N];
        double[] b = new double[N];
        for (int i = 0; i < N; i++) {
            a[i] = chi.next(rng);
            double s = 0;
            for (int j = 0; j < k; j++) {
                double z = reference.nextGaussian();
                s += z * z;
            }
            b[i] = s;
        }
        assertTrue(ksStatistic(a, b) < KS_CRITICAL, "KS distance " + ksStatistic(a, b));
    }

    @Test
    void streamsAreReproducibleAndDistinct() {
        Xoshiro256 a = new Xoshiro256(42, 1);
        Xoshiro256 b = new Xoshiro256(42, 1);
        Xoshiro256 c = new Xoshiro256(42, 2);
        int same = 0;
        for (int i = 0; i < 1000; i++) {
            long x = a.nextLong();
            assertEquals(x, b.nextLong());
            if (x == c.nextLong()) {
                same++;
            }
        }
        assertEquals(0, same);
    }

    static double ksStatistic(double[] a, double[] b) {
        double[] x = a.clone();
        double[] y = b.clone();
        Arrays.sort(x);
        Arrays.sort(y);
        int i = 0;
        int j = 0;
        double d = 0;
        while (i < x.length && j < y.length) {
            double t = Math.min(x[i], y[j]);
            while (i < x.length && x[i] <= t) {
                i++;
            }
            while (j < y.length && y[j] <= t) {
                j++;
            }
            d = Math.max(d, Math.abs((double) i / x.length - (double) j / y.length));
        }
        return d;
    }
}
