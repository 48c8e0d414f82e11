package sharpsweep.kernel.linear;

import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import sharpsweep.kernel.estimate.SymmetricOperator;

/**
 * K = Σ_j (C_jᵀC_j) ⊗ (A[j]A[j]ᵀ) acting on d_y × d_x matrices M as Σ_j A[j]A[j]ᵀ M C_jᵀC_j
 * (docs/DESIGN.md §2). Its nonzero spectrum is that of the Gauss–Newton matrix JᵀGJ, G = Σ_x ⊗ I, for any
 * factor C_j = B[j]F with FFᵀ = Σ_x; we use the Cholesky factor L_x in place of Σ_x^{1/2} (same
 * spectrum, no eigen-decomposition). At a global minimum this is the Hessian's nonzero spectrum.
 */
public final class GaussNewtonOperator implements SymmetricOperator {
    private final DMatrixRMaj[] outputGram;
    private final DMatrixRMaj[] inputGram;
    private final DMatrixRMaj m;
    private final DMatrixRMaj tmp;
    private final DMatrixRMaj acc;
    private final int dy;
    private final int dx;

    /** Built from the network's current A and B (call its update methods first). */
    public GaussNewtonOperator(LinearNetwork net, DMatrixRMaj sigmaXFactor) {
        int depth = net.depth();
        dy = net.product().numRows;
        dx = net.product().numCols;
        outputGram = new DMatrixRMaj[depth];
        inputGram = new DMatrixRMaj[depth];
        for (int j = 0; j < depth; j++) {
            DMatrixRMaj a = net.outputProduct(j);
            outputGram[j] = new DMatrixRMaj(dy, dy);
            CommonOps_DDRM.multTransB(a, a, outputGram[j]);
            DMatrixRMaj c = new DMatrixRMaj(net.inputProduct(j).numRows, dx);
            CommonOps_DDRM.mult(net.inputProduct(j), sigmaXFactor, c);
            inputGram[j] = new DMatrixRMaj(dx, dx);
            CommonOps_DDRM.multTransA(c, c, inputGram[j]);
        }
        m = new DMatrixRMaj(dy, dx);
        tmp = new DMatrixRMaj(dy, dx);
        acc = new DMatrixRMaj(dy, dx);
    }

    @Override
    public int dimension() {
        return dx * dy;
    }

    @Override
    public void apply(double[] in, double[] out) {
        System.arraycopy(in, 0, m.data, 0, dx * dy);
        acc.zero();
        for (int j = 0; j < outputGram.length; j++) {
            CommonOps_DDRM.mult(outputGram[j], m, tmp);
            CommonOps_DDRM.multAdd(tmp, inputGram[j], acc);
        }
        System.arraycopy(acc.data, 0, out, 0, dx * dy);
    }
}
