package sharpsweep.kernel.linear;

import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import sharpsweep.kernel.linalg.Axpy;
import sharpsweep.kernel.random.Normal;
import sharpsweep.kernel.random.Xoshiro256;
import sharpsweep.kernel.spec.Init;

/**
 * f(x) = W_D ⋯ W_1 x with its partial products (docs/DESIGN.md §1). Layers are indexed j = 0..D−1 here
 * (W[j] is the paper's W_{j+1}). For each layer the kernel keeps
 * <ul>
 *   <li>B[j] = W[j−1] ⋯ W[0] (d[j] × d_x, B[0] = I): what reaches layer j from the input,</li>
 *   <li>A[j] = W[D−1] ⋯ W[j+1] (d_y × d[j+1], A[D−1] = I): what layer j's output goes through,</li>
 *   <li>P = W[D−1] B[D−1], the end-to-end map.</li>
 * </ul>
 * Every buffer is allocated once; the update methods allocate nothing.
 */
public final class LinearNetwork {
    private final int depth;
    private final int[] d;
    private final DMatrixRMaj[] w;
    private final DMatrixRMaj[] b;
    /**
     * B[j]ᵀ (d_x × d[j]), kept beside B[j] where the update W[j] −= ηδ[j]B[j]ᵀ runs on vector tiles ({@link Axpy}),
     * i.e. for layers at least a vector wide.
     */
    private final DMatrixRMaj[] bt;
    private final DMatrixRMaj[] a;
    private final DMatrixRMaj[] delta;
    private final DMatrixRMaj product;

    /** @param layerSizes d[0] = d_x, d[1..D−1] = hidden widths, d[D] = d_y */
    public LinearNetwork(int[] layerSizes) {
        this.d = layerSizes.clone();
        this.depth = d.length - 1;
        int dx = d[0];
        int dy = d[depth];
        w = new DMatrixRMaj[depth];
        b = new DMatrixRMaj[depth];
        bt = new DMatrixRMaj[depth];
        a = new DMatrixRMaj[depth];
        delta = new DMatrixRMaj[depth];
        for (int j = 0; j < depth; j++) {
            w[j] = new DMatrixRMaj(d[j + 1], d[j]);
            b[j] = new DMatrixRMaj(d[j], dx);
            bt[j] = new DMatrixRMaj(dx, d[j]);
            a[j] = new DMatrixRMaj(dy, d[j + 1]);
            delta[j] = new DMatrixRMaj(d[j + 1], dx);
        }
        CommonOps_DDRM.setIdentity(b[0]);
        CommonOps_DDRM.setIdentity(bt[0]);
        CommonOps_DDRM.setIdentity(a[depth - 1]);
        product = new DMatrixRMaj(dy, dx);
    }

    public int depth() {
        return depth;
    }

    public int[] layerSizes() {
        return d.clone();
    }

    public DMatrixRMaj weight(int j) {
        return w[j];
    }

    /** B[j]; valid after {@link #updateForward()}. */
    public DMatrixRMaj inputProduct(int j) {
        return b[j];
    }

    /** B[j]ᵀ; valid after {@link #updateForward()} where {@link Axpy#needsTransposed}(d[j]). */
    public DMatrixRMaj inputProductTransposed(int j) {
        return bt[j];
    }

    /** A[j]; valid after {@link #updateBackward()}. */
    public DMatrixRMaj outputProduct(int j) {
        return a[j];
    }

    /** P = W[D−1] ⋯ W[0]; valid after {@link #updateForward()}. */
    public DMatrixRMaj product() {
        return product;
    }

    public int parameterCount() {
        int n = 0;
        for (DMatrixRMaj m : w) {
            n += m.getNumElements();
        }
        return n;
    }

