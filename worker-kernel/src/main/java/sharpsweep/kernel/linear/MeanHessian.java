package sharpsweep.kernel.linear;

import org.ejml.data.DMatrixRMaj;
import sharpsweep.kernel.estimate.SymmetricOperator;

/**
 * The population Hessian averaged over the weights sampled in a window: (1/n)·Σ_s H(θ_s), as
 * Hessian-vector products. Its top eigenvalue is the window's λ_max (docs/DESIGN.md §2): the mean of
 * per-snapshot top eigenvalues is biased upward at first order in the fluctuations when the top eigenvalue is
 * degenerate (isotropic noise), the top of the mean Hessian only at second order.
 *
 * <p>A ring of {@code capacity} samples, each its own network copy and {@link HessianOperator}, allocated once.
 */
public final class MeanHessian implements SymmetricOperator {
    private final LinearNetwork[] copies;
    private final HessianOperator[] hessians;
    private final double[] scratch;
    private int size;
    private int next;

    public MeanHessian(int[] layerSizes, DMatrixRMaj sigmaX, DMatrixRMaj teacher, int capacity) {
        copies = new LinearNetwork[capacity];
        hessians = new HessianOperator[capacity];
        for (int i = 0; i < capacity; i++) {
            copies[i] = new LinearNetwork(layerSizes);
            hessians[i] = new HessianOperator(copies[i], sigmaX, teacher);
        }
        scratch = new double[hessians[0].dimension()];
    }

    /** Keeps the network's current weights as a sample, replacing the oldest when full. */
    public void add(LinearNetwork net) {
        LinearNetwork copy = copies[next];
        for (int j = 0; j < net.depth(); j++) {
            copy.weight(j).setTo(net.weight(j));
        }
        hessians[next].update();
        next = (next + 1) % copies.length;
        size = Math.min(size + 1, copies.length);
    }

    /** Forgets the samples: the next window's mean starts empty. */
    public void clear() {
        size = 0;
        next = 0;
    }

    public int size() {
        return size;
    }

    @Override
    public int dimension() {
        return scratch.length;
    }

    /** out = (1/n)·Σ H(θ_s)·in, summed oldest sample first so a rerun adds in the same order. */
    @Override
    public void apply(double[] in, double[] out) {
        java.util.Arrays.fill(out, 0);
        int start = (next - size + copies.length) % copies.length;
        for (int i = 0; i < size; i++) {
            hessians[(start + i) % copies.length].apply(in, scratch);
            for (int p = 0; p < out.length; p++) {
                out[p] += scratch[p];
            }
        }
        for (int p = 0; p < out.length; p++) {
            out[p] /= size;
        }
    }
}
