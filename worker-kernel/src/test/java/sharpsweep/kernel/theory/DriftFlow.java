package sharpsweep.kernel.theory;

import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import sharpsweep.kernel.linear.BalanceResidual;

/**
 * Integrates SGD's mean drift along the minimum manifold, dQ/dt = E(θ) (time in units of b/η² steps), by
 * explicit Euler steps of symmetric gauges: each step solves (∂Q/∂g)·g = E·dt for the gauges g_h and moves
 * W_h → (I + g_h)W_h, W_{h+1} → W_{h+1}(I + g_h)⁻¹, so the product, and with it the loss, stays fixed.
 * A second, independent route to the relaxation time: it never linearises at the selected weights.
 */
public final class DriftFlow {
    private final DMatrixRMaj sigmaX;
    private final DMatrixRMaj sigmaEps;
    private final BalanceResidual balance;
    private DMatrixRMaj[] w;

    public DriftFlow(DMatrixRMaj[] start, DMatrixRMaj sigmaX, DMatrixRMaj sigmaEps) {
        this.sigmaX = sigmaX;
        this.sigmaEps = sigmaEps;
        this.balance = new BalanceResidual(sigmaX, sigmaEps);
        w = start;
    }

    public DMatrixRMaj[] weights() {
        return w;
    }

    /** One Euler step of length dt. */
    public void step(double dt) {
        int hidden = w.length - 1;
        int n = 0;
        for (int h = 0; h < hidden; h++) {
            n += w[h].numRows * (w[h].numRows + 1) / 2;
        }
        DMatrixRMaj dq = RelaxationTime.linearise(w, sigmaX, sigmaEps).dq();
        double[] here = RelaxationTime.coordinates(w, balance);
        DMatrixRMaj rhs = new DMatrixRMaj(n, 1);
        for (int i = 0; i < n; i++) {
            rhs.set(i, here[n + i] * dt);
        }
        DMatrixRMaj g = new DMatrixRMaj(n, 1);
        if (!CommonOps_DDRM.solve(dq, rhs, g)) {
            throw new IllegalStateException("singular gauge map");
        }
        int at = 0;
        for (int h = 0; h < hidden; h++) {
            int m = w[h].numRows;
            DMatrixRMaj gh = new DMatrixRMaj(m, m);
            for (int i = 0; i < m; i++) {
                for (int j = i; j < m; j++) {
                    gh.set(i, j, g.get(at));
                    gh.set(j, i, g.get(at));
                    at++;
                }
            }
            w = RelaxationTime.gauged(w, h, gh);
        }
    }
}
