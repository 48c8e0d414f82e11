package sharpsweep.driver.analysis;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import sharpsweep.driver.analysis.Extrapolation.Cell;
import sharpsweep.driver.analysis.Extrapolation.Fit;
import sharpsweep.driver.analysis.Extrapolation.Kind;

/** The fit against synthetic groups whose intercept is known by construction. */
class ExtrapolationTest {
    // docs/DESIGN.md §3's scale: T* ≈ 20, bias of a few percent at η·λ* ~ 0.1.
    private static final double T0 = 20.0;
    private static final double A = -8.0;
    private static final double C = -150.0;

    private static double truth(double eta, int b) {
        return T0 + A * eta + C * eta / b;
    }

    /** Replicates drawn around the truth, with a spread that grows with η/b as SGD's does. */
    private static List<Cell> synthetic(Random rng, double[] etas, int[] batches, int replicates, double noise) {
        List<Cell> cells = new ArrayList<>();
        for (double eta : etas) {
            for (int b : batches) {
                double sd = noise * (1 + 20 * eta / b);
                double sum = 0;
                double[] x = new double[replicates];
                for (int r = 0; r < replicates; r++) {
                    x[r] = truth(eta, b) + sd * rng.nextGaussian();
                    sum += x[r];
                }
                double mean = sum / replicates;
                double ss = 0;
                for (double v : x) {
                    ss += (v - mean) * (v - mean);
                }
                cells.add(new Cell(eta, b, mean, replicates > 1 ? ss / (replicates - 1) : Double.NaN, replicates));
            }
        }
        return cells;
    }

    @Test
    void noiseFreeCellsGiveTheInterceptAndSlopesExactly() {
        List<Cell> cells = synthetic(new Random(1), new double[] {0.01, 0.005, 0.0025}, new int[] {4, 16}, 3, 0);
        Fit fit = Extrapolation.fit(cells);
        assertEquals(Kind.ETA_AND_ETA_OVER_B, fit.kind());
        // Exact data: only rounding in a 3x3 solve on unit-scaled columns remains (~1e-13 relative).
        assertEquals(T0, fit.intercept(), 1e-9 * T0);
        assertArrayEquals(new double[] {A, C}, fit.slopes(), 1e-6 * Math.abs(C));
    }

    @Test
    void interceptIsWithinItsErrorBarsAsOftenAsAGaussianSays() {
        Random rng = new Random(42);
        int trials = 400;
        int inside = 0;
        double worst = 0;
        for (int t = 0; t < trials; t++) {
            Fit fit = Extrapolation.fit(synthetic(rng, new double[] {0.02, 0.01, 0.005}, new int[] {4, 8, 16}, 3, 0.2));
            double z = Math.abs(fit.intercept() - T0) / fit.stderr();
            worst = Math.max(worst, z);
            if (z < 1.96) {
                inside++;
            }
        }
        // Nominal 95 %; shrinking the weights towards the pooled variance makes it a little
        // conservative, never much below. 400 trials: binomial sd ~1.1 %, so 90 % is > 4 sd away.
        double coverage = inside / (double) trials;
        assertTrue(coverage > 0.90 && coverage < 0.995, "coverage " + coverage);
        assertTrue(worst < 5, "worst z " + worst);
    }

