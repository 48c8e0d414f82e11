package sharpsweep.kernel.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.ejml.dense.row.CommonOps_DDRM;
import sharpsweep.kernel.sgd.Kernel;
import sharpsweep.kernel.spec.ConvergenceSettings;
import sharpsweep.kernel.spec.Init;
import sharpsweep.kernel.spec.ModelSpec;
import sharpsweep.kernel.spec.Sampler;
import sharpsweep.kernel.spec.TaskResult;
import sharpsweep.kernel.spec.TaskSpec;

/**
 * The kernel against the speed references, in one invocation (docs/BENCHMARKS.md, "Kernel against C and
 * numpy"): per shape, a real task (steps / wall_seconds, measurements included, as a sweep's row reports it)
 * three times, and {@code ../shared/bench/run} (the kernel's algorithm in plain C, and numpy) three times,
 * interleaved so that both see the same machine; prints the medians and both ratios.
 * Run: {@code mvn -B -q -pl worker-kernel -am -Pspeed-table verify}.
 */
public final class SpeedTable {
    /** Repetitions of each measurement: the median of three on a shared machine. */
    static final int ROUNDS = 3;

    private SpeedTable() {
    }

    /** A task's budget per shape: a few seconds of the kernel each (the large one is the 5,000-step task). */
    static long budget(Shape s) {
        return switch (s) {
            case TINY -> 20_000_000;
            case MEDIUM -> 300_000;
            case LARGE -> 5_000;
        };
    }

    /**
     * The shape's task as a sweep runs it: default convergence settings (windows from the relaxation time),
     * η·λ*_max = {@value KernelBenchmark#ETA_LAMBDA}, Xavier start, 32 trajectory points, the given budget.
     */
    static TaskSpec task(Shape s, long seed) {
        return new TaskSpec(new ModelSpec.Linear(s.depth, CommonOps_DDRM.identity(s.d), Sampler.AUTO), s.width,
                s.batch, KernelBench.learningRate(s), budget(s), Init.xavier(), CommonOps_DDRM.identity(s.d),
                s.noise(), seed, ConvergenceSettings.defaults(), 32);
    }

    public static void main(String[] args) throws Exception {
        Path refs = Path.of(System.getProperty("sharpsweep.bench.refs", "../shared/bench/run"));
        if (!Files.isExecutable(refs)) {
            throw new IllegalStateException("no speed references at " + refs.toAbsolutePath()
                    + " (set -Dsharpsweep.bench.refs)");
        }
        List<Shape> shapes = args.length == 0 ? List.of(Shape.values())
                : Arrays.stream(args).map(a -> Shape.valueOf(a.toUpperCase())).toList();
        Map<Shape, List<Double>> kernel = new EnumMap<>(Shape.class);
        Map<Shape, Map<String, List<Double>>> reference = new EnumMap<>(Shape.class);
        Kernel.run(task(Shape.TINY, 99)); // warm-up: the JIT compiles the step and the measurements
        for (int round = 0; round < ROUNDS; round++) {
            for (Shape s : shapes) {
                TaskResult r = Kernel.run(task(s, round));
                kernel.computeIfAbsent(s, k -> new ArrayList<>()).add(r.steps() / r.wallSeconds());
                System.out.printf("round %d %-6s kernel %,.0f steps/s (%d steps, %.1f s, %s)%n", round + 1, s,
                        r.steps() / r.wallSeconds(), r.steps(), r.wallSeconds(), r.status());
                for (Map.Entry<String, Double> e : references(refs, s).entrySet()) {
                    reference.computeIfAbsent(s, k -> new HashMap<>()).computeIfAbsent(e.getKey(), k -> new ArrayList<>())
                            .add(e.getValue());
                    System.out.printf("round %d %-6s %-7s %,.0f steps/s%n", round + 1, s, e.getKey(), e.getValue());
                }
            }
        }
        System.out.println();
        System.out.println("sharpsweep kernel vs references: medians of " + ROUNDS + ", one thread each, steps/s"
                + " (kernel products on the Vector API: " + (sharpsweep.kernel.linalg.Axpy.vectorised() ? "yes" : "no, scalar")
                + ")");
        System.out.printf("%-7s %-14s %12s %12s %12s %10s %12s%n", "shape", "D/d/width/b", "kernel", "c-stats", "numpy",
                "kernel÷C", "kernel÷numpy");
        for (Shape s : shapes) {
            double k = median(kernel.get(s));
            double c = median(reference.get(s).get("c-stats"));
            double n = median(reference.get(s).get("numpy"));
            System.out.printf("%-7s %-14s %,12.0f %,12.0f %,12.0f %10.2f %12.1f%n", s.name().toLowerCase(),
                    s.depth + "/" + s.d + "/" + s.width + "/" + s.batch, k, c, n, k / c, k / n);
        }
    }

    /** One run of the references for a shape: "c-stats" and "numpy" steps/s. */
    private static Map<String, Double> references(Path refs, Shape s) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(refs.toString(), s.name().toLowerCase()).redirectErrorStream(true).start();
        Map<String, Double> out = new HashMap<>();
        StringBuilder all = new StringBuilder();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line; (line = r.readLine()) != null; ) {
                all.append(line).append('\n');
                String[] f = line.trim().split("\\s+");
                if (f.length == 3 && f[2].matches("[0-9]+")) {
                    out.put(f[0], Double.parseDouble(f[2]));
                }
            }
        }
        if (p.waitFor() != 0 || out.size() != 2) {
            throw new IllegalStateException(refs + " " + s + " failed:\n" + all);
        }
        return out;
    }

    private static double median(List<Double> v) {
        double[] a = v.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        return a[a.length / 2];
    }
}
