package sharpsweep.kernel.theory;

import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import sharpsweep.kernel.linear.PopulationMeasures;

/**
 * Integrates SGD's mean drift along the minimum manifold, dQ/dt = E(θ) (time in units of b/η² steps), by
 * explicit Euler steps of symmetric gauges ({@link Gauge}): each step solves (∂Q/∂g)·g = E·dt for the gauges
 * and applies them, so the product, and with it the loss, stays fixed.
 * A second, independent route to the relaxation time: it never linearises at the selected weights.
 */
public final class DriftFlow {
    private final DMatrixRMaj sigmaX;
    private final DMatrixRMaj sigmaEps;
    private final DMatrixRMaj teacher;
    private final PopulationMeasures measures;
    private DMatrixRMaj[] w;

    public DriftFlow(DMatrixRMaj[] start, DMatrixRMaj sigmaX, DMatrixRMaj sigmaEps, DMatrixRMaj teacher) {
        this.sigmaX = sigmaX;
        this.sigmaEps = sigmaEps;
        this.teacher = teacher;
        this.measures = new PopulationMeasures(RelaxationTime.sizes(start), sigmaX, sigmaEps, teacher);
        w = start;
    }

    public DMatrixRMaj[] weights() {
        return w;
    }

    /** One Euler step of length dt. */
    public void step(double dt) {
        int n = Gauge.dimension(w);
        DMatrixRMaj dq = RelaxationTime.linearise(w, sigmaX, sigmaEps, teacher).dq();
        double[] here = RelaxationTime.coordinates(w, measures);
        DMatrixRMaj rhs = new DMatrixRMaj(n, 1);
        for (int i = 0; i < n; i++) {
            rhs.set(i, here[n + i] * dt);
        }
        DMatrixRMaj g = new DMatrixRMaj(n, 1);
        if (!CommonOps_DDRM.solve(dq, rhs, g)) {
            throw new IllegalStateException("singular gauge map");
        }
        w = Gauge.apply(w, g.data, 1);
    }
}
