package sharpsweep.kernel.bench;

import org.ejml.dense.row.CommonOps_DDRM;
import sharpsweep.kernel.sgd.Kernel;
import sharpsweep.kernel.sgd.Measurement;
import sharpsweep.kernel.sgd.NonlinearKernel;
import sharpsweep.kernel.spec.ConvergenceSettings;
import sharpsweep.kernel.spec.Init;
import sharpsweep.kernel.spec.ModelSpec;
import sharpsweep.kernel.spec.TaskResult;
import sharpsweep.kernel.spec.TaskSpec;

/**
 * Where a nonlinear task's time goes, and where its T's error comes from (issue 16's measurement cost;
 * docs/BENCHMARKS.md "Nonlinear measurements"). Per model of conf/paper-fig3-models.yaml (the paper's sizes, d,
 * b, η, the spike noise at κ = 100), at the paper's horizon (MLP 10⁵ steps, RNN and transformer 10⁴):
 * <ol>
 *   <li>a whole task ({@link Kernel#run}, 24 trajectory points, 10 measurements a window) against the time of its
 *       SGD steps alone (the same number of steps of a second kernel, unmeasured): the measurements' share;</li>
 *   <li>at the task's final θ, frozen, 40 measurements of T, each on a fresh evaluation set with fresh probes:
 *       their spread is the estimator's error per measurement; the root mean square of Hutchinson's own reported
 *       error is the probes' part, and the rest is the evaluation set's;</li>
 *   <li>the task's {@code trace_hessian_std}, the spread of T over its last window's measurements: θ's own
 *       fluctuation plus that estimator error. Where the estimator's part is small, fewer probes or a smaller
 *       evaluation set cost the row's error little.</li>
 * </ol>
 * Run: {@code mvn -B -q -pl worker-kernel -am -Pkernel-bench verify -Dbench.args=measurement-cost}.
 */
public final class MeasurementCost {
    private static final int FROZEN_MEASUREMENTS = 40;

    private MeasurementCost() {
    }

    static TaskSpec spec(String model, int evalSize, int probes) {
        boolean transformer = model.equals("transformer");
        int d = transformer ? 8 : 2;
        int b = transformer ? 300 : 100;
        double eta = transformer ? 0.03 : 0.1;
        double top = transformer ? 16 : 9;
        long horizon = model.equals("mlp") ? 100_000 : 10_000;
        double[] noise = new double[d];
        java.util.Arrays.fill(noise, top / 100); // spike at kappa = 100: one loud direction, the rest 100x quieter
        noise[0] = top;
        ModelSpec.Nonlinear spec = switch (model) {
            case "mlp" -> new ModelSpec.Mlp(100, 1, evalSize, probes);
            case "rnn" -> new ModelSpec.Rnn(100, 1, evalSize, probes, 4, ModelSpec.Activation.TANH);
            default -> new ModelSpec.Transformer(100, 1, evalSize, probes, 4, 2);
        };
        ConvergenceSettings c = ConvergenceSettings.defaults();
        c = new ConvergenceSettings(c.burnIn(), c.window(), 10, c.stableWindows(), 1e-12, c.lossTol(),
                c.residualTol(), c.divergeFactor(), c.relaxationTimes());
        return new TaskSpec(spec, 4, b, eta, horizon, Init.kaiming(), CommonOps_DDRM.identity(d),
                CommonOps_DDRM.diag(noise), 1, c, 24);
    }

    public static void main(String[] args) {
        System.out.println("nonlinear measurements at the paper's horizons (kappa = 100): the defaults (eval_size 1000,"
                + " probes 100), then eval_size 500 with 25 probes");
        System.out.printf("%-12s %5s %6s %8s %9s %9s %8s %10s %10s %10s %10s %10s%n", "model", "eval", "probes", "steps",
                "task s", "steps s", "measure", "T", "sd(meas)", "probes", "eval set", "window sd");
        for (String[] run : new String[][] {{"mlp", "1000", "100"}, {"mlp", "500", "25"}, {"rnn", "1000", "100"},
                {"rnn", "500", "25"}, {"transformer", "1000", "100"}, {"transformer", "500", "25"}}) {
            String model = run[0];
            int evalSize = Integer.parseInt(run[1]);
            int probes = Integer.parseInt(run[2]);
            TaskSpec s = spec(model, evalSize, probes);
            stepsOnly(s, 2_000); // JIT warm-up of the step
            TaskResult r = Kernel.run(s);
            double stepsSeconds = stepsOnly(s, r.steps());
            // The final θ: a kernel stepped exactly as the task was (same seed, same draws), then frozen.
            NonlinearKernel frozen = new NonlinearKernel(s);
            for (long i = 0; i < r.steps(); i++) {
                frozen.step();
            }
            double[] t = new double[FROZEN_MEASUREMENTS];
            double probeVariance = 0;
            for (int i = 0; i < t.length; i++) {
                Measurement m = frozen.measure(false);
                t[i] = m.trace();
                probeVariance += m.traceStderr() * m.traceStderr() / t.length;
            }
            double sd = sd(t);
            double eval = Math.sqrt(Math.max(0, sd * sd - probeVariance));
            System.out.printf("%-12s %5d %6d %8d %9.2f %9.2f %7.0f%% %10.4f %10.4f %10.4f %10.4f %10.4f%n", model,
                    evalSize, probes, r.steps(),
                    r.wallSeconds(), stepsSeconds, 100 * (1 - stepsSeconds / r.wallSeconds()), mean(t), sd,
                    Math.sqrt(probeVariance), eval, r.traceHessianStd());
        }
        System.out.println("measure: share of the task's time outside SGD steps; sd(meas): spread of T over "
                + FROZEN_MEASUREMENTS + " measurements at the final theta, frozen; probes: rms of Hutchinson's reported"
                + " error (0: exact trace); eval set: the rest; window sd: the task's trace_hessian_std");
    }

    /** Seconds for {@code steps} SGD steps of a fresh kernel of {@code s}, no measurement. */
    private static double stepsOnly(TaskSpec s, long steps) {
        NonlinearKernel k = new NonlinearKernel(s);
        long t0 = System.nanoTime();
        for (long i = 0; i < steps; i++) {
            k.step();
        }
        return (System.nanoTime() - t0) * 1e-9;
    }

    private static double mean(double[] x) {
        return java.util.Arrays.stream(x).average().orElseThrow();
    }

    private static double sd(double[] x) {
        double m = mean(x);
        return Math.sqrt(java.util.Arrays.stream(x).map(v -> (v - m) * (v - m)).sum() / (x.length - 1));
    }
}
