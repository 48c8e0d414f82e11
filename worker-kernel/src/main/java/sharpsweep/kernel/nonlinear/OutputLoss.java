package sharpsweep.kernel.nonlinear;

import org.ejml.data.DMatrixRMaj;
import sharpsweep.kernel.spec.Loss;

/**
 * A loss on a batch of network outputs: its value and its gradient with respect to the outputs, the start of
 * every network's backpropagation. The outputs are feature-major (d_y × n, one column per sample, as the
 * batched passes hold them), the labels sample-major.
 */
public final class OutputLoss {
    private OutputLoss() {
    }

    /**
     * Replaces f (d_y × n) by ∂ℓ/∂f for each sample and returns Σ_s ℓ(f_s, y_s): ½‖f − y‖² for {@link Loss#MSE};
     * for {@link Loss#CROSS_ENTROPY} KL(q ‖ p) with p = softmax f and soft target q = softmax y, whose gradient
     * is p − q (the targets' entropy is a constant, left out so that a perfect fit has loss 0).
     */
    public static double residual(Loss loss, DMatrixRMaj f, double[] y, int n) {
        return loss == Loss.MSE ? squared(f, y, n) : crossEntropy(f, y, n);
    }

    private static double squared(DMatrixRMaj f, double[] y, int n) {
        int dy = f.numRows;
        double[] r = f.data;
        double sum = 0;
        for (int k = 0; k < dy; k++) {
            for (int s = 0; s < n; s++) {
                r[k * n + s] -= y[s * dy + k];
                sum += 0.5 * r[k * n + s] * r[k * n + s];
            }
        }
        return sum;
    }

    /**
     * Per sample, both softmaxes shifted by their largest entry (so every exponent is ≤ 0: no overflow):
     * log p_k = f_k − m_f − log Z_f, log q_k = y_k − m_y − log Z_y; KL = Σ q_k (log q_k − log p_k).
     */
    private static double crossEntropy(DMatrixRMaj f, double[] y, int n) {
        int dy = f.numRows;
        double[] r = f.data;
        double sum = 0;
        for (int s = 0; s < n; s++) {
            double mf = Double.NEGATIVE_INFINITY;
            double my = Double.NEGATIVE_INFINITY;
            for (int k = 0; k < dy; k++) {
                mf = Math.max(mf, r[k * n + s]);
                my = Math.max(my, y[s * dy + k]);
            }
            double zf = 0;
            double zy = 0;
            for (int k = 0; k < dy; k++) {
                zf += Elementary.expNonPositive(r[k * n + s] - mf);
                zy += Elementary.expNonPositive(y[s * dy + k] - my);
            }
            double logZf = StrictMath.log(zf);
            double logZy = StrictMath.log(zy);
            for (int k = 0; k < dy; k++) {
                double logP = r[k * n + s] - mf - logZf;
                double logQ = y[s * dy + k] - my - logZy;
                double q = Elementary.expNonPositive(logQ);
                sum += q * (logQ - logP);
                r[k * n + s] = Elementary.expNonPositive(logP) - q;
            }
        }
        return sum;
    }

    /** "" for squared error, ",cross_entropy" otherwise: the suffix of a network's description. */
    static String lossLabel(Loss loss) {
        return loss == Loss.MSE ? "" : "," + loss.label();
    }
}
