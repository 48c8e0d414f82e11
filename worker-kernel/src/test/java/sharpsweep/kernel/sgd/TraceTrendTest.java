package sharpsweep.kernel.sgd;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

/** The trace-stability test against window means whose drift and scatter are known by construction. */
class TraceTrendTest {
    private static TraceTrend filled(double... means) {
        TraceTrend t = new TraceTrend(means.length - 1);
        for (double m : means) {
            t.add(m);
        }
        return t;
    }

    @Test
    void aSteadyDriftBeyondTheToleranceFailsWhenItsUncertaintyIsZero() {
        // 1 % a window, no scatter: the slope is exact, its uncertainty zero.
        TraceTrend drifting = filled(100, 101, 102, 103);
        assertFalse(drifting.stable(0.005));
        assertTrue(drifting.stable(0.02), "within a 2 % tolerance");
    }

    @Test
    void tooFewWindowsAreNotStable() {
        TraceTrend t = new TraceTrend(3);
        t.add(100);
        t.add(100);
        t.add(100);
        assertFalse(t.stable(0.005));
        t.add(100);
        assertTrue(t.stable(0.005));
    }

    @Test
    void scatterWithoutDriftPassesWithTheAllowance() {
        // Stationary window means with a 2 % scatter: beyond a 0.5 % tolerance, within their own uncertainty.
        // The allowance is a 99 % quantile, so ~1 % of pure-noise cases fail; 2000 cases: ≤ 3 % is > 5 sd away.
        Random rng = new Random(3);
        int failed = 0;
        for (int i = 0; i < 2000; i++) {
            TraceTrend t = filled(100 + 2 * rng.nextGaussian(), 100 + 2 * rng.nextGaussian(),
                    100 + 2 * rng.nextGaussian(), 100 + 2 * rng.nextGaussian());
            failed += t.stable(0.005) ? 0 : 1;
        }
        assertTrue(failed < 60, failed + " of 2000 failed");
    }

    @Test
    void aDriftLargeAgainstItsScatterFailsDespiteTheAllowance() {
        // 3 % a window with 0.1 % scatter: t ≈ 30 ≫ 9.9.
        assertFalse(filled(100, 103.1, 105.9, 109.05).stable(0.005));
    }
}
