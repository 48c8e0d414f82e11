package sharpsweep.kernel.linear;

import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import sharpsweep.kernel.estimate.SymmetricOperator;
import sharpsweep.kernel.linalg.Axpy;

/**
 * Exact population Hessian-vector products at any θ (forward-mode derivative of the gradient
 * A[j]ᵀ E Σ_x B[j]ᵀ, E = P − V). For a direction U = (U_0..U_{D−1}):
 * dB[j+1] = U_j B[j] + W_j dB[j], dA[j−1] = dA[j] W_j + A[j] U_j, dP = dB[D], and
 * (HU)_j = A[j]ᵀ (dP Σ_x B[j]ᵀ + EΣ_x dB[j]ᵀ) + dA[j]ᵀ EΣ_x B[j]ᵀ. The first term is the
 * Gauss–Newton part; the others vanish at a global minimum (E = 0).
 * Vectors hold the weights layer after layer, each row-major. Reads the network's current A, B and
 * (P − V)Σ_x, so call {@link #update} after the weights change.
 */
public final class HessianOperator implements SymmetricOperator {
    private final LinearNetwork net;
    private final DMatrixRMaj sigmaX;
    private final PopulationLoss loss;
    private final int depth;
    private final int n;
    private final DMatrixRMaj[] u;
    private final DMatrixRMaj[] hu;
    private final DMatrixRMaj[] db;
    /** dB[j]ᵀ: the products with dB[j]ᵀ as axpy sweeps ({@link Axpy}). */
    private final DMatrixRMaj[] dbt;
    private final DMatrixRMaj[] da;
    private final DMatrixRMaj[] inner;
    private final DMatrixRMaj[] daE;
    private final DMatrixRMaj dpSigma;

    public HessianOperator(LinearNetwork net, DMatrixRMaj sigmaX, DMatrixRMaj teacher) {
        this.net = net;
        this.sigmaX = sigmaX;
        this.depth = net.depth();
        int[] d = net.layerSizes();
        int dx = d[0];
        int dy = d[depth];
        this.n = net.parameterCount();
        this.loss = new PopulationLoss(sigmaX, teacher);
        u = new DMatrixRMaj[depth];
        hu = new DMatrixRMaj[depth];
        db = new DMatrixRMaj[depth + 1];
        dbt = new DMatrixRMaj[depth];
        da = new DMatrixRMaj[depth];
        inner = new DMatrixRMaj[depth];
        daE = new DMatrixRMaj[depth];
        for (int j = 0; j < depth; j++) {
            u[j] = new DMatrixRMaj(d[j + 1], d[j]);
            hu[j] = new DMatrixRMaj(d[j + 1], d[j]);
            db[j] = new DMatrixRMaj(d[j], dx);
            dbt[j] = new DMatrixRMaj(dx, d[j]);
            da[j] = new DMatrixRMaj(dy, d[j + 1]);
            inner[j] = new DMatrixRMaj(dy, d[j]);
            daE[j] = new DMatrixRMaj(d[j + 1], dx);
        }
        db[depth] = new DMatrixRMaj(dy, dx);
        dpSigma = new DMatrixRMaj(dy, dx);
        update();
    }

    /** Recomputes the network's products and (P − V)Σ_x at its current weights. */
    public void update() {
        net.updateForward();
        net.updateBackward();
        loss.gap(net);
    }

    @Override
    public int dimension() {
        return n;
    }

    @Override
    public void apply(double[] in, double[] out) {
        int offset = 0;
        for (int j = 0; j < depth; j++) {
            int len = u[j].getNumElements();
            System.arraycopy(in, offset, u[j].data, 0, len);
            offset += len;
        }
        db[0].zero();
        for (int j = 0; j < depth; j++) {
            Axpy.mult(u[j], net.inputProduct(j), db[j + 1]);
            if (j > 0) {
                Axpy.multAdd(net.weight(j), db[j], db[j + 1]);
            }
        }
        da[depth - 1].zero();
        for (int j = depth - 1; j >= 1; j--) {
            Axpy.mult(net.outputProduct(j), u[j], da[j - 1]);
            Axpy.multAdd(da[j], net.weight(j), da[j - 1]);
        }
        Axpy.mult(db[depth], sigmaX, dpSigma);
        DMatrixRMaj errorSigma = loss.errorTimesSigmaX();
        offset = 0;
        for (int j = 0; j < depth; j++) {
            if (Axpy.needsTransposed(db[j].numRows)) {
                CommonOps_DDRM.transpose(db[j], dbt[j]);
            }
            Axpy.multTransB(1.0, dpSigma, net.inputProduct(j), net.inputProductTransposed(j), inner[j]);
            Axpy.multAddTransB(1.0, errorSigma, db[j], dbt[j], inner[j]);
            Axpy.multTransA(net.outputProduct(j), inner[j], hu[j]);
            Axpy.multTransA(da[j], errorSigma, daE[j]);
            Axpy.multAddTransB(1.0, daE[j], net.inputProduct(j), net.inputProductTransposed(j), hu[j]);
            int len = hu[j].getNumElements();
            System.arraycopy(hu[j].data, 0, out, offset, len);
            offset += len;
        }
    }
}
