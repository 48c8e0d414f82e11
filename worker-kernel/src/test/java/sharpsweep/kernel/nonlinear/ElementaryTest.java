package sharpsweep.kernel.nonlinear;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The plain-Java tanh and exp against StrictMath's (fdlibm's), in ulps, over every range their branches cover. */
class ElementaryTest {
    /**
     * fdlibm's tanh is within 1 ulp of the truth. Ours inherits expm1's ~1 ulp through e / (e + 2), and where
     * tanh's ulp is a quarter of e's (|x| ~ 0.25: tanh ~ 0.24, e ~ 0.64) that is ~1.1 ulp of tanh, plus the
     * quotient's rounding: within 2 of the truth, so the two may differ by 3.
     */
    private static final double MAX_ULPS = 3;

    private static double ulps(double expected, double actual) {
        return Math.abs(expected - actual) / Math.ulp(expected);
    }

    @Test
    void withinThreeUlpsOfStrictMathFromTinyToSaturated() {
        SplittableRandom rng = new SplittableRandom(1);
        double worst = 0;
        double worstAt = 0;
        for (int i = 0; i < 2_000_000; i++) {
            // log-uniform magnitudes 2^-40 .. 2^6 (64): the linear, series, scaled and saturated branches
            double x = Math.scalb(1 + rng.nextDouble(), rng.nextInt(-40, 6));
            x = rng.nextBoolean() ? x : -x;
            double u = ulps(StrictMath.tanh(x), Elementary.tanh(x));
            if (u > worst) {
                worst = u;
                worstAt = x;
            }
        }
        assertTrue(worst <= MAX_ULPS, "worst " + worst + " ulp at x = " + worstAt);
    }

    @Test
    void expm1WithinThreeUlpsOfStrictMathOverTheRangeTanhUses() {
        SplittableRandom rng = new SplittableRandom(2);
        for (int i = 0; i < 1_000_000; i++) {
            double y = i % 2 == 0 ? Math.scalb(1 + rng.nextDouble(), rng.nextInt(-27, 5)) : 44 * rng.nextDouble();
            y = Math.max(y, 0x1p-27);
            double u = ulps(StrictMath.expm1(y), Elementary.expm1(y));
            assertTrue(u <= MAX_ULPS, u + " ulp at y = " + y);
        }
    }

    @Test
    void expWithinThreeUlpsOfStrictMathDownToUnderflow() {
        SplittableRandom rng = new SplittableRandom(3);
        for (int i = 0; i < 1_000_000; i++) {
            double y = i % 2 == 0 ? -Math.scalb(1 + rng.nextDouble(), rng.nextInt(-60, 9)) : -708 * rng.nextDouble();
            double u = ulps(StrictMath.exp(y), Elementary.expNonPositive(y));
            assertTrue(u <= MAX_ULPS, u + " ulp at y = " + y);
        }
        assertEquals(1.0, Elementary.expNonPositive(0.0));
        assertEquals(1.0, Elementary.expNonPositive(-0.0));
        assertEquals(0.0, Elementary.expNonPositive(Double.NEGATIVE_INFINITY));
        assertEquals(0.0, Elementary.expNonPositive(-800));
        assertTrue(Double.isNaN(Elementary.expNonPositive(Double.NaN)));
        for (double y : new double[] {-709, -720, -740, -745}) { // subnormal results: scalb's one rounding
            assertEquals(StrictMath.exp(y), Elementary.expNonPositive(y), Math.ulp(StrictMath.exp(y)) * MAX_ULPS, "y = " + y);
        }
    }

    @Test
    void edgesAndSpecialValues() {
        assertEquals(0.0, Elementary.tanh(0.0));
        assertEquals(Double.doubleToLongBits(-0.0), Double.doubleToLongBits(Elementary.tanh(-0.0)));
        assertTrue(Double.isNaN(Elementary.tanh(Double.NaN)));
        assertEquals(1.0, Elementary.tanh(Double.POSITIVE_INFINITY));
        assertEquals(-1.0, Elementary.tanh(Double.NEGATIVE_INFINITY));
        assertEquals(Double.MIN_VALUE, Elementary.tanh(Double.MIN_VALUE));
        for (double x : new double[] {0x1p-28, 0.5 * Math.log(2) / 2, Math.log(2) / 2, 1, 19.0, 22, 22.000001, 40}) {
            assertTrue(ulps(StrictMath.tanh(x), Elementary.tanh(x)) <= MAX_ULPS, "x = " + x);
            assertEquals(-Elementary.tanh(x), Elementary.tanh(-x), 0.0, "odd at " + x);
        }
    }
}
