package sharpsweep.kernel.linear;

import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import sharpsweep.kernel.random.ChiSquare;
import sharpsweep.kernel.random.Normal;
import sharpsweep.kernel.random.Xoshiro256;
import sharpsweep.kernel.spec.Sampler;
import sharpsweep.kernel.linalg.Axpy;
import sharpsweep.kernel.linalg.LowerFactor;

/**
 * Draws a minibatch's second moments M = XXᵀ/b (d_x × d_x) and N = EXᵀ/b (d_y × d_x), which are all the
 * minibatch-mean gradient depends on. With X = L_x Z and E = L_ε Ξ_b (Z, Ξ_b standard normal):
 * <ul>
 *   <li>{@link Sampler#SAMPLES}: draws Z (d_x × b) and Ξ_b (d_y × b) and multiplies out.</li>
 *   <li>{@link Sampler#STATISTICS}: ZZᵀ = L_w L_wᵀ in law with L_w lower triangular, L_w[i][i]² ~ χ²(b − i),
 *       L_w[i][j] ~ N(0, 1) below the diagonal (Bartlett); given Z, the rows of Ξ_b Zᵀ are
 *       N(0, ZZᵀ), so Ξ_b Zᵀ = Ξ L_wᵀ in law with Ξ (d_y × d_x) standard normal. With F = L_x L_w:
 *       M = FFᵀ/b and N = L_ε Ξ Fᵀ / b, exact for every b ≥ d_x at O(d²) normals.</li>
 * </ul>
 * Allocation-free after construction.
 */
public final class MinibatchSampler {
    private final Sampler mode;
    private final int batchSize;
    private final Xoshiro256 rng;
    private final LowerFactor inputFactor;
    private final LowerFactor noiseFactor;
    private final DMatrixRMaj m;
    private final DMatrixRMaj n;
    private final DMatrixRMaj z;
    private final DMatrixRMaj x;
    /** Xᵀ (or Fᵀ): both moments are products with it, as axpy sweeps ({@link Axpy}). */
    private final DMatrixRMaj xt;
    private final DMatrixRMaj xi;
    private final DMatrixRMaj e;
    private final ChiSquare[] chi;

    public MinibatchSampler(Sampler mode, int batchSize, DMatrixRMaj sigmaX, DMatrixRMaj sigmaEps, Xoshiro256 rng) {
        int dx = sigmaX.numRows;
        int dy = sigmaEps.numRows;
        this.mode = mode.resolve(batchSize, dx);
        if (this.mode == Sampler.STATISTICS && batchSize < dx) {
            throw new IllegalArgumentException("statistics sampler needs batch_size >= d_x");
        }
        this.batchSize = batchSize;
        this.rng = rng;
        this.inputFactor = new LowerFactor(sigmaX);
        this.noiseFactor = new LowerFactor(sigmaEps);
        this.m = new DMatrixRMaj(dx, dx);
        this.n = new DMatrixRMaj(dy, dx);
        int cols = this.mode == Sampler.STATISTICS ? dx : batchSize;
        this.z = new DMatrixRMaj(dx, cols); // Z, or L_w
        this.x = new DMatrixRMaj(dx, cols); // X = L_x Z, or F = L_x L_w
        this.xt = new DMatrixRMaj(cols, dx);
        this.xi = new DMatrixRMaj(dy, cols);
        this.e = new DMatrixRMaj(dy, cols);
        this.chi = new ChiSquare[dx];
        if (this.mode == Sampler.STATISTICS) {
            for (int i = 0; i < dx; i++) {
                chi[i] = new ChiSquare(batchSize - i);
            }
        }
    }

    public Sampler mode() {
        return mode;
    }

    /** M = XXᵀ/b of the last draw. */
    public DMatrixRMaj inputMoment() {
        return m;
    }

    /** N = EXᵀ/b of the last draw. */
    public DMatrixRMaj crossMoment() {
        return n;
    }

    /** Draws the next minibatch's M and N. */
    public void draw() {
        if (mode == Sampler.STATISTICS) {
            fillBartlett();
            Normal.fill(rng, xi.data, xi.getNumElements());
        } else {
            Normal.fill(rng, z.data, z.getNumElements());
            Normal.fill(rng, xi.data, xi.getNumElements());
        }
        double scale = 1.0 / batchSize;
        inputFactor.multiply(z, x);
        noiseFactor.multiply(xi, e);
        if (Axpy.needsTransposed(x.numRows)) {
            CommonOps_DDRM.transpose(x, xt);
        }
        Axpy.multTransB(scale, x, x, xt, m);
        Axpy.multTransB(scale, e, x, xt, n);
    }

    /** L_w: √χ²(b − i) on the diagonal, N(0, 1) below it, zeros above (set once at construction). */
    private void fillBartlett() {
        int dx = z.numRows;
        double[] lw = z.data;
        for (int i = 0; i < dx; i++) {
            int row = i * dx;
            for (int j = 0; j < i; j++) {
                lw[row + j] = Normal.next(rng);
            }
            lw[row + i] = Math.sqrt(chi[i].next(rng));
        }
    }
}
