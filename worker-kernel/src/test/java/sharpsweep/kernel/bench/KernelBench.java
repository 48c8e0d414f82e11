package sharpsweep.kernel.bench;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.ejml.dense.row.CommonOps_DDRM;
import org.openjdk.jmh.results.IterationResult;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import sharpsweep.kernel.spec.ConvergenceSettings;
import sharpsweep.kernel.theory.Theory;

/**
 * The kernel benchmark command (docs/BENCHMARKS.md): runs {@link KernelBenchmark} under JMH and prints, per shape,
 * the median over measurement iterations of SGD steps/s, GFLOP/s of the step's matrix products, and
 * where a run's time goes: sampling, matrix work (step − sampling) and measurement (one closed-form
 * measurement and, every sixth, a Lanczos λ_max, every window/50 steps under the default schedule).
 */
public final class KernelBench {
    private KernelBench() {
    }

    static double learningRate(Shape s) {
        return KernelBenchmark.ETA_LAMBDA / Theory.predict(s.depth, CommonOps_DDRM.identity(s.d), s.noise(),
                CommonOps_DDRM.identity(s.d)).lambdaMaxPred();
    }

    public static void main(String[] args) throws RunnerException {
        // Arguments, any order: "quick" (1 warm-up and 3 measured iterations a case), "nonlinear" (those models only),
        // "measurement-cost" (no JMH: MeasurementCost's table instead).
        java.util.List<String> flags = java.util.List.of(args);
        if (flags.contains("measurement-cost")) {
            MeasurementCost.main(args);
            return;
        }
        OptionsBuilder options = new OptionsBuilder();
        if (!flags.contains("nonlinear")) {
            options.include(KernelBenchmark.class.getSimpleName());
        }
        options.include(NonlinearBenchmark.class.getSimpleName());
        if (flags.contains("quick")) {
            options.warmupIterations(1).measurementIterations(3);
        }
        Collection<RunResult> results = new Runner(options.build()).run();

        Map<Shape, Map<String, Double>> medians = new EnumMap<>(Shape.class);
        Map<String, Map<String, Double>> nonlinear = new java.util.TreeMap<>();
        for (RunResult r : results) {
            if (r.getParams().getParam("model") != null) {
                String bench = r.getParams().getBenchmark();
                nonlinear.computeIfAbsent(r.getParams().getParam("model"), k -> new HashMap<>())
                        .put(bench.substring(bench.lastIndexOf('.') + 1), median(iterationScores(r)));
                continue;
            }
            Shape shape = Shape.valueOf(r.getParams().getParam("shape"));
            String bench = r.getParams().getBenchmark();
            bench = bench.substring(bench.lastIndexOf('.') + 1);
            medians.computeIfAbsent(shape, k -> new HashMap<>()).put(bench, median(iterationScores(r)));
        }

        System.out.println();
        System.out.println("sharpsweep kernel benchmark: medians over JMH measurement iterations, one thread");
        System.out.printf("%-7s %-22s %12s %12s %9s %12s %12s %9s %9s %9s%n", "shape", "D,d,width,b", "steps/s",
                "sample/s", "GFLOP/s", "measure/s", "lambda/s", "sampling", "matrix", "measure");
        for (Map.Entry<Shape, Map<String, Double>> e : medians.entrySet()) {
            Shape s = e.getKey();
            Map<String, Double> m = e.getValue();
            double step = 1 / m.get("sgdStep");
            double sample = 1 / m.get("sample");
            double measure = 1 / m.get("measure");
            double lambda = 1 / m.get("lambdaMax");
            double tau = Theory.relaxationSteps(learningRate(s), s.batch, s.noise(), CommonOps_DDRM.identity(s.d));
            long every = ConvergenceSettings.defaults().resolve(tau).measureEvery();
            double measurePerStep = (measure + lambda / 6.0) / every;
            double total = step + measurePerStep;
            System.out.printf("%-7s %-22s %12.0f %12.0f %9.2f %12.0f %12.1f %8.1f%% %8.1f%% %8.1f%%%n", s,
                    s.depth + "," + s.d + "," + s.width + "," + s.batch, m.get("sgdStep"), m.get("sample"),
                    s.flopsPerStep() * m.get("sgdStep") / 1e9, m.get("measure"), m.get("lambdaMax"),
                    100 * sample / total, 100 * (step - sample) / total, 100 * measurePerStep / total);
        }
        System.out.println("(profile: share of a run's time under the default schedule, measuring every "
                + "window/50 steps with window = τ)");

        System.out.println();
        System.out.println("nonlinear models at the paper's sizes (student width 4, teacher 100, eval set 1000, 100 probes)");
        System.out.printf("%-12s %-22s %12s %14s %16s%n", "model", "d,b,eta", "steps/s", "measures/s",
                "steps per measure");
        for (Map.Entry<String, Map<String, Double>> e : nonlinear.entrySet()) {
            sharpsweep.kernel.spec.TaskSpec s = NonlinearBenchmark.paperSpec(e.getKey());
            double steps = e.getValue().get("sgdStep");
            double measures = e.getValue().get("measure");
            System.out.printf("%-12s %-22s %12.0f %14.2f %16.0f%n", e.getKey(),
                    s.dx() + "," + s.batchSize() + "," + s.learningRate(), steps, measures, steps / measures);
        }
        System.out.println("(steps per measure: SGD steps that cost as much as one sharpness measurement)");
    }

    private static List<Double> iterationScores(RunResult r) {
        List<Double> scores = new ArrayList<>();
        for (IterationResult it : r.getBenchmarkResults().iterator().next().getIterationResults()) {
            scores.add(it.getPrimaryResult().getScore());
        }
        return scores;
    }

    private static double median(List<Double> values) {
        double[] v = values.stream().mapToDouble(Double::doubleValue).toArray();
        Arrays.sort(v);
        int n = v.length;
        return n % 2 == 1 ? v[n / 2] : 0.5 * (v[n / 2 - 1] + v[n / 2]);
    }
}
