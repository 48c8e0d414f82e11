package sharpsweep.kernel.sgd;

import java.util.ArrayList;
import java.util.List;
import sharpsweep.kernel.spec.ConvergenceSettings;
import sharpsweep.kernel.spec.InvalidSpecException;
import sharpsweep.kernel.spec.Loss;
import sharpsweep.kernel.spec.SpecValidator;
import sharpsweep.kernel.spec.Status;
import sharpsweep.kernel.spec.TaskResult;
import sharpsweep.kernel.spec.TaskSpec;
import sharpsweep.kernel.spec.TrajectoryPoint;

/**
 * Runs one task: online SGD from a seeded initialisation until the convergence rule holds, the budget is
 * spent or the loss explodes (docs/DESIGN.md §5, §7). The one SGD loop of every model: the log-spaced
 * trajectory, the measurement cadence, divergence, the stability of T over windows and the budget live
 * here; each model ({@link LinearKernel}, {@link NonlinearKernel}) supplies its step, its measurement and
 * its own convergence tests.
 *
 * <p>A pure function of the spec: one thread, no shared state, each purpose its own stream of the seed,
 * so the same spec gives a bit-identical result (all but {@code wallSeconds}).
 */
public final class Kernel {
    /** Part of every task_id (docs/DESIGN.md §4): bump it whenever a result could change. */
    public static final String VERSION = "6";

    private Kernel() {
    }

    /**
     * Runs the task. A spec that breaks a rule throws {@link InvalidSpecException} before any work;
     * anything that fails later is a FAILED result carrying the message.
     */
    public static TaskResult run(TaskSpec spec) {
        SpecValidator.validate(spec);
        long start = System.nanoTime();
        try {
            // The linear theory is squared error's: under another loss the linear network is measured like the others.
            ModelRun model = spec.loss() != Loss.MSE ? new NonlinearKernel(spec)
                    : spec.model().<ModelRun>match(linear -> new LinearKernel(spec, linear), network -> new NonlinearKernel(spec));
            return new Loop(spec, model, start).execute();
        } catch (RuntimeException | StackOverflowError | OutOfMemoryError e) {
            return TaskResult.failed(e, seconds(start));
        }
    }

    /** Runs the loop on a prepared model: for tests that start several runs from one θ ({@code StderrCalibrationTest}). */
    static TaskResult run(TaskSpec spec, ModelRun model) {
        return new Loop(spec, model, System.nanoTime()).execute();
    }

    private static double seconds(long start) {
        return (System.nanoTime() - start) * 1e-9;
    }

    /** The state of one run of the loop. */
    private static final class Loop {
        private final TaskSpec spec;
        private final ModelRun model;
        private final long start;
        private final ConvergenceSettings settings;
        private final Window window;
        private final List<TrajectoryPoint> trajectory = new ArrayList<>();
        private final List<String> notes = new ArrayList<>();
        /** The last measurement whose every quantity was finite: a DIVERGED row keeps it. */
        private Measurement lastFinite;
        /** Every measured window's end, mean of T and its standard error, in order: the plateau test's history. */
        private final WindowHistory history = new WindowHistory();

        Loop(TaskSpec spec, ModelRun model, long start) {
            this.spec = spec;
            this.model = model;
            this.start = start;
            settings = model.settings();
            window = new Window(settings.measurementsPerWindow(), settings.stableWindows() + 1);
            notes.addAll(model.notes());
        }

