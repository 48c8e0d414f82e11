package sharpsweep.kernel.random;

/**
 * Standard normal variates by the 128-layer ziggurat of Marsaglia and Tsang, in Doornik's form
 * (ZIGNOR, 2005): the layer index and the uniform come from disjoint bits of one 64-bit draw, which
 * removes the correlation of the original. About 99 % of draws cost one {@code nextLong}, a table
 * look-up and a multiply. Tables and the rare tail/wedge paths use {@link StrictMath}, so the
 * stream is bit-identical on every JVM.
 */
public final class Normal {
    private static final int LAYERS = 128;
    /** Start of the tail, and the common area of each layer, for 128 layers (Doornik, Table 1). */
    private static final double R = 3.442619855899;
    private static final double AREA = 9.91256303526217e-3;
    private static final double TWO_POW_MINUS_52 = 0x1.0p-52;

    /** X[i]: right edge of layer i; RATIO[i] = X[i+1] / X[i], the part of layer i under the curve. */
    private static final double[] X = new double[LAYERS + 1];
    private static final double[] RATIO = new double[LAYERS];

    static {
        double f = StrictMath.exp(-0.5 * R * R);
        X[0] = AREA / f;
        X[1] = R;
        X[LAYERS] = 0;
        for (int i = 2; i < LAYERS; i++) {
            X[i] = StrictMath.sqrt(-2 * StrictMath.log(AREA / X[i - 1] + f));
            f = StrictMath.exp(-0.5 * X[i] * X[i]);
        }
        for (int i = 0; i < LAYERS; i++) {
            RATIO[i] = X[i + 1] / X[i];
        }
    }

    private Normal() {
    }

    /** One N(0, 1) draw from {@code rng}. */
    public static double next(Xoshiro256 rng) {
        while (true) {
            long bits = rng.nextLong();
            int layer = (int) (bits & (LAYERS - 1));
            double u = (bits >>> 11) * TWO_POW_MINUS_52 - 1.0; // [-1, 1), from the top 53 bits
            if (Math.abs(u) < RATIO[layer]) {
                return u * X[layer];
            }
            if (layer == 0) {
                return tail(rng, u < 0);
            }
            double x = u * X[layer];
            double f0 = StrictMath.exp(-0.5 * (X[layer] * X[layer] - x * x));
            double f1 = StrictMath.exp(-0.5 * (X[layer + 1] * X[layer + 1] - x * x));
            if (f1 + rng.nextOpenClosed() * (f0 - f1) < 1.0) {
                return x;
            }
        }
    }

    /** Marsaglia's exact sampler for the normal tail beyond R. */
    private static double tail(Xoshiro256 rng, boolean negative) {
        double x;
        double y;
        do {
            x = StrictMath.log(rng.nextOpenClosed()) / R;
            y = StrictMath.log(rng.nextOpenClosed());
        } while (-2 * y < x * x);
        return negative ? x - R : R - x;
    }

    /** Fills {@code out[0..n)} with N(0, 1) draws. */
    public static void fill(Xoshiro256 rng, double[] out, int n) {
        for (int i = 0; i < n; i++) {
            out[i] = next(rng);
        }
    }
}
