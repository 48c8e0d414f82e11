package sharpsweep.kernel.nonlinear;

import sharpsweep.kernel.random.Xoshiro256;
import sharpsweep.kernel.spec.Init;

/**
 * A nonlinear network f_θ: R^{inputSize} → R^{outputSize} with parameters θ in one flat array, its
 * squared loss and the loss's gradient by backpropagation. Implementations keep per-sample scratch
 * and are not thread-safe: one per kernel run.
 */
public interface Network {
    /** Values of one input sample (sequence length × token size for sequence models). */
    int inputSize();

    int outputSize();

    int parameterCount();

    /** ReLU gates of one sample, for {@link Gates} (0 for a smooth network). */
    int gatesPerSample();

    /** Fills θ: each weight matrix i.i.d. N(0, σ²), σ from {@code init} and the matrix's fan-in and fan-out. */
    void initialise(double[] theta, Init init, Xoshiro256 rng);

    /** out = f_θ(x_s), x_s = x[s·inputSize ...]. */
    void predict(double[] theta, double[] x, int s, double[] out);

    /**
     * out[s·outputSize ..] = f_θ(x_s) for every s < n: the teacher's labels of a minibatch or an evaluation set.
     * The networks override it with batched products ({@link FeatureMajor}); this default, one sample at a time,
     * allocates and is for test networks.
     */
    default void predictAll(double[] theta, double[] x, int n, double[] out) {
        double[] one = new double[outputSize()];
        for (int s = 0; s < n; s++) {
            predict(theta, x, s, one);
            System.arraycopy(one, 0, out, s * one.length, one.length);
        }
    }

    /**
     * Adds Σ_s ∇_θ ½‖f_θ(x_s) − y_s‖² over samples {@code s < n} to {@code grad} and returns Σ_s ½‖f_θ(x_s) − y_s‖².
     * With {@code gates} non-null the ReLU gates are recorded or replayed ({@link Gates}).
     */
    double accumulate(double[] theta, double[] x, double[] y, int n, double[] grad, Gates gates);
}
