package sharpsweep.driver.grid;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.DoubleSupplier;
import java.util.stream.IntStream;
import sharpsweep.kernel.sgd.Kernel;
import sharpsweep.kernel.sgd.NonlinearKernel;
import sharpsweep.kernel.sgd.RunSchedule;
import sharpsweep.kernel.spec.ConvergenceSettings;
import sharpsweep.kernel.spec.TaskResult;
import sharpsweep.kernel.spec.TaskSpec;

/**
 * A task's expected time from the kernel's own speed on this machine, per shape (docs/BENCHMARKS.md, "plan's
 * time estimate"). A linear net's kernel runs N steps measuring only at their start and end, and N steps
 * measuring every k ({@link #probe}): the seconds of an SGD step and of a measurement. A nonlinear model's
 * network is stepped and its two kinds of measurement timed ({@link #probeNonlinear}). A task then costs steps ×
 * (step) + measurements × (measurement), with its own measurement schedule. The analytical {@link CostModel}
 * (flops at a fixed rate) was 2–3× off on small linear nets, where call overhead and measurements, not flops,
 * take the time, and 0.4–2.8× on the nonlinear models. Shapes are probed once per plan, on every core at once as
 * a sweep runs, after a warm-up: ~1–3 s a shape, at most {@value #MAX_PROBED_SHAPES} shapes; further linear
 * shapes get the analytical cost scaled by the probed ones' median ratio, further nonlinear ones the
 * analytical estimate.
 */
public final class SpeedProbe {
    /** Time each timed probe aims at: long enough for the clock and the JIT, short enough for plan. */
    static final double PROBE_SECONDS = 0.1;
    static final long PROBE_MEASURE_EVERY = 100;
    /** Any seed: the cost of a step or a measurement does not depend on it. */
    private static final long PROBE_SEED = 0x5eedL;
    /** At most this many shapes are timed per plan (~1–3 s each); the others are estimated. */
    static final int MAX_PROBED_SHAPES = 8;
    /** The first probe's warm-up: C2 has compiled the kernel's loops by then (~0.5 s on this machine). */
    static final double FIRST_WARM_UP_SECONDS = 1.0;
    /** Every later linear shape's warm-up: its own sizes' profile. */
    static final double WARM_UP_SECONDS = 0.3;
    /**
     * A nonlinear network's warm-up, of its steps and again of its measurements: their batched passes are more
     * code than a linear step, and after 0.3 s a fresh JVM's first MLP probe still read 2–4× the steady cost
     * (kernel version 4; more under load, whose compiler threads get less of the cores).
     */
    static final double NONLINEAR_WARM_UP_SECONDS = 1.0;
    private volatile boolean warmed;
    /** Per probe object, i.e. per plan: costs measured under another moment's load are not reused. */
    private final Map<List<Object>, double[]> probed = new ConcurrentHashMap<>();
    /** Measured ÷ analytical seconds per step of the probed shapes, for the shapes beyond the limit. */
    private final List<Double> ratios = new java.util.concurrent.CopyOnWriteArrayList<>();
    private final CostModel model = new CostModel();

    /**
     * Seconds per step and per measurement of this point's shape, measured once per shape: {step, measurement}
     * for a linear net, {step, measurement of T, measurement with λ_max} for a nonlinear model.
     */
    public double[] costs(GridPoint p) {
        List<Object> shape = List.of(p.depth(), p.width(), p.dx(), p.dy(), p.batchSize(), p.sampler().toString(),
                p.model().isLinear() ? p.model().name() : p.model().network(), p.loss());
        double[] known = probed.get(shape);
        if (known != null) {
            return known;
        }
        if (probed.size() >= MAX_PROBED_SHAPES && !p.hasTheory()) {
            return new double[] {model.secondsPerStep(p), 0, 0}; // its measurements are in the analytical step cost
        }
        if (probed.size() >= MAX_PROBED_SHAPES) {
            // Beyond the limit: the analytical step cost, scaled by what the probes found (median ratio).
            double[] r = ratios.stream().mapToDouble(Double::doubleValue).sorted().toArray();
            double scale = r.length == 0 ? 1 : r[r.length / 2];
            return new double[] {scale * model.secondsPerStep(p), 0};
        }
        double[] measured;
        try {
            measured = p.hasTheory() ? probe(p) : probeNonlinear(p);
        } catch (RuntimeException e) {
            // A point whose SGD diverges within the probe has no measurable cost (its Hessian is not finite):
            // the analytical estimate, never a failed plan (ConfigFuzzTest found a diverging transformer).
            measured = p.hasTheory() ? new double[] {model.secondsPerStep(p), 0}
                    : new double[] {model.secondsPerStep(p), 0, 0};
        }
        if (p.hasTheory()) {
            ratios.add((measured[0] + measured[1] / PROBE_MEASURE_EVERY) / model.secondsPerStep(p));
        }
        probed.put(shape, measured);
        return measured;
    }

