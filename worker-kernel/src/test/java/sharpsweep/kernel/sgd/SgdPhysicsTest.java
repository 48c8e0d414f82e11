package sharpsweep.kernel.sgd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import sharpsweep.kernel.spec.ConvergenceSettings;
import sharpsweep.kernel.spec.Init;
import sharpsweep.kernel.spec.Sampler;
import sharpsweep.kernel.spec.Status;
import sharpsweep.kernel.spec.TaskResult;
import sharpsweep.kernel.spec.ModelSpec;
import sharpsweep.kernel.spec.TaskSpec;
import sharpsweep.kernel.theory.Prediction;
import sharpsweep.kernel.theory.Theory;

/**
 * Where SGD lands, on moderate settings (docs/DESIGN.md §3): Σ_x = V = I, Σ_ε = diag(1, 0.09), η·λ*_max = 0.2.
 * Statistical errors come from independent replicates (distinct seeds); the seeds are fixed, so the
 * outcome is too. Compared: replicate means, against each other and against the closed-form T*.
 */
class SgdPhysicsTest {
    private static final int REPLICATES = 6;
    private static final DMatrixRMaj ID = CommonOps_DDRM.identity(2);
    private static final DMatrixRMaj NOISE = CommonOps_DDRM.diag(1, 0.09);

    @ParameterizedTest(name = "D={0}")
    @ValueSource(ints = {2, 3})
    void convergedSharpnessIsWidthIndependentAndJustBelowTheory(int depth) {
        Prediction theory = Theory.predict(depth, ID, NOISE, ID);
        double eta = 0.2 / theory.lambdaMaxPred();

        Stats narrow = replicates(depth, 2, 8, eta, 100);
        Stats wide = replicates(depth, 8, 8, eta, 200);
        Stats noisier = replicates(depth, 2, 4, eta, 300); // twice η/b

        // Widths 2 and 8: the same T within 3 combined standard errors.
        double combined = Math.hypot(narrow.stderr, wide.stderr);
        assertEquals(narrow.mean, wide.mean, 3 * combined, "width 2 vs 8");

        double t = theory.tracePred();
        for (Stats s : new Stats[] {narrow, wide, noisier}) {
            assertTrue(s.mean < t, "SGD lands below T*: " + s.mean + " vs " + t);
            assertTrue(s.mean > 0.88 * t, "within 12 % of T*: " + s.mean + " vs " + t);
        }
        // Halving η/b (b 4 → 8 at fixed η) shrinks the gap to T*.
        assertTrue(t - narrow.mean < t - noisier.mean,
                "gap at η/b = " + eta / 8 + ": " + (t - narrow.mean) + ", at " + eta / 4 + ": " + (t - noisier.mean));
    }

    private static Stats replicates(int depth, int width, int batch, double eta, long seedBase) {
        double sum = 0;
        double sum2 = 0;
        for (int r = 0; r < REPLICATES; r++) {
            TaskSpec spec = new TaskSpec(new ModelSpec.Linear(depth, ID, Sampler.AUTO), width, batch, eta, 5_000_000,
                    Init.xavier(), ID, NOISE, seedBase + r, ConvergenceSettings.defaults(), 32);
            TaskResult result = Kernel.run(spec);
            assertEquals(Status.CONVERGED, result.status(), result.message());
            assertEquals("reached", result.equilibrium(), result.message());
            assertTrue(result.equilibriumResidual() <= ConvergenceSettings.defaults().residualTolerance(eta,
                    Theory.predict(depth, ID, NOISE, ID).lambdaMaxPred()), "residual " + result.equilibriumResidual());
            sum += result.traceHessian();
            sum2 += result.traceHessian() * result.traceHessian();
        }
        double mean = sum / REPLICATES;
        double var = (sum2 - REPLICATES * mean * mean) / (REPLICATES - 1);
        return new Stats(mean, Math.sqrt(var / REPLICATES));
    }

    private record Stats(double mean, double stderr) {
    }
}
