package sharpsweep.driver.grid;

import sharpsweep.kernel.spec.ConvergenceSettings;
import sharpsweep.kernel.theory.Theory;

/**
 * Expected steps and seconds of a task, before it runs. Steps: the default convergence rule cannot
 * stop before burn-in + (stable windows + 1) windows; we expect burn-in + (stable windows + 2)
 * windows, or the budget. Seconds per step: a fixed cost plus the step's matrix flops at the
 * kernel's measured rate (README benchmark on the 2-core reference machine: the tiny net at
 * ~2.8M steps/s, i.e. ~0.35 µs a step; 3-4 GFLOP/s on medium and large nets).
 */
public final class CostModel {
    /** Seconds a step costs beyond its matrix products (sampling, call overhead), measured on the tiny net. */
    static final double STEP_OVERHEAD_SECONDS = 0.35e-6;
    /** Matrix work rate of the kernel, measured (3.1 GFLOP/s medium, 3.8 large). */
    static final double FLOPS_PER_SECOND = 3.0e9;

    public long expectedSteps(GridPoint p) {
        double tau = Theory.relaxationSteps(p.learningRate().value(), p.batchSize(), p.sigmaEps(), p.sigmaX());
        ConvergenceSettings c = p.convergence().resolve(tau);
        double steps = c.burnIn() + (c.stableWindows() + 2.0) * c.window();
        return (long) Math.min(p.maxSteps(), steps);
    }

    public double secondsPerStep(GridPoint p) {
        int w = p.width();
        int dx = p.dx();
        int dy = p.dy();
        double flops = 2.0 * dx * dx * dy * 2; // moments and cross moment
        int[] d = Theory.sizes(p.depth(), w, dx, dy);
        for (int j = 1; j < p.depth(); j++) {
            flops += 3 * 2.0 * d[j + 1] * d[j] * dx; // forward, back-propagation, update
        }
        return STEP_OVERHEAD_SECONDS + flops / FLOPS_PER_SECOND;
    }

    public double seconds(GridPoint p) {
        return expectedSteps(p) * secondsPerStep(p);
    }
}