    /**
     * The task's expected seconds: a linear one's steps from the cost model (relaxation time and convergence
     * rule), a nonlinear one's budget; the measurements by the task's schedule.
     */
    public double seconds(GridPoint p) {
        if (!p.hasTheory()) {
            double[] c = costs(p);
            RunSchedule schedule = RunSchedule.nonlinear(p.taskSpec(PROBE_SEED));
            return p.maxSteps() * c[0] + schedule.withoutLambda() * c[1] + schedule.withLambda() * c[2];
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
    private synchronized double[] probe(GridPoint p) {
        long k = PROBE_MEASURE_EVERY;
        long n = Math.max(20_000, Math.round(PROBE_SECONDS / model.secondsPerStep(p)));
        long steps = n - n % k;
        warmUp(p, steps, steps);
        double a = median(() -> concurrently(() -> run(p, steps, steps).wallSeconds()));
        double b = median(() -> concurrently(() -> run(p, steps, k).wallSeconds()));
        double perMeasurement = Math.max(0, (b - a) / (steps / (double) k - 1));
        double perStep = Math.max(0, (a - 2 * perMeasurement) / steps);
        return new double[] {perStep, perMeasurement};
    }

    /**
     * Before the first probe of a plan, {@value #FIRST_WARM_UP_SECONDS} s of the kernel on every core: C2 compiles
     * the step and the measurement in the background, on the cores the probe also uses, and a probe of
     * half-compiled code read the first shape up to 3× slow (a warm-up that stopped when two runs agreed
     * stopped at C1's plateau). Later shapes reuse the compiled code: a quarter run is their warm-up.
     */
    private void warmUp(GridPoint p, long steps, long every) {
        long end = System.nanoTime() + (long) ((warmed ? WARM_UP_SECONDS : FIRST_WARM_UP_SECONDS) * 1e9);
        while (System.nanoTime() < end) {
            concurrently(() -> run(p, steps, every).wallSeconds());
        }
        warmed = true;
    }

    /**
     * A nonlinear point's seconds per SGD step, per measurement of T and per measurement with λ_max: its own
     * network ({@link NonlinearKernel}) stepped for ~2 × {@value #PROBE_SECONDS} s and each kind of measurement timed
     * three times over {@value #PROBE_SECONDS} s (after ~{@value #NONLINEAR_WARM_UP_SECONDS} s of warm-up each), on every core at once, at the initial weights. The run's measurements
     * are then counted by kind ({@link RunSchedule}): on these models they, not the steps, can take most of a
     * task (the transformer's Hutchinson over the evaluation set), and a single rate for both was 0.4–2.8× off.
     */
    private double[] probeNonlinear(GridPoint p) {
        TaskSpec spec = p.taskSpec(PROBE_SEED);
        double[] perThread = concurrentlyEach(() -> {
            NonlinearKernel k = new NonlinearKernel(spec);
            long end = System.nanoTime() + (long) (NONLINEAR_WARM_UP_SECONDS * 1e9);
            while (System.nanoTime() < end) {
                k.step();
            }
            long start = System.nanoTime();
            end = start + (long) (2 * PROBE_SECONDS * 1e9);
            long n = 0;
            for (; n < 3 || System.nanoTime() < end; n++) {
                k.step();
            }
            double step = (System.nanoTime() - start) * 1e-9 / n;
            // The measurement's own warm-up: C2 compiles its gradient passes after a few calls (one untimed call
            // left the transformer's measurement read 2.3× slow).
            end = System.nanoTime() + (long) (NONLINEAR_WARM_UP_SECONDS * 1e9);
            for (int i = 0; i < 2 || System.nanoTime() < end; i++) {
                k.measure(true);
            }
            double plain = median(() -> perCall(() -> k.measure(false)));
            double lambda = median(() -> perCall(() -> k.measure(true)));
            return new double[] {step, plain, lambda};
        });
        return perThread;
    }

    /**
     * Wall seconds per call of {@code r}, called for at least {@value #PROBE_SECONDS} s (once at least). One timed
     * call of a millisecond measurement read the thread's first preemption as its cost: on a loaded machine two
     * of three calls could be preempted, and plan put an MLP task at 4 minutes for a 1-second run.
     */
    private static double perCall(Runnable r) {
        long start = System.nanoTime();
        long end = start + (long) (PROBE_SECONDS * 1e9);
        int calls = 0;
        do {
            r.run();
            calls++;
        } while (System.nanoTime() < end);
        return (System.nanoTime() - start) * 1e-9 / calls;
    }

    /** The element-wise mean of {@code probe} run on every core at once, one thread each. */
    private static double[] concurrentlyEach(java.util.function.Supplier<double[]> probe) {
        List<double[]> runs = IntStream.range(0, Runtime.getRuntime().availableProcessors())
                .mapToObj(i -> CompletableFuture.supplyAsync(probe, task -> new Thread(task).start())).toList()
                .stream().map(CompletableFuture::join).toList();
        double[] mean = new double[runs.get(0).length];
        for (double[] r : runs) {
            for (int j = 0; j < mean.length; j++) {
                mean[j] += r[j] / runs.size();
            }
        }
        return mean;
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
        TaskSpec real = p.taskSpec(PROBE_SEED);
        ConvergenceSettings c = real.convergence().resolve(p.relaxationSteps());
        int perWindow = c.measurementsPerWindow();
        ConvergenceSettings probe = new ConvergenceSettings(1, every * perWindow, perWindow, c.stableWindows(),
                Double.MIN_VALUE, c.lossTol(), c.residualTol(), Double.MAX_VALUE, 0);
        TaskSpec spec = new TaskSpec(real.model(), real.width(), real.batchSize(), real.learningRate(), steps,
                real.init(), real.sigmaX(), real.sigmaEps(), real.seed(), probe, 0);
        return Kernel.run(spec);
    }
}
