package sharpsweep.kernel.linear;

import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import sharpsweep.kernel.linalg.Axpy;

/**
 * One online-SGD step (docs/DESIGN.md §1): draw a fresh minibatch's moments M, N; form the cross moment
 * Δ = (P − V)M − N, so that the minibatch-mean gradient of ½‖y − f(x)‖² is G_j = A[j]ᵀΔB[j]ᵀ;
 * back-propagate it and move every W_j by −ηG_j ({@link LinearNetwork#descend}). Allocates nothing.
 */
public final class SgdStepper {
    private final LinearNetwork net;
    private final MinibatchSampler sampler;
    private final DMatrixRMaj teacher;
    private final double learningRate;
    private final DMatrixRMaj error;
    private final DMatrixRMaj crossMoment;

    public SgdStepper(LinearNetwork net, MinibatchSampler sampler, DMatrixRMaj teacher, double learningRate) {
        this.net = net;
        this.sampler = sampler;
        this.teacher = teacher;
        this.learningRate = learningRate;
        this.error = new DMatrixRMaj(teacher.numRows, teacher.numCols);
        this.crossMoment = new DMatrixRMaj(teacher.numRows, teacher.numCols);
    }

    /** Takes one step; false (weights untouched) when the gradient is not finite. */
    public boolean step() {
        net.updateForward();
        sampler.draw();
        CommonOps_DDRM.subtract(net.product(), teacher, error);
        Axpy.mult(error, sampler.inputMoment(), crossMoment);
        CommonOps_DDRM.subtractEquals(crossMoment, sampler.crossMoment());
        if (!Double.isFinite(CommonOps_DDRM.elementSum(crossMoment))) {
            return false;
        }
        net.descend(crossMoment, learningRate);
        return true;
    }

    /** Δ of the last step: its minibatch gradients are A[j]ᵀΔB[j]ᵀ at the weights before the step. */
    public DMatrixRMaj lastCrossMoment() {
        return crossMoment;
    }
}
