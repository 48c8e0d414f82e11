package sharpsweep.kernel.sgd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.ejml.dense.row.CommonOps_DDRM;
import org.junit.jupiter.api.Test;
import sharpsweep.kernel.spec.ConvergenceSettings;
import sharpsweep.kernel.spec.Init;
import sharpsweep.kernel.spec.ModelSpec;
import sharpsweep.kernel.spec.Sampler;
import sharpsweep.kernel.spec.TaskSpec;

/**
 * The measurements a nonlinear run takes, counted by hand from docs/DESIGN.md §7's rules (the expected numbers
 * were worked out independently, in a few lines of Python over the same rules): window = budget/10, burn-in =
 * budget/2, a measurement every window/measurements_per_window steps from one window before the burn-in (and at
 * step 0), λ_max on every max(1, m/8)-th of them, a trajectory point always with λ_max and reused by a window
 * measurement at its step.
 */
class RunScheduleTest {
    private static TaskSpec mlp(long maxSteps, int measurementsPerWindow) {
        ConvergenceSettings c = new ConvergenceSettings(0, 0, measurementsPerWindow, 3, 0.005, 0.05, 0.15, 1e6, 7);
        return new TaskSpec(new ModelSpec.Mlp(100, 1, 500, 100), 4, 100, 0.1, maxSteps, Init.kaiming(),
                CommonOps_DDRM.identity(2), CommonOps_DDRM.identity(2), 1, c, 24);
    }

    @Test
    void everyMeasurementHasLambdaWhenAWindowHoldsFewerThanEight() {
        // 23 distinct trajectory points; window measurements at 0 and 1600, 1640, …, 4000 (62), 2 of them at points.
        assertEquals(new RunSchedule(83, 0), RunSchedule.nonlinear(mlp(4000, 10)));
    }

    @Test
    void lambdaIsSampledOnEverySixthWindowMeasurementOfFifty() {
        assertEquals(new RunSchedule(73, 250), RunSchedule.nonlinear(mlp(20_000, 50)));
    }

    @Test
    void aLinearTaskHasNoBudgetSchedule() {
        TaskSpec spec = mlp(4000, 10);
        TaskSpec linear = new TaskSpec(new ModelSpec.Linear(2, CommonOps_DDRM.identity(2), Sampler.AUTO), 2, 10, 0.01,
                4000, Init.xavier(), spec.sigmaX(), spec.sigmaEps(), 1, spec.convergence(), 24);
        assertThrows(IllegalArgumentException.class, () -> RunSchedule.nonlinear(linear));
    }
}
