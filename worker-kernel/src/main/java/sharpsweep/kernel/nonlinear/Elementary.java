package sharpsweep.kernel.nonlinear;

/**
 * tanh and exp in plain Java arithmetic: the same bits on every JVM (as {@link StrictMath}'s) and cheaper. tanh
 * avoids the native call StrictMath makes on Java 17, which was most of the RNN's step (its width-100 teacher
 * takes 40,000 tanh a step at b = 100, sequence length 4); exp is the softmax's, 4,800 a transformer step.
 * Within 3 ulp of StrictMath's ({@code ElementaryTest}).
 *
 * <p>tanh|x| = e / (e + 2) with e = expm1(2|x|), odd in x. expm1(y) = 2^k·(1 + p) − 1 with y = k·ln 2 + r,
 * |r| ≤ ln 2 (k = 0 below ln 2, no cancellation), ln 2 split in two parts so that r is exact to a few ulp, and
 * p = expm1(r) by its Taylor series to r¹⁷/17! (the next term is below 10⁻¹⁷ of p). exp(y) = 2^k·(1 + p) the same
 * way, for the softmax's y ≤ 0, with |r| ≤ ln 2 / 2 and the series to r¹⁴/14!.
 */
public final class Elementary {
    private static final double LN2_HI = 0.6931471803691238; // ln 2 rounded to 32 bits: k·LN2_HI is exact for |k| < 2^20
    private static final double LN2_LO = 1.9082149292705877e-10; // ln 2 − LN2_HI
    private static final double INV_LN2 = 1.4426950408889634;
    private static final double LN2 = 0.6931471805599453;
    /** Above this tanh|x| rounds to 1: 1 − tanh(22) ≈ 2e^{−44} ≈ 1.6e−19, below half an ulp of 1. */
    private static final double SATURATED = 22;
    /** Below this tanh x rounds to x: x³/3 is below half an ulp of x. */
    private static final double LINEAR = 0x1p-28;
    /** 1/n!, n = 2 … 17: the series for |r| < ln 2. */
    private static final double[] INVERSE_FACTORIALS = inverseFactorials(17);
    /** 1/n!, n = 2 … 14: for |r| ≤ ln 2 / 2, where r¹⁵/15! is below 10⁻¹⁸ of r. */
    private static final double[] SHORT_SERIES = inverseFactorials(14);

    /** Below this exp rounds to 0 (e^−746 is under half the smallest subnormal). */
    private static final double UNDERFLOW = -746;

    private Elementary() {
    }

    /** e^y for y ≤ 0 (a softmax's shifted scores); NaN for NaN. */
    public static double expNonPositive(double y) {
        if (!(y > UNDERFLOW)) {
            return y < UNDERFLOW ? 0 : y; // NaN stays NaN
        }
        int k = (int) Math.rint(y * INV_LN2);
        double r = (y - k * LN2_HI) - k * LN2_LO; // |r| ≤ ln 2 / 2: the short series suffices
        double m = 1 + series(r, SHORT_SERIES);
        // m·2^k by exact powers of two (Math.scalb's general loop was 16 % of a transformer step): one factor
        // while 2^k is normal; below, 2^(k+54) first (exact) and 2^−54 last, so a subnormal result is rounded once.
        return k >= -1022 ? m * powerOfTwo(k) : m * powerOfTwo(k + 54) * 0x1p-54;
    }

    /** 2^k for −1022 ≤ k ≤ 1023, from its bits. */
    private static double powerOfTwo(int k) {
        return Double.longBitsToDouble((long) (k + 1023) << 52);
    }

    public static double tanh(double x) {
        double a = Math.abs(x);
        if (!(a >= LINEAR)) { // small, or NaN
            return x;
        }
        if (a > SATURATED) {
            return Math.copySign(1.0, x);
        }
        double e = expm1(2 * a);
        // e / (e + 2) with the rounding of e + 2 and of the quotient corrected (two-sum, fma remainder): without
        // it the two roundings add up to 3 ulp near |x| ~ 0.1.
        double s = e + 2;
        double sErr = e < 2 ? (2 - s) + e : (e - s) + 2; // s + sErr = e + 2 exactly
        double t = e / s;
        double rem = Math.fma(-t, s, e) - t * sErr; // e − t·(e + 2), to first order
        return Math.copySign(t + rem / s, x);
    }

    /** e^y − 1 for 2^−27 ≤ y ≤ 44 (the range tanh needs). */
    static double expm1(double y) {
        // k = 0 below ln 2 (|r| < ln 2, the series' longer reach): with k = 1 there, 2(1 + p) − 1 would cancel.
        int k = y < LN2 ? 0 : (int) Math.rint(y * INV_LN2);
        double r = (y - k * LN2_HI) - k * LN2_LO;
        double p = series(r, INVERSE_FACTORIALS);
        if (k == 0) {
            return p;
        }
        double scale = powerOfTwo(k); // 1 ≤ k ≤ 64
        return k <= 53 ? (scale - 1) + scale * p : scale * (1 + p); // 2^k − 1 exact up to 2^53; beyond, −1 is below an ulp
    }

    /**
     * expm1(r) = r + r²/2! + r³/3! + … to the last of {@code c} (r exact, the rest a correction). Horner with fused
     * multiply-adds: the chain of dependent steps is the cost, and an fma is one step where a multiply and an add
     * are two.
     */
    private static double series(double r, double[] c) {
        double q = c[c.length - 1];
        for (int i = c.length - 2; i >= 0; i--) {
            q = Math.fma(q, r, c[i]);
        }
        return Math.fma(r * r, q, r);
    }

    private static double[] inverseFactorials(int last) {
        double[] c = new double[last - 1];
        double f = 1;
        for (int n = 2; n <= last; n++) {
            f *= n; // exact to 18! (its odd part is below 2^53), so 1/n! is correctly rounded
            c[n - 2] = 1 / f;
        }
        return c;
    }
}
