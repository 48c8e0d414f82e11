package sharpsweep.kernel.golden;

import java.util.LinkedHashMap;
import java.util.Map;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import sharpsweep.kernel.spec.ConvergenceSettings;
import sharpsweep.kernel.spec.Init;
import sharpsweep.kernel.spec.Loss;
import sharpsweep.kernel.spec.ModelSpec;
import sharpsweep.kernel.spec.Sampler;
import sharpsweep.kernel.spec.TaskSpec;
import sharpsweep.kernel.support.Fixtures;

/**
 * The fixed tasks whose results are pinned in {@code golden/results.txt}: every sampler, D = 2 and 3, a
 * rotated (non-commuting) noise, a converging and a diverging run, each nonlinear model, and every model under
 * cross-entropy. Each runs in
 * well under a second. Never change a spec here without regenerating the file (GoldenResultsTest says how).
 */
final class GoldenSpecs {
    private GoldenSpecs() {
    }

    static Map<String, TaskSpec> all() {
        Map<String, TaskSpec> specs = new LinkedHashMap<>();
        DMatrixRMaj i2 = CommonOps_DDRM.identity(2);
        DMatrixRMaj aniso = CommonOps_DDRM.diag(1.0, 0.01);
        // A fixed window (no τ-derived defaults) keeps these short: they end MAX_STEPS.
        ConvergenceSettings shortWindow = new ConvergenceSettings(2_000, 1_000, 20, 3, 0.005, 0.05, 0.25, 1e6, 7);
        specs.put("linear-d2-samples", new TaskSpec(new ModelSpec.Linear(2, i2, Sampler.SAMPLES), 3, 4, 0.05, 6_000,
                Init.xavier(), i2, aniso, 11L, shortWindow, 16));
        specs.put("linear-d2-statistics", new TaskSpec(new ModelSpec.Linear(2, i2, Sampler.STATISTICS), 3, 16, 0.05,
                6_000, Init.xavier(), i2, aniso, 12L, shortWindow, 16));
        specs.put("linear-d3-auto-kaiming", new TaskSpec(new ModelSpec.Linear(3, i2, Sampler.AUTO), 4, 8, 0.03, 6_000,
                Init.kaiming(), i2, aniso, 13L, shortWindow, 16));
        // Non-commuting Σ_x, Σ_ε and V, D = 3, width above rank, a small fixed init.
        DMatrixRMaj sx = Fixtures.randomSpd(3, 71);
        DMatrixRMaj se = Fixtures.rotated(new double[] {2.0, 0.2}, 72);
        DMatrixRMaj v = Fixtures.randomMatrix(2, 3, 73);
        specs.put("linear-d3-rotated-fixed", new TaskSpec(new ModelSpec.Linear(3, v, Sampler.SAMPLES), 5, 6, 0.01,
                6_000, Init.fixed(0.3), sx, se, 14L, shortWindow, 16));
        // The τ-derived defaults, run to CONVERGED (about a second).
        DMatrixRMaj sx2 = Fixtures.randomSpd(2, 61);
        DMatrixRMaj se2 = Fixtures.randomSpd(2, 62);
        DMatrixRMaj v2 = Fixtures.randomMatrix(2, 2, 63);
        specs.put("linear-d2-converged", new TaskSpec(new ModelSpec.Linear(2, v2, Sampler.AUTO), 4, 10, 0.02, 2_000_000,
                Init.xavier(), sx2, se2, 15L, ConvergenceSettings.defaults(), 16));
        specs.put("linear-d2-diverged", new TaskSpec(new ModelSpec.Linear(2, i2, Sampler.SAMPLES), 3, 4, 3.0, 6_000,
                Init.xavier(), i2, aniso, 16L, shortWindow, 16));

        ConvergenceSettings nonlinear = new ConvergenceSettings(0, 0, 5, 3, 0.005, 0.05, 0.25, 1e6, 7);
        specs.put("mlp", nonlinearSpec(new ModelSpec.Mlp(12, 7, 200, 20), 2,
                0.05, 21L, nonlinear));
        specs.put("rnn-tanh", nonlinearSpec(new ModelSpec.Rnn(12, 7, 200, 20, 3, ModelSpec.Activation.TANH), 2,
                0.05, 22L, nonlinear));
        specs.put("rnn-relu", nonlinearSpec(new ModelSpec.Rnn(12, 7, 200, 20, 3, ModelSpec.Activation.RELU), 2,
                0.05, 23L, nonlinear));
        specs.put("transformer", nonlinearSpec(new ModelSpec.Transformer(12, 7, 200, 20, 3, 2), 4, 0.01, 24L, nonlinear));

        // Cross-entropy (added at kernel version 5: the lines above did not change): every model, the linear one
        // measured like the nonlinear ones.
        specs.put("linear-d2-cross-entropy", nonlinearSpec(new ModelSpec.Linear(2, i2, Sampler.AUTO), 2, 0.05, 31L,
                nonlinear).withLoss(Loss.CROSS_ENTROPY));
        specs.put("mlp-cross-entropy", nonlinearSpec(new ModelSpec.Mlp(12, 7, 200, 20), 2, 0.05, 32L, nonlinear)
                .withLoss(Loss.CROSS_ENTROPY));
        specs.put("rnn-tanh-cross-entropy", nonlinearSpec(new ModelSpec.Rnn(12, 7, 200, 20, 3,
                ModelSpec.Activation.TANH), 2, 0.05, 33L, nonlinear).withLoss(Loss.CROSS_ENTROPY));
        specs.put("transformer-cross-entropy", nonlinearSpec(new ModelSpec.Transformer(12, 7, 200, 20, 3, 2), 4, 0.01,
                34L, nonlinear).withLoss(Loss.CROSS_ENTROPY));
        return specs;
    }

    private static TaskSpec nonlinearSpec(ModelSpec model, int d, double eta, long seed, ConvergenceSettings c) {
        double[] noise = new double[d];
        java.util.Arrays.fill(noise, 0.01);
        noise[0] = 1;
        return new TaskSpec(model, 4, 20, eta, 600, Init.kaiming(), CommonOps_DDRM.identity(d),
                CommonOps_DDRM.diag(noise), seed, c, 12);
    }
}
