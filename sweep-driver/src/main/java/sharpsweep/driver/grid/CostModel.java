package sharpsweep.driver.grid;

import sharpsweep.kernel.nonlinear.Networks;
import sharpsweep.kernel.spec.TaskSpec;

import sharpsweep.kernel.spec.ConvergenceSettings;
import sharpsweep.kernel.theory.Theory;

/**
 * Expected steps and seconds of a task, before it runs. Steps: the convergence rule cannot stop before
 * {@link ConvergenceSettings#stepsNeeded} (burn-in plus the stable_windows + 1 windows it averages); we expect
 * one window more, or the budget. Seconds per step: a fixed cost plus the step's matrix flops at the
 * kernel's measured rate (docs/BENCHMARKS.md, on the 2-core reference machine: the tiny net at
 * ~2.8M steps/s, i.e. ~0.35 µs a step; 3-4 GFLOP/s on medium and large nets).
 */
public final class CostModel {
    /** Seconds a step costs beyond its matrix products (sampling, call overhead), measured on the tiny net. */
    static final double STEP_OVERHEAD_SECONDS = 0.35e-6;
    /** Matrix work rate of the kernel, measured (3.1 GFLOP/s medium, 3.8 large). */
    static final double FLOPS_PER_SECOND = 3.0e9;

    /** Rate of the nonlinear kernels' scalar loops, measured (RNN teacher at 100: ~1.4 GFLOP/s). */
    static final double NONLINEAR_FLOPS_PER_SECOND = 1.4e9;

    public long expectedSteps(GridPoint p) {
        if (!p.hasTheory()) {
            return p.maxSteps(); // no relaxation time to predict an earlier stop from
        }
        double tau = p.relaxationSteps();
        ConvergenceSettings c = p.convergence().resolve(tau);
        double steps = p.convergence().stepsNeeded(tau) + c.window(); // the rule's first chance, plus one window
        return (long) Math.min(p.budget(), steps);
    }

    public double secondsPerStep(GridPoint p) {
        if (!p.hasTheory()) {
            return nonlinearSecondsPerStep(p);
        }
        return STEP_OVERHEAD_SECONDS + stepFlops(p) / FLOPS_PER_SECOND;
    }

    /** The matrix flops of one linear SGD step. */
    public double stepFlops(GridPoint p) {
        int dx = p.dx();
        double flops = 2.0 * dx * dx * p.dy() * 2; // moments and cross moment
        int[] d = Theory.sizes(p.depth(), p.width(), dx, p.dy());
        for (int j = 1; j < p.depth(); j++) {
            flops += 3 * 2.0 * d[j + 1] * d[j] * dx; // forward, back-propagation, update
        }
        return flops;
    }

    /**
     * A step: b samples through the teacher (forward) and the student (forward and backward, ~3×).
     * Measurements: from the burn-in (max_steps/2 by default) on, every window/measurements_per_window
     * steps, plus the trajectory points; each is min(P, probes) Hessian-vector products (two student
     * gradients over the evaluation set) and ~10 more for Lanczos, spread over the run's steps.
     * Checked against conf/paper-fig3-models.yaml: RNN 26 s estimated vs 31 s measured, transformer
     * 85 s vs 45 s (its measurement loops run faster than the rate below).
     */
    private static double nonlinearSecondsPerStep(GridPoint p) {
        return nonlinearStepSeconds(p) + nonlinearMeasurementSeconds(p) * measurements(p) / p.maxSteps();
    }

    /** A nonlinear SGD step: b samples through the teacher (forward) and the student (forward and backward). */
    static double nonlinearStepSeconds(GridPoint p) {
        double student = macsPerSample(p, p.width());
        double teacher = p.model().isLinear() ? (double) p.dx() * p.dy()
                : macsPerSample(p, p.model().network().teacherWidth());
        return 2.0 * p.batchSize() * (teacher + 3 * student) / NONLINEAR_FLOPS_PER_SECOND;
    }

    /** A nonlinear measurement: min(P, probes) + ~10 Hessian-vector products over the evaluation set. */
    static double nonlinearMeasurementSeconds(GridPoint p) {
        double student = macsPerSample(p, p.width());
        TaskSpec spec = p.taskSpec(0);
        int params = Networks.student(spec).parameterCount();
        return 2 * 2 * 3 * student * Networks.evalSize(spec) * (Math.min(params, Networks.probes(spec)) + 10.0)
                / NONLINEAR_FLOPS_PER_SECOND;
    }

    /**
     * A nonlinear run's measurements: at step 0, then every measure_every steps from one window before the
     * burn-in (max_steps/2 by default) on, and the trajectory points.
     */
    static double measurements(GridPoint p) {
        ConvergenceSettings c = p.convergence().resolveForBudget(p.maxSteps());
        return 1 + Math.max(0, p.maxSteps() - c.burnIn() + c.window()) / (double) c.measureEvery()
                + p.trajectoryLength();
    }

    /** Multiply-adds of one sample's forward pass at hidden width {@code width}. */
    private static double macsPerSample(GridPoint p, int width) {
        int dx = p.dx();
        int dy = p.dy();
        if (p.model().isLinear()) {
            return (double) width * (dx + dy) + (p.depth() - 2.0) * width * width;
        }
        return p.model().network().<Double>match(mlp -> (double) width * (dx + dy),
                rnn -> (double) rnn.sequenceLength() * width * (dx + width) + dy * width,
                t -> 3.0 * t.sequenceLength() * dx * dx + 2.0 * t.sequenceLength() * dx + dx * dx + 2.0 * width * dx);
    }

    public double seconds(GridPoint p) {
        return expectedSteps(p) * secondsPerStep(p);
    }
}