    @Test
    void theFitRemovesABiasThatTheRawMeanKeeps() {
        List<Cell> cells = synthetic(new Random(7), new double[] {0.02, 0.01, 0.005}, new int[] {4, 16}, 4, 0.005);
        Fit fit = Extrapolation.fit(cells);
        double rawBest = cells.stream().mapToDouble(Cell::mean).max().orElseThrow();
        assertTrue(T0 - rawBest > 10 * fit.stderr(), "raw values sit well below T0");
        assertEquals(T0, fit.intercept(), 4 * fit.stderr());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
        "only eta varies,  ETA",
        "only b varies,    ETA_OVER_B",
    })
    void withOneVaryingParameterOnlyItsTermIsFitted(String what, Kind expected) {
        boolean etaVaries = expected == Kind.ETA;
        double[] etas = etaVaries ? new double[] {0.02, 0.01, 0.005} : new double[] {0.01};
        int[] batches = etaVaries ? new int[] {8} : new int[] {4, 8, 16};
        Fit fit = Extrapolation.fit(synthetic(new Random(3), etas, batches, 3, 0));
        assertEquals(expected, fit.kind());
        assertEquals(1, fit.slopes().length);
        if (etaVaries) {
            // At fixed b the two terms are one line in η: slope a + c/b, intercept T0.
            assertEquals(T0, fit.intercept(), 1e-9 * T0);
            assertEquals(A + C / 8, fit.slopes()[0], 1e-7 * Math.abs(C));
        } else {
            // At fixed η the intercept is b → ∞: the η part of the bias stays in it.
            assertEquals(T0 + A * 0.01, fit.intercept(), 1e-9 * T0);
            assertEquals(C, fit.slopes()[0], 1e-7 * Math.abs(C));
        }
    }

    @Test
    void aSingleCellReportsTheRawMeanWithoutExtrapolating() {
        List<Cell> cells = List.of(new Cell(0.01, 8, 19.0, 0.04, 4));
        Fit fit = Extrapolation.fit(cells);
        assertEquals(Kind.NONE, fit.kind());
        assertEquals(19.0, fit.intercept(), 0);
        assertEquals(Math.sqrt(0.04 / 4), fit.stderr(), 1e-15);
    }

    @Test
    void cellsOnOneLineOfEtaOverBFallBackToTheOneTermTheyPinDown() {
        // Zipped (η, b) pairs with two different ratios: three parameters, two cells.
        List<Cell> cells = List.of(new Cell(0.01, 4, truth(0.01, 4), 0.01, 3), new Cell(0.02, 16, truth(0.02, 16), 0.01, 3));
        Fit fit = Extrapolation.fit(cells);
        assertEquals(Kind.ETA_OVER_B, fit.kind());
        assertEquals(2, fit.cells());
    }

    @Test
    void aSingleReplicatePerCellStillFitsWithEqualWeights() {
        List<Cell> cells = synthetic(new Random(5), new double[] {0.02, 0.01, 0.005}, new int[] {4, 16}, 1, 0);
        Fit fit = Extrapolation.fit(cells);
        assertEquals(Kind.ETA_AND_ETA_OVER_B, fit.kind());
        assertEquals(T0, fit.intercept(), 1e-9 * T0);
    }

    @Test
    void asManyCellsAsTermsGiveNoErrorBar() {
        // Two η at one b, replicates in each: the line goes through both cell means; nothing tests it.
        Fit fit = Extrapolation.fit(synthetic(new Random(9), new double[] {0.02, 0.01}, new int[] {8}, 2, 0.2));
        assertEquals(Kind.ETA, fit.kind());
        assertEquals(0, fit.dof());
        assertTrue(Double.isNaN(fit.stderr()), "stderr " + fit.stderr());
        assertTrue(Double.isNaN(fit.halfWidth95()));
    }

    @Test
    void studentsIntervalsCoverAtTheirNominalRateWithFewCells() {
        // Three η at one b, two replicates each: one residual degree of freedom. The t interval (t₁ = 12.7) holds
        // T0 ~95 % of the time; ±1.96σ would not. 2000 trials: binomial sd 0.5 %.
        Random rng = new Random(11);
        int trials = 2000;
        int insideT = 0;
        int insideZ = 0;
        for (int t = 0; t < trials; t++) {
            Fit fit = Extrapolation.fit(synthetic(rng, new double[] {0.02, 0.01, 0.005}, new int[] {8}, 2, 0.2));
            assertEquals(1, fit.dof());
            double miss = Math.abs(fit.intercept() - T0);
            insideT += miss < fit.halfWidth95() ? 1 : 0;
            insideZ += miss < 1.96 * fit.stderr() ? 1 : 0;
        }
        double coverageT = insideT / (double) trials;
        double coverageZ = insideZ / (double) trials;
        assertTrue(coverageT > 0.93, "t coverage " + coverageT);
        assertTrue(coverageZ < coverageT, "z " + coverageZ + " vs t " + coverageT);
    }

    @Test
    void theLinearityCheckFlagsCurvature() {
        // Linear truth: p-values spread over (0, 1); a curved truth (T0 − 3000 η²) gives tiny ones.
        Random rng = new Random(13);
        double[] etas = {0.04, 0.03, 0.02, 0.01};
        int small = 0;
        for (int t = 0; t < 200; t++) {
            Fit fit = Extrapolation.fit(synthetic(rng, etas, new int[] {8}, 4, 0.05));
            assertEquals(2, fit.dof());
            small += fit.pValue() < 0.05 ? 1 : 0;
        }
        // ~5 % expected under linearity (10 of 200, binomial sd ~3); 25 is > 4 sd above.
        assertTrue(small < 25, small + " of 200 below 0.05");
        List<Cell> curved = new ArrayList<>();
        for (double eta : etas) {
            curved.add(new Cell(eta, 8, truth(eta, 8) - 3000 * eta * eta, 0.05 * 0.05, 4));
        }
        assertTrue(Extrapolation.fit(curved).pValue() < 1e-6, "p " + Extrapolation.fit(curved).pValue());
    }
}