    /** I.i.d. N(0, σ_j²) entries, σ_j from the scheme and the layer's fan-in and fan-out. */
    public void initialise(Init init, Xoshiro256 rng) {
        for (int j = 0; j < depth; j++) {
            double sigma = init.sigmaFor(d[j], d[j + 1]);
            double[] data = w[j].data;
            for (int i = 0; i < w[j].getNumElements(); i++) {
                data[i] = sigma * Normal.next(rng);
            }
        }
    }

    /** Sets all weights from {@code weights[j]} (copied). */
    public void setWeights(DMatrixRMaj[] weights) {
        for (int j = 0; j < depth; j++) {
            w[j].setTo(weights[j]);
        }
    }

    /** Recomputes B[1..D−1], their transposes and P from the weights. */
    public void updateForward() {
        if (depth > 1) {
            b[1].setTo(w[0]);
        }
        for (int j = 2; j < depth; j++) {
            Axpy.mult(w[j - 1], b[j - 1], b[j]);
        }
        Axpy.mult(w[depth - 1], b[depth - 1], product);
        for (int j = 1; j < depth; j++) {
            if (Axpy.needsTransposed(d[j])) {
                CommonOps_DDRM.transpose(b[j], bt[j]);
            }
        }
    }

    /** Recomputes A[0..D−2] from the weights. */
    public void updateBackward() {
        if (depth > 1) {
            a[depth - 2].setTo(w[depth - 1]);
        }
        for (int j = depth - 3; j >= 0; j--) {
            Axpy.mult(a[j + 1], w[j + 1], a[j]);
        }
    }

    /**
     * Gradients G[j] = A[j]ᵀ Δ B[j]ᵀ of ½E‖y − f(x)‖² for a loss whose output-input cross moment is
     * Δ (d_y × d_x): Δ = (P − V)M − N with M = XXᵀ/b, N = EXᵀ/b for a minibatch, or (P − V)Σ_x for
     * the population. Back-propagates δ[j] = A[j]ᵀΔ = W[j+1]ᵀδ[j+1], so every product has d_x columns.
     * Needs {@link #updateForward()}.
     */
    public void gradient(DMatrixRMaj crossMoment, DMatrixRMaj[] g) {
        delta[depth - 1].setTo(crossMoment);
        for (int j = depth - 1; j >= 1; j--) {
            CommonOps_DDRM.multTransB(delta[j], b[j], g[j]);
            DMatrixRMaj next = j == 1 ? g[0] : delta[j - 1];
            CommonOps_DDRM.multTransA(w[j], delta[j], next);
        }
    }

    /**
     * One gradient-descent move W[j] ← W[j] − η A[j]ᵀΔB[j]ᵀ for every layer, fused: going down from the
     * output, δ[j−1] = W[j]ᵀδ[j] is taken before W[j] moves, and B[j] only involves layers below j, so
     * every gradient is the one at the old θ, exactly as {@link #gradient} would give. Needs
     * {@link #updateForward()}; allocates nothing.
     */
    public void descend(DMatrixRMaj crossMoment, double learningRate) {
        DMatrixRMaj dj = crossMoment;
        for (int j = depth - 1; j >= 1; j--) {
            DMatrixRMaj below = delta[j - 1];
            Axpy.multTransA(w[j], dj, below);
            Axpy.multAddTransB(-learningRate, dj, b[j], bt[j], w[j]);
            dj = below;
        }
        CommonOps_DDRM.addEquals(w[0], -learningRate, dj);
    }

    /** Fresh gradient buffers shaped like the weights. */
    public DMatrixRMaj[] newGradientBuffers() {
        DMatrixRMaj[] g = new DMatrixRMaj[depth];
        for (int j = 0; j < depth; j++) {
            g[j] = new DMatrixRMaj(d[j + 1], d[j]);
        }
        return g;
    }

    /** Copies of the weights. */
    public DMatrixRMaj[] copyWeights() {
        DMatrixRMaj[] copy = new DMatrixRMaj[depth];
        for (int j = 0; j < depth; j++) {
            copy[j] = w[j].copy();
        }
        return copy;
    }
}
