package sharpsweep.kernel.nonlinear;

import static sharpsweep.kernel.nonlinear.OutputLoss.lossLabel;

import org.ejml.data.DMatrixRMaj;
import sharpsweep.kernel.linalg.Axpy;
import sharpsweep.kernel.random.Xoshiro256;
import sharpsweep.kernel.spec.Init;
import sharpsweep.kernel.spec.Loss;

/**
 * The deep linear network f(x) = W_D ⋯ W_1 x as a {@link Network}, for a loss without the linear theory
 * (cross-entropy: docs/DESIGN.md §1), where the task is measured like the nonlinear ones. θ is W_1, …, W_D,
 * each row-major, layer sizes d_x, width, …, width, d_y. Depth 1 holds a teacher matrix V itself.
 */
public final class DeepLinear implements Network {
    private final int[] sizes;
    private final int[] offsets;
    private final Loss loss;
    // feature-major scratch, one column per sample: zs[j] = W_j ⋯ W_1 X, the backward's two alternating gradients
    private final DMatrixRMaj[] zs;
    private final DMatrixRMaj wm = new DMatrixRMaj(1, 1);
    private final DMatrixRMaj gA = new DMatrixRMaj(1, 1);
    private final DMatrixRMaj gB = new DMatrixRMaj(1, 1);
    private final DMatrixRMaj bt = new DMatrixRMaj(1, 1);
    private final DMatrixRMaj outer = new DMatrixRMaj(1, 1);

    /** D weight matrices: d_x → width → … → width → d_y (D = 1: d_x → d_y). */
    public DeepLinear(int dx, int width, int dy, int depth, Loss loss) {
        if (depth < 1) {
            throw new IllegalArgumentException("depth " + depth + " must be >= 1");
        }
        this.loss = loss;
        sizes = new int[depth + 1];
        sizes[0] = dx;
        for (int j = 1; j < depth; j++) {
            sizes[j] = width;
        }
        sizes[depth] = dy;
        offsets = new int[depth + 1];
        for (int j = 0; j < depth; j++) {
            offsets[j + 1] = offsets[j] + sizes[j + 1] * sizes[j];
        }
        zs = new DMatrixRMaj[depth + 1];
        for (int j = 0; j <= depth; j++) {
            zs[j] = new DMatrixRMaj(1, 1);
        }
    }

    private int depth() {
        return sizes.length - 1;
    }

    @Override
    public int inputSize() {
        return sizes[0];
    }

    @Override
    public int outputSize() {
        return sizes[depth()];
    }

    @Override
    public int parameterCount() {
        return offsets[depth()];
    }

    @Override
    public int gatesPerSample() {
        return 0;
    }

    /** Each W_j i.i.d. N(0, σ_j²) with σ_j from its fan-in and fan-out, as the linear kernel's own initialisation. */
    @Override
    public void initialise(double[] theta, Init init, Xoshiro256 rng) {
        for (int j = 0; j < depth(); j++) {
            Weights.fill(theta, offsets[j], sizes[j + 1], sizes[j], init, rng);
        }
    }

    @Override
    public void predict(double[] theta, double[] x, int s, double[] out) {
        double[] one = new double[sizes[0]];
        System.arraycopy(x, s * sizes[0], one, 0, sizes[0]);
        predictAll(theta, one, 1, out);
    }

    @Override
    public void predictAll(double[] theta, double[] x, int n, double[] out) {
        forwardAll(theta, x, n);
        FeatureMajor.samples(zs[depth()], out);
    }

    /** zs[0] = X, zs[j] = W_j zs[j−1]. */
    private void forwardAll(double[] theta, double[] x, int n) {
        FeatureMajor.tokens(x, sizes[0], 0, sizes[0], n, zs[0]);
        for (int j = 0; j < depth(); j++) {
            FeatureMajor.block(theta, offsets[j], sizes[j + 1], sizes[j], wm);
            zs[j + 1].reshape(sizes[j + 1], n);
            Axpy.mult(wm, zs[j], zs[j + 1]);
        }
    }

    /** G_D = ∂ℓ/∂f; ∂W_j = G_j Z_{j−1}ᵀ and G_{j−1} = W_jᵀ G_j from the top layer down. */
    @Override
    public double accumulate(double[] theta, double[] x, double[] y, int n, double[] grad, Gates gates) {
        forwardAll(theta, x, n);
        DMatrixRMaj g = zs[depth()];
        double sum = OutputLoss.residual(loss, g, y, n);
        DMatrixRMaj next = gA;
        for (int j = depth() - 1; j >= 0; j--) {
            FeatureMajor.addOuter(g, zs[j], bt, outer, grad, offsets[j]);
            if (j > 0) {
                FeatureMajor.block(theta, offsets[j], sizes[j + 1], sizes[j], wm);
                next.reshape(sizes[j], n);
                Axpy.multTransA(wm, g, next);
                g = next;
                next = next == gA ? gB : gA;
            }
        }
        return sum;
    }

    /** A short description, e.g. {@code linear(depth=2, width=4)}. */
    @Override
    public String toString() {
        return "linear(depth=" + depth() + ", width=" + (depth() > 1 ? sizes[1] : 0) + lossLabel(loss) + ")";
    }
}
