package sharpsweep.kernel.linear;

import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;

/**
 * The exact population loss L(θ) = ½E‖y − Px‖² = ½Tr((P − V)Σ_x(P − V)ᵀ) + ½TrΣ_ε and its gradient.
 * Holds its own workspace; not thread-safe.
 */
public final class PopulationLoss {
    private final DMatrixRMaj sigmaX;
    private final DMatrixRMaj teacher;
    private final DMatrixRMaj error;
    private final DMatrixRMaj errorSigma;

    public PopulationLoss(DMatrixRMaj sigmaX, DMatrixRMaj teacher) {
        this.sigmaX = sigmaX;
        this.teacher = teacher;
        this.error = new DMatrixRMaj(teacher.numRows, teacher.numCols);
        this.errorSigma = new DMatrixRMaj(teacher.numRows, teacher.numCols);
    }

    /** L − L* = ½Tr((P − V)Σ_x(P − V)ᵀ); needs {@code net.updateForward()}. */
    public double gap(LinearNetwork net) {
        CommonOps_DDRM.subtract(net.product(), teacher, error);
        CommonOps_DDRM.mult(error, sigmaX, errorSigma);
        return 0.5 * frobeniusInner(errorSigma, error);
    }

    /** (P − V)Σ_x of the last {@link #gap} call: the population cross moment Δ. */
    public DMatrixRMaj errorTimesSigmaX() {
        return errorSigma;
    }

    /** ∇_{W[j]} L = A[j]ᵀ(P − V)Σ_x B[j]ᵀ into {@code g}; needs {@code net.updateForward()}. */
    public void gradient(LinearNetwork net, DMatrixRMaj[] g) {
        gap(net);
        net.gradient(errorSigma, g);
    }

    /** Σ_ij a_ij b_ij = Tr(aᵀb). */
    public static double frobeniusInner(DMatrixRMaj a, DMatrixRMaj b) {
        double s = 0;
        int n = a.getNumElements();
        for (int i = 0; i < n; i++) {
            s += a.data[i] * b.data[i];
        }
        return s;
    }
}
