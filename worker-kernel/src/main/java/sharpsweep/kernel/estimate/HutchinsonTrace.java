package sharpsweep.kernel.estimate;

import sharpsweep.kernel.random.Xoshiro256;

/**
 * The trace of a symmetric operator from its action alone, for models whose Hessian has no closed
 * form. Exact (n products with unit vectors) when the dimension is at most the probe budget;
 * otherwise Hutchinson's estimator with Rademacher probes, tr A = E[zᵀAz], whose variance
 * 2(‖A‖_F² − Σ A_ii²) is the smallest of the common probe laws. The standard error is the sample
 * standard deviation of zᵀAz over √probes. Deterministic: the probes come from the given seed or generator.
 */
public final class HutchinsonTrace {
    /** @param exact whether the value is the trace itself (stderr 0), not an estimate */
    public record Estimate(double trace, double stderr, int products, boolean exact) {
    }

    private HutchinsonTrace() {
    }

    /** The estimate with probes from stream 2 of {@code seed}. */
    public static Estimate estimate(SymmetricOperator op, int probes, long seed) {
        return estimate(op, probes, new Xoshiro256(seed, 2)); // stream 2: apart from init (0) and sampling (1)
    }

    /** The estimate with the next probes of {@code rng} (a caller measuring repeatedly gets fresh probes each time). */
    public static Estimate estimate(SymmetricOperator op, int probes, Xoshiro256 rng) {
        if (probes < 2) {
            throw new IllegalArgumentException("probes = " + probes + ": need at least 2 for a standard error");
        }
        int n = op.dimension();
        double[] z = new double[n];
        double[] az = new double[n];
        if (n <= probes) {
            double trace = 0;
            for (int i = 0; i < n; i++) {
                z[i] = 1;
                op.apply(z, az);
                trace += az[i];
                z[i] = 0;
            }
            return new Estimate(trace, 0, n, true);
        }
        double mean = 0;
        double m2 = 0;
        for (int k = 0; k < probes; k++) {
            long bits = 0;
            for (int i = 0; i < n; i++) {
                if ((i & 63) == 0) {
                    bits = rng.nextLong();
                }
                z[i] = (bits >>> (i & 63) & 1L) == 0 ? -1 : 1;
            }
            op.apply(z, az);
            double sample = 0;
            for (int i = 0; i < n; i++) {
                sample += z[i] * az[i];
            }
            // Welford's update: one pass, no cancellation when the samples are large and close.
            double delta = sample - mean;
            mean += delta / (k + 1);
            m2 += delta * (sample - mean);
        }
        return new Estimate(mean, Math.sqrt(m2 / (probes - 1) / probes), probes, false);
    }
}