        TaskResult execute() {
            long[] schedule = LogSchedule.of(spec.maxSteps(), spec.trajectoryLength());
            int nextPoint = 0;
            long measureEvery = settings.measureEvery();
            long windowSteps = settings.window();
            int lambdaEvery = Math.max(1, settings.measurementsPerWindow() / Window.LAMBDA_SAMPLES);
            long measurements = 0;
            double windowSum = 0; // T over the current window, for the stability test's window means
            double windowSumSquares = 0;
            int windowCount = 0;
            double initialGap = Double.NaN;
            TraceTrend trend = new TraceTrend(settings.stableWindows());
            boolean stable = false;
            long step = 0;
            Status status;
            while (true) {
                Measurement logged = null; // a trajectory point's measurement, reused when the window measures here too
                if (nextPoint < schedule.length && schedule[nextPoint] == step) {
                    logged = model.measure(true);
                    trajectory.add(new TrajectoryPoint(step, logged.trace(), logged.lambdaMax(), logged.lossGap(),
                            logged.equilibriumResidual()));
                    nextPoint++;
                }
                if (step % measureEvery == 0 && model.measuresWindowAt(step)) {
                    boolean withLambda = measurements % lambdaEvery == 0;
                    Measurement m = model.measureWindow(withLambda, logged);
                    if (step == 0) {
                        initialGap = m.lossGap();
                    }
                    double limit = settings.divergeFactor() * Math.max(initialGap, model.signal());
                    if (!m.finite() || m.lossGap() > limit) {
                        notes.add(m.finite() ? "loss gap " + m.lossGap() + " exceeded " + limit + " at step " + step
                                : "non-finite measurement at step " + step);
                        return result(Status.DIVERGED, step).build();
                    }
                    lastFinite = m;
                    window.add(m, withLambda);
                    windowSum += m.trace();
                    windowSumSquares += m.trace() * m.trace();
                    windowCount++;
                    measurements++;
                }
                if (step > 0 && step % windowSteps == 0) {
                    // Only windows that start after the burn-in: an earlier one still remembers the start.
                    boolean afterBurnIn = step - windowSteps >= settings.burnIn();
                    model.closeWindow(afterBurnIn);
                    double closedSum = windowSum;
                    int closedCount = windowCount;
                    // Only whole windows: the first measured one may hold a single measurement (step 0, or the
                    // cadence's first step), whose mean has no error bar and is no window mean of T.
                    if (closedCount >= settings.measurementsPerWindow()) {
                        history.add(step, closedSum, windowSumSquares, closedCount);
                    }
                    windowSum = 0;
                    windowSumSquares = 0;
                    windowCount = 0;
                    if (afterBurnIn && closedCount > 0) {
                        if (Double.isFinite(model.relaxationSteps())) { // without τ the plateau test judges alone
                            trend.add(closedSum / closedCount);
                            stable = trend.stable(settings.traceTol());
                        }
                        if (failedTests(stable, step).isEmpty()) {
                            status = Status.CONVERGED;
                            break;
                        }
                    }
                }
                if (step == spec.maxSteps()) {
                    status = Status.MAX_STEPS;
                    break;
                }
                if (!model.step()) {
                    notes.add(model.nonFiniteStepNote(step));
                    return result(Status.DIVERGED, step).build();
                }
                step++;
            }
            if (window.lambda.size() == 0 && model.lambdaPerSnapshot()) {
                window.addLambda(model.measure(true));
            }
            return result(status, step).equilibrium(verdict(failedTests(stable, step))).build();
        }

        /**
         * The equilibrium tests that fail now (docs/DESIGN.md §7). With a relaxation time (the linear theory): the
         * stability of T over the last {@code stable_windows} windows ({@link TraceTrend}), the model's own tests
         * over the last window, and whether the windows T averages start at least {@code relaxation_times}
         * relaxation times into the run. Without one: whether T has plateaued over the last doubling of steps
         * ({@link WindowHistory#plateaued}).
         */
        private List<String> failedTests(boolean stable, long step) {
            List<String> failed = new ArrayList<>();
            double tau = model.relaxationSteps();
            if (!Double.isFinite(tau)) {
                if (!history.plateaued(step)) {
                    failed.add("plateau");
                }
                return failed;
            }
            if (!stable) {
                failed.add("trace_stability");
            }
            failed.addAll(model.failedTests(window));
            // The windows T averages must all start after relaxation_times·τ: e^{-7} of the start's displacement.
            long averaged = (settings.stableWindows() + 1L) * settings.window();
            if (Double.isFinite(tau) && step - averaged < settings.relaxationTimes() * tau) {
                failed.add("relaxation_times");
            }
            return failed;
        }

        private static String verdict(List<String> failed) {
            return failed.isEmpty() ? "reached" : String.join(",", failed);
        }

        /**
         * A DIVERGED result keeps the last finite measurement (and has no verdict); any other the window's
         * statistics.
         */
        private TaskResult.Builder result(Status status, long step) {
            TaskResult.Builder b = TaskResult.builder(status).steps(step).trajectory(trajectory)
                    .relaxationSteps(model.relaxationSteps());
            boolean diverged = status == Status.DIVERGED;
            if (diverged) {
                if (lastFinite != null) {
                    b.traceHessian(lastFinite.trace(), Double.NaN, Double.NaN).lossGap(lastFinite.lossGap())
                            .gradFluctuation(lastFinite.gradFluctuation());
                }
            } else {
                b.traceHessian(window.trace.mean(), window.trace.std(), window.traceStderr())
                        .lambdaMax(window.lambda.mean(), window.lambdaBound.mean()).lossGap(window.gap.mean())
                        .gradFluctuation(window.fluctuation.mean());
            }
            model.finish(b, diverged);
            return b.message(String.join("; ", notes)).wallSeconds(seconds(start));
        }
    }
}
