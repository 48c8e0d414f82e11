package sharpsweep.kernel.sgd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.ejml.dense.row.CommonOps_DDRM;
import org.junit.jupiter.api.Test;
import sharpsweep.kernel.spec.ConvergenceSettings;
import sharpsweep.kernel.spec.Init;
import sharpsweep.kernel.spec.ModelSpec;
import sharpsweep.kernel.spec.TaskResult;
import sharpsweep.kernel.spec.TaskSpec;

/**
 * The plateau verdict of models without a relaxation time (docs/DESIGN.md §7): it fails while T still moves over
 * the last doubling of steps, for the physics reason (a network whose sharpness is still rising from a small
 * start), and holds for a run already at its plateau at about the rate a one-standard-error test should.
 */
class PlateauVerdictTest {

    /** Windows of 10 measurements: a series' window means and their within-window errors. */
    private static WindowHistory windows(double[] values, int perWindow, long windowSteps) {
        WindowHistory h = new WindowHistory();
        for (int w = 0; w * perWindow < values.length; w++) {
            double sum = 0;
            double squares = 0;
            for (int i = w * perWindow; i < (w + 1) * perWindow; i++) {
                sum += values[i];
                squares += values[i] * values[i];
            }
            h.add((w + 1) * windowSteps, sum, squares, perWindow);
        }
        return h;
    }

    @Test
    void aDriftLargerThanTheNoiseFailsAndStationaryNoisePassesAtTheOneSigmaRate() {
        Random rng = new Random(1);
        int passed = 0;
        int trials = 2000;
        for (int t = 0; t < trials; t++) {
            double[] flat = new double[200];
            double[] drifting = new double[200];
            for (int i = 0; i < flat.length; i++) {
                double noise = rng.nextGaussian();
                flat[i] = 5 + noise;
                drifting[i] = 5 + 0.05 * i + noise; // rises by 5 standard deviations over the doubling
            }
            WindowHistory stationary = windows(flat, 10, 100);
            passed += stationary.plateaued(2000) ? 1 : 0;
            assertFalse(windows(drifting, 10, 100).plateaued(2000), "trial " + t);
        }
        // |Δ| < σ_Δ holds with probability 0.683 for Gaussian window means; the error bars are themselves estimated
        // from 10 values each (a t-like spread), which lowers it a little. 2000 trials: binomial sd 0.010.
        double rate = passed / (double) trials;
        assertTrue(rate > 0.6 && rate < 0.72, "stationary pass rate " + rate);
    }

    @Test
    void needsAWholeWindowAtOrBeforeHalfTheSteps() {
        WindowHistory h = windows(new double[] {1, 2, 1, 2, 1, 2, 1, 2}, 2, 100); // windows end at 100..400
        assertFalse(h.plateaued(300), "not the latest window's step");
        assertTrue(h.plateaued(400), "window at 200 = 400 / 2, same mean 1.5 (change 0 < error)");
        WindowHistory late = new WindowHistory();
        late.add(300, 3, 5, 2);
        late.add(400, 3, 5, 2);
        assertFalse(late.plateaued(400), "no window ends at or before 200");
    }

    /**
     * An MLP from a small start (σ = 0.05) at η = 0.01: its Hessian trace grows 200-fold while it learns (0.07 at
     * the start, ~6 at 1,400 steps, ~9 at 2,200, levelling off near 13 from ~10⁴ on), so a budget of 2,000 steps
     * stops it mid-rise. The same network continued from where a 40,000-step run ended has plateaued, and
     * replicates with fresh noise then pass at about the test's rate.
     */
    @Test
    void aNetworkStillSharpeningFailsAndTheSameNetworkAtItsPlateauPasses() {
        TaskSpec rising = spec(2_000, 1);
        TaskResult early = Kernel.run(rising);
        assertEquals("plateau", early.equilibrium(), "T " + early.traceHessian() + " " + early.message());
        NonlinearKernel longRun = new NonlinearKernel(spec(40_000, 2));
        TaskResult plateau = Kernel.run(spec(40_000, 2), longRun);
        // The physics of the failure: the short run's T is still far below where the network's sharpness levels off.
        assertTrue(early.traceHessian() < 0.8 * plateau.traceHessian(), early.traceHessian() + " vs " + plateau.traceHessian());
        double[] trained = longRun.parameters();
        int reached = 0;
        int replicates = 12;
        for (int r = 0; r < replicates; r++) {
            TaskSpec s = spec(8_000, 100 + r);
            NonlinearKernel k = new NonlinearKernel(s);
            k.startFrom(trained);
            reached += "reached".equals(Kernel.run(s, k).equilibrium()) ? 1 : 0;
        }
        // A one-sigma test passes a stationary run ~2/3 of the time (test above): at least 4 of 12 has
        // probability > 0.98 there, and the still-rising run above passes none.
        assertTrue(reached >= 4, reached + " of " + replicates + " continued runs plateaued");
    }

    private static TaskSpec spec(long steps, long seed) {
        ConvergenceSettings c = new ConvergenceSettings(0, 0, 20, 3, 0.01, 0.05, 0.25, 1e6, 7);
        return new TaskSpec(new ModelSpec.Mlp(12, 7, 200, 20), 4, 20, 0.01, steps, Init.fixed(0.05),
                CommonOps_DDRM.identity(2), CommonOps_DDRM.diag(1, 0.01), seed, c, 8);
    }
}
