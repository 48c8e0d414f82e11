package sharpsweep.kernel.sgd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.junit.jupiter.api.Test;
import sharpsweep.kernel.spec.ConvergenceSettings;
import sharpsweep.kernel.spec.Init;
import sharpsweep.kernel.spec.ModelSpec;
import sharpsweep.kernel.spec.Sampler;
import sharpsweep.kernel.spec.Status;
import sharpsweep.kernel.spec.TaskResult;
import sharpsweep.kernel.spec.TaskSpec;
import sharpsweep.kernel.theory.Prediction;
import sharpsweep.kernel.theory.RelaxationTime;
import sharpsweep.kernel.theory.Theory;

/**
 * The verdict can fail for the physics reason (docs/DESIGN.md §7): from the flattest minimum, where only the
 * slow direction is out of equilibrium (the loss gap is already at its floor), a run stopped after a fraction
 * of the exact relaxation time is not {@code reached} and names the slow tests; the same run given its
 * relaxation times reaches T* (within its O(η) deficit). κ(Σ_ε) = 100, D = 2, η·λ*_max = 0.05.
 */
class EquilibriumVerdictTest {
    private static final DMatrixRMaj ID = CommonOps_DDRM.identity(2);
    private static final DMatrixRMaj NOISE = CommonOps_DDRM.diag(1, 0.01);

    private static TaskSpec flatStart(long maxSteps) {
        double eta = 0.05 / Theory.predict(2, ID, NOISE, ID).lambdaMaxPred();
        return new TaskSpec(new ModelSpec.Linear(2, ID, Sampler.STATISTICS), 2, 4, eta, maxSteps, Init.flat(), ID,
                NOISE, 7L, ConvergenceSettings.defaults(), 16);
    }

    private static double tau() {
        TaskSpec s = flatStart(1);
        return RelaxationTime.steps(2, ID, NOISE, ID, s.learningRate(), s.batchSize());
    }

    @Test
    void aRunStoppedBeforeTheSlowDirectionRelaxedIsNotReached() {
        TaskResult r = Kernel.run(flatStart(Math.round(0.5 * tau())));
        assertEquals(Status.MAX_STEPS, r.status());
        Prediction p = Theory.predict(2, ID, NOISE, ID);
        // Half a relaxation time from T_min (far below T* at κ = 100): T is still far below T*, and the verdict says why.
        assertTrue(r.traceHessian() < 0.8 * p.tracePred(), "T " + r.traceHessian() + " vs T* " + p.tracePred());
        assertTrue(r.equilibrium().contains("residual"), r.equilibrium());
        assertTrue(r.equilibrium().contains("relaxation_times"), r.equilibrium());
        assertEquals(0.5, r.relaxationTimes(), 1e-6);
    }

    @Test
    void theSameRunGivenItsRelaxationTimesReachesTheSelectedMinimum() {
        TaskResult r = Kernel.run(flatStart(Math.round(60 * tau())));
        assertEquals("reached", r.equilibrium(), r.message());
        assertEquals(Status.CONVERGED, r.status());
        // At η·λ*_max = 0.05 the stationary T is below T* by O(η): 1.4 % measured (docs/RESULTS.md); 3 % bounds it.
        assertEquals(1, r.traceHessian() / r.tracePred(), 0.03, "T/T*");
        assertTrue(r.relaxationTimes() >= ConvergenceSettings.defaults().relaxationTimes());
    }
}
