package sharpsweep.kernel.sgd;

import java.util.Arrays;
import sharpsweep.kernel.spec.ConvergenceSettings;
import sharpsweep.kernel.spec.Loss;
import sharpsweep.kernel.spec.ModelSpec;
import sharpsweep.kernel.spec.TaskSpec;

/**
 * The measurements a nonlinear run takes when it runs to its budget, by kind: what {@link Kernel}'s loop does,
 * counted without running it, so that a plan can price a task from the timed cost of each kind (a window
 * measurement with λ_max costs a Lanczos run more than one without; a trajectory point is always with λ_max,
 * and a window measurement at a trajectory point reuses it).
 *
 * @param withLambda    measurements with λ_max: trajectory points and the window's sampled ones
 * @param withoutLambda window measurements of T only
 */
public record RunSchedule(long withLambda, long withoutLambda) {

    /** The nonlinear task's schedule to its budget, the same rules as {@link Kernel}'s loop. */
    public static RunSchedule nonlinear(TaskSpec spec) {
        if (spec.model() instanceof ModelSpec.Linear && spec.loss() == Loss.MSE) {
            throw new IllegalArgumentException("a linear squared-error task's schedule depends on its relaxation time");
        }
        ConvergenceSettings s = spec.convergence().resolveForBudget(spec.maxSteps());
        long[] points = LogSchedule.of(spec.maxSteps(), spec.trajectoryLength());
        int lambdaEvery = Math.max(1, s.measurementsPerWindow() / Window.LAMBDA_SAMPLES);
        long withLambda = points.length;
        long without = 0;
        long index = 0;
        // NonlinearKernel.measuresWindowAt: step 0, then the measurement cadence from one window before the burn-in.
        long first = Math.max(s.measureEvery(), (s.burnIn() - s.window() + s.measureEvery() - 1) / s.measureEvery()
                * s.measureEvery());
        for (long step = 0; step <= spec.maxSteps(); step = step == 0 ? first : step + s.measureEvery()) {
            boolean sampled = index++ % lambdaEvery == 0;
            if (Arrays.binarySearch(points, step) >= 0) {
                continue; // the trajectory point's measurement is reused
            }
            if (sampled) {
                withLambda++;
            } else {
                without++;
            }
        }
        return new RunSchedule(withLambda, without);
    }
}
