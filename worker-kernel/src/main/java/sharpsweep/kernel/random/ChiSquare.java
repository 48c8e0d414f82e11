package sharpsweep.kernel.random;

/**
 * χ² variates with a fixed number of degrees of freedom k: for k = 1 a squared normal, otherwise
 * 2·Gamma(k/2) by Marsaglia and Tsang's squeeze method (2000), which needs a normal and a uniform
 * per try and accepts over 95 % of tries without a logarithm. Constants are set up once per k.
 */
public final class ChiSquare {
    private final int degrees;
    private final double d;
    private final double c;

    public ChiSquare(int degrees) {
        if (degrees < 1) {
            throw new IllegalArgumentException("chi-square degrees of freedom must be >= 1, got " + degrees);
        }
        this.degrees = degrees;
        this.d = degrees / 2.0 - 1.0 / 3.0;
        this.c = 1.0 / StrictMath.sqrt(9.0 * d);
    }

    public double next(Xoshiro256 rng) {
        if (degrees == 1) {
            double z = Normal.next(rng);
            return z * z;
        }
        while (true) {
            double x;
            double v;
            do {
                x = Normal.next(rng);
                v = 1.0 + c * x;
            } while (v <= 0);
            v = v * v * v;
            double u = rng.nextOpenClosed();
            double x2 = x * x;
            if (u < 1.0 - 0.0331 * x2 * x2
                    || StrictMath.log(u) < 0.5 * x2 + d * (1.0 - v + StrictMath.log(v))) {
                return 2.0 * d * v;
            }
        }
    }
}
