package sharpsweep.kernel.nonlinear;

import sharpsweep.kernel.random.Normal;
import sharpsweep.kernel.random.Xoshiro256;
import sharpsweep.kernel.spec.Init;

/** Initialisation of one weight matrix held inside a flat θ. */
final class Weights {
    private Weights() {
    }

    /** θ[offset ..] = a rows × cols matrix of i.i.d. N(0, σ²), σ = init.sigmaFor(fan-in = cols, fan-out = rows). */
    static void fill(double[] theta, int offset, int rows, int cols, Init init, Xoshiro256 rng) {
        double sigma = init.sigmaFor(cols, rows);
        for (int i = 0; i < rows * cols; i++) {
            theta[offset + i] = sigma * Normal.next(rng);
        }
    }
}
