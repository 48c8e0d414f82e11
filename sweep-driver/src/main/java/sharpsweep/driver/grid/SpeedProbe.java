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
 * A task's expected time from the kernel's own speed on this machine, per shape: {@code plan} runs the point's
 * kernel briefly and times it, N steps measuring only at their start and end, and N steps measuring every k
 * ({@link #probe}): the seconds of an SGD step and of a measurement. A task then costs steps × (step) +
 * measurements × (measurement), with its own measurement schedule. The analytical {@link CostModel} (flops at a
 * fixed rate) was 2–3× off on small linear nets, where call overhead and measurements, not flops, take the time.
 * Shapes are probed once per plan, on every core at once as a sweep runs: ~0.7 s a shape (~{@value
 * #PROBE_SECONDS} s a probe, the median of three), at most {@value #MAX_PROBED_SHAPES} shapes; the rest get the
 * analytical cost scaled by the probed shapes' median ratio. Nonlinear models keep the analytical estimate: their
 * measurements (hundreds of Hessian-vector products) are too costly to time in a plan, and a short probe of
 * them was off by 0.4–2.8× per model.
 */
public final class SpeedProbe {
    /** Time each timed probe aims at: long enough for the clock and the JIT, short enough for plan. */
    static final double PROBE_SECONDS = 0.1;
    static final long PROBE_MEASURE_EVERY = 100;
    /** At most this many shapes are timed per plan (~0.7 s each); the others are scaled from them. */
    static final int MAX_PROBED_SHAPES = 8;
    /** Per probe object, i.e. per plan: costs measured under another moment's load are not reused. */
    private final Map<List<Object>, double[]> probed = new ConcurrentHashMap<>();
    /** Measured ÷ analytical seconds per step of the probed shapes, for the shapes beyond the limit. */
    private final List<Double> ratios = new java.util.concurrent.CopyOnWriteArrayList<>();
    private final CostModel model = new CostModel();

    /** Seconds per step and per measurement of this point's shape, measured once per shape. */
    public double[] costs(GridPoint p) {
        List<Object> shape = List.of(p.depth(), p.width(), p.dx(), p.dy(), p.batchSize(), p.sampler().toString(),
                p.model().name());
        double[] known = probed.get(shape);
        if (known != null) {
            return known;
        }
        if (probed.size() >= MAX_PROBED_SHAPES) {
            // Beyond the limit: the analytical step cost, scaled by what the probes found (median ratio).
            double[] r = ratios.stream().mapToDouble(Double::doubleValue).sorted().toArray();
            double scale = r.length == 0 ? 1 : r[r.length / 2];
            return new double[] {scale * model.secondsPerStep(p), 0};
        }
        double[] measured = probe(p);
        ratios.add((measured[0] + measured[1] / PROBE_MEASURE_EVERY) / model.secondsPerStep(p));
        probed.put(shape, measured);
        return measured;
    }

    /** The task's expected seconds: a linear one's from the measured costs and the cost model's counts. */
    public double seconds(GridPoint p) {
        if (!p.model().isLinear()) {
            return model.seconds(p);
        }
        double[] c = costs(p);
        long steps = model.expectedSteps(p);
        double measurements = (double) steps / p.convergence().resolve(p.relaxationSteps()).measureEvery()
                + p.trajectoryLength();
        return steps * c[0] + measurements * c[1];
    }

    /**
     * Times N steps with measurements at step 0 and N only, and N steps measuring every k = {@value
     * #PROBE_MEASURE_EVERY}: two equations for the seconds of a step and of a measurement (the median of three
     * of each).
     */
    private double[] probe(GridPoint p) {
        long k = PROBE_MEASURE_EVERY;
        long n = Math.max(20_000, Math.round(PROBE_SECONDS / model.secondsPerStep(p)));
        long steps = n - n % k;
        run(p, steps / 4, steps / 4); // warm-up: the JIT compiles the step and the measurement first
        double a = median(() -> concurrently(() -> run(p, steps, steps).wallSeconds()));
        double b = median(() -> concurrently(() -> run(p, steps, k).wallSeconds()));
        double perMeasurement = Math.max(0, (b - a) / (steps / (double) k - 1));
        double perStep = Math.max(0, (a - 2 * perMeasurement) / steps);
        return new double[] {perStep, perMeasurement};
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

    /**
     * The point's task for {@code steps} steps, measuring every {@code every} steps (windows of the task's own
     * measurements per window, so λ_max is sampled as often as in the task), no burn-in, no trajectory; the
     * equilibrium tests cannot pass before the probe ends (the smallest trace tolerance).
     */
    private static TaskResult run(GridPoint p, long steps, long every) {
        TaskSpec real = p.taskSpec(0x5eedL);
        ConvergenceSettings c = real.convergence().resolve(p.relaxationSteps());
        int perWindow = c.measurementsPerWindow();
        ConvergenceSettings probe = new ConvergenceSettings(1, every * perWindow, perWindow, c.stableWindows(),
                Double.MIN_VALUE, c.lossTol(), c.residualTol(), Double.MAX_VALUE, 0);
        TaskSpec spec = new TaskSpec(real.model(), real.width(), real.batchSize(), real.learningRate(), steps,
                real.init(), real.sigmaX(), real.sigmaEps(), real.seed(), probe, 0);
        return Kernel.run(spec);
    }
}
