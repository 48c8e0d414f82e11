package sharpsweep.driver.grid;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.DoubleSupplier;
import java.util.stream.IntStream;
import sharpsweep.kernel.sgd.Kernel;
import sharpsweep.kernel.spec.ConvergenceSettings;
import sharpsweep.kernel.spec.TaskResult;
import sharpsweep.kernel.spec.TaskSpec;

/**
 * A linear task's expected time from the kernel's own speed on this machine, per shape: {@code plan} runs the
 * point's kernel briefly, twice, and times it.
 * <ol>
 *   <li>without measurements (one window as long as the probe): seconds per SGD step;</li>
 *   <li>measuring every {@value #PROBE_MEASURE_EVERY} steps: the difference is the cost of one measurement.</li>
 * </ol>
 * A task then costs steps × (step) + steps / measure_every × (measurement), with the task's own measurement
 * interval (window / measurements_per_window). The analytical {@link CostModel} (flops at a fixed rate) was 2–3×
 * off on small nets, where call overhead and measurements, not flops, take the time. Shapes are probed once per
 * JVM; nonlinear models keep the analytical model. Each probe is ~{@value #PROBE_SECONDS} s, the median of three
 * is kept, after a warm-up: about 0.4 s per shape.
 */
public final class SpeedProbe {
    /** Time each timed probe aims at: long enough for the clock and the JIT, short enough for plan. */
    static final double PROBE_SECONDS = 0.05;
    static final long PROBE_MEASURE_EVERY = 100;
    private static final Map<List<Object>, double[]> CACHE = new ConcurrentHashMap<>();
    private final CostModel model = new CostModel();

    /** Seconds per step and per measurement of this point's shape, measured (cached per shape). */
    public double[] costs(GridPoint p) {
        List<Object> shape = List.of(p.depth(), p.width(), p.dx(), p.dy(), p.batchSize(), p.sampler().toString(),
                p.model().name());
        return CACHE.computeIfAbsent(shape, k -> probe(p));
    }

    /** The task's expected seconds: measured per-step and per-measurement costs, the cost model's step count. */
    public double seconds(GridPoint p) {
        if (!p.model().isLinear()) {
            return model.seconds(p);
        }
        double[] c = costs(p);
        long steps = model.expectedSteps(p);
        long every = p.convergence().resolve(p.relaxationSteps()).measureEvery();
        return steps * c[0] + (double) steps / every * c[1];
    }

    private double[] probe(GridPoint p) {
        // Steps for ~PROBE_SECONDS by the analytical estimate (it is within a few × of the truth).
        long steps = Math.max(20_000, Math.round(PROBE_SECONDS / model.secondsPerStep(p)));
        steps -= steps % PROBE_MEASURE_EVERY;
        long n = steps;
        run(p, n / 4, n / 4); // warm-up: the JIT compiles the step and the measurement first
        // As a sweep runs: one task per core at once (cores that share caches or a host slow each other down).
        double plain = median(() -> concurrently(() -> perStep(run(p, n, n))));
        double measured = median(() -> concurrently(() -> perStep(run(p, n, PROBE_MEASURE_EVERY * 50))));
        double perMeasurement = Math.max(0, (measured - plain) * PROBE_MEASURE_EVERY);
        return new double[] {plain, perMeasurement};
    }

    /** The median of three: a moment of load from elsewhere on a shared machine does not set the estimate. */
    private static double median(DoubleSupplier probe) {
        double[] v = {probe.getAsDouble(), probe.getAsDouble(), probe.getAsDouble()};
        java.util.Arrays.sort(v);
        return v[1];
    }

    /** The mean of {@code probe} run on every core at once, one thread each. */
    private static double concurrently(DoubleSupplier probe) {
        List<CompletableFuture<Double>> runs = IntStream.range(0, Runtime.getRuntime().availableProcessors())
                .mapToObj(i -> CompletableFuture.supplyAsync(probe::getAsDouble, task -> new Thread(task).start()))
                .toList();
        return runs.stream().mapToDouble(CompletableFuture::join).average().orElse(Double.NaN);
    }

    private static double perStep(TaskResult r) {
        return r.wallSeconds() / Math.max(1, r.steps());
    }

    /**
     * The point's task for {@code steps} steps with windows of {@code window} steps, 50 measurements each (or
     * one, at step 0, when the window is the whole probe), no burn-in, no trajectory; the equilibrium tests
     * hardly pass (the smallest trace tolerance); a probe that stops early is timed over the steps it ran.
     */
    private static TaskResult run(GridPoint p, long steps, long window) {
        TaskSpec real = p.taskSpec(0x5eedL);
        ConvergenceSettings c = real.convergence();
        int perWindow = window >= steps ? 1 : 50;
        ConvergenceSettings probe = new ConvergenceSettings(1, window, perWindow, c.stableWindows(), Double.MIN_VALUE,
                c.lossTol(), c.residualTol(), Double.MAX_VALUE, 0);
        TaskSpec spec = new TaskSpec(real.model(), real.width(), real.batchSize(), real.learningRate(), steps,
                real.init(), real.sigmaX(), real.sigmaEps(), real.seed(), probe, 0);
        return Kernel.run(spec);
    }
}
