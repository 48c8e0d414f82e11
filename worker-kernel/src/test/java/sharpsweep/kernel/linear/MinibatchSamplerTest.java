package sharpsweep.kernel.linear;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import sharpsweep.kernel.random.Xoshiro256;
import sharpsweep.kernel.spec.Sampler;
import sharpsweep.kernel.support.Fixtures;
import sharpsweep.kernel.theory.Theory;

/**
 * Both samplers against closed-form moments of M = XXᵀ/b and N = EXᵀ/b (Wishart and Gaussian
 * products): E[M] = Σ_x, Var(M_ij) = (Σ_ii Σ_jj + Σ_ij²)/b, E[N] = 0, Var(N_ij) = Σε_ii Σx_jj / b;
 * and, at a global minimum, b·E‖G‖² against the fluctuation formula b·S of docs/DESIGN.md §2.
 * Tolerances: 5 Monte Carlo standard errors (the draws are seeded, so the outcome is fixed).
 */
class MinibatchSamplerTest {
    private static final int DRAWS = 200_000;

    @ParameterizedTest(name = "{0} b={1}")
    @CsvSource({"STATISTICS, 3", "STATISTICS, 10", "SAMPLES, 3", "SAMPLES, 10"})
    void momentsMatchTheirClosedForms(Sampler mode, int b) {
        int dx = 3;
        int dy = 2;
        DMatrixRMaj sx = Fixtures.randomSpd(dx, 21);
        DMatrixRMaj se = Fixtures.randomSpd(dy, 22);
        MinibatchSampler sampler = new MinibatchSampler(mode, b, sx, se, new Xoshiro256(5, 1));
        double[] sumM = new double[dx * dx];
        double[] sumM2 = new double[dx * dx];
        double[] sumN = new double[dy * dx];
        double[] sumN2 = new double[dy * dx];
        for (int t = 0; t < DRAWS; t++) {
            sampler.draw();
            accumulate(sampler.inputMoment(), sumM, sumM2);
            accumulate(sampler.crossMoment(), sumN, sumN2);
        }
        for (int i = 0; i < dx; i++) {
            for (int j = 0; j < dx; j++) {
                double var = (sx.get(i, i) * sx.get(j, j) + sx.get(i, j) * sx.get(i, j)) / b;
                int k = i * dx + j;
                assertEquals(sx.get(i, j), sumM[k] / DRAWS, 5 * Math.sqrt(var / DRAWS), "E[M]");
                double sampleVar = sumM2[k] / DRAWS - Math.pow(sumM[k] / DRAWS, 2);
                // The variance estimate's own error: ~ var·√(κ₄/n) with κ₄ ≤ 20 for these Wishart entries.
                assertEquals(var, sampleVar, 5 * var * Math.sqrt(20.0 / DRAWS), "Var(M)");
            }
        }
        for (int i = 0; i < dy; i++) {
            for (int j = 0; j < dx; j++) {
                double var = se.get(i, i) * sx.get(j, j) / b;
                int k = i * dx + j;
                assertEquals(0, sumN[k] / DRAWS, 5 * Math.sqrt(var / DRAWS), "E[N]");
                double sampleVar = sumN2[k] / DRAWS - Math.pow(sumN[k] / DRAWS, 2);
                assertEquals(var, sampleVar, 5 * var * Math.sqrt(20.0 / DRAWS), "Var(N)");
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"STATISTICS", "SAMPLES"})
    void gradientFluctuationAtAMinimumMatchesTheFormula(Sampler mode) {
        int depth = 3;
        int b = 4;
        DMatrixRMaj sx = Fixtures.randomSpd(2, 31);
        DMatrixRMaj se = Fixtures.randomSpd(2, 32);
        DMatrixRMaj v = Fixtures.randomMatrix(2, 2, 33);
        int[] sizes = Theory.sizes(depth, 3, 2, 2);
        LinearNetwork net = new LinearNetwork(sizes);
        net.setWeights(Theory.selectedWeights(depth, 3, sx, se, v));
        double formula = new PopulationMeasures(sizes, sx, se, v).measure(net).gradFluctuation();

        SgdStepper stepper = new SgdStepper(net, new MinibatchSampler(mode, b, sx, se, new Xoshiro256(7, 1)), v, 0.0);
        double sum = 0;
        double sum2 = 0;
        DMatrixRMaj[] g = net.newGradientBuffers();
        for (int t = 0; t < DRAWS; t++) {
            stepper.step(); // η = 0: draws a minibatch, leaves θ at the minimum
            net.gradient(stepper.lastCrossMoment(), g);
            double sq = 0;
            for (DMatrixRMaj gj : g) {
                sq += CommonOps_DDRM.dot(vec(gj), vec(gj));
            }
            sum += b * sq;
            sum2 += b * sq * b * sq;
        }
        double mean = sum / DRAWS;
        double stderr = Math.sqrt((sum2 / DRAWS - mean * mean) / DRAWS);
        assertTrue(stderr < 0.01 * formula, "enough draws");
        assertEquals(formula, mean, 5 * stderr);
    }

    private static DMatrixRMaj vec(DMatrixRMaj m) {
        return DMatrixRMaj.wrap(m.getNumElements(), 1, m.data);
    }

    private static void accumulate(DMatrixRMaj m, double[] sum, double[] sum2) {
        for (int i = 0; i < m.getNumElements(); i++) {
            sum[i] += m.data[i];
            sum2[i] += m.data[i] * m.data[i];
        }
    }
}
