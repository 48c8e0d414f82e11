package sharpsweep.kernel.sgd;

import java.util.ArrayList;
import java.util.List;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import sharpsweep.kernel.model.LinearNetwork;
import sharpsweep.kernel.model.PopulationLoss;
import sharpsweep.kernel.random.Xoshiro256;
import sharpsweep.kernel.sharpness.GaussNewtonOperator;
import sharpsweep.kernel.sharpness.HessianOperator;
import sharpsweep.kernel.sharpness.Lanczos;
import sharpsweep.kernel.sharpness.LayerConditions;
import sharpsweep.kernel.sharpness.PopulationMeasures;
import sharpsweep.kernel.sharpness.Snapshot;
import sharpsweep.kernel.spec.ConvergenceSettings;
import sharpsweep.kernel.spec.SpecValidator;
import sharpsweep.kernel.spec.Status;
import sharpsweep.kernel.spec.TaskResult;
import sharpsweep.kernel.spec.TaskSpec;
import sharpsweep.kernel.spec.TrajectoryPoint;
import sharpsweep.kernel.theory.Prediction;
import sharpsweep.kernel.theory.Theory;

/**
 * Runs one task: online SGD from a seeded initialisation until the convergence rule holds, the budget
 * is spent or the loss explodes, measuring the exact population sharpness as it goes.
 *
 * <p>Convergence rule ({@link ConvergenceSettings}): the run is measured every
 * {@code window / measurementsPerWindow} steps; after the burn-in, at every window end, it is
 * CONVERGED when over the last window the mean loss gap is at most {@code lossTol} × ½Tr(VΣ_xVᵀ),
 * the mean equilibrium residual is at most {@code residualTol}, and the window mean of T moved by at
 * most {@code traceTol} (relative) at each of the last {@code stableWindows} window ends. A non-finite
 * gradient or measurement, or a loss gap above {@code divergeFactor} × max(initial gap, ½Tr(VΣ_xVᵀ)),
 * is DIVERGED; the budget running out is MAX_STEPS; an exception is FAILED.
 *
 * <p>A pure function of the spec: one thread, no shared state, the seed's stream 0 initialises and
 * stream 1 samples, so the same spec gives a bit-identical result (all but {@code wallSeconds}).
 */
public final class SgdKernel {
    /** Part of every task_id (docs/DESIGN.md §4): bump it whenever a result could change. */
    public static final String VERSION = "1";

    /** λ_max (a Lanczos run) is sampled at this many measurements of a window. */
    private static final int LAMBDA_SAMPLES_PER_WINDOW = 8;

    private SgdKernel() {
    }

    /**
     * Runs the task. A spec that breaks a rule throws {@link sharpsweep.kernel.spec.InvalidSpecException}
     * before any work; anything that fails later is a FAILED result carrying the message.
     */
    public static TaskResult run(TaskSpec spec) {
        SpecValidator.validate(spec);
        long start = System.nanoTime();
        try {
            return spec.model().isLinear() ? new Run(spec, start).execute()
                    : new NonlinearKernel(spec, start).execute();
        } catch (RuntimeException | StackOverflowError | OutOfMemoryError e) {
            String message = e.getClass().getSimpleName() + ": " + e.getMessage();
            return new TaskResult(Status.FAILED, message, 0, seconds(start), Double.NaN, Double.NaN, Double.NaN,
                    Double.NaN, Double.NaN, Double.NaN, Double.NaN, new double[0], Double.NaN, Double.NaN,
                    Double.NaN, Double.NaN, List.of());
        }
    }

    private static double seconds(long start) {
        return (System.nanoTime() - start) * 1e-9;
    }

    /** The state of one run. */
    private static final class Run {
        private final TaskSpec spec;
        private final long start;
        private final LinearNetwork net;
        private final SgdStepper stepper;
        private final PopulationMeasures measures;
        private final HessianOperator hessian;
        private final DMatrixRMaj inputFactor;
        private final ConvergenceSettings settings;
        private final double tau;
        private final double signal;
        private final List<TrajectoryPoint> trajectory = new ArrayList<>();
        private final WindowStats trace;
        private final WindowStats gap;
        private final WindowStats fluctuation;
        private final WindowStats residual;
        private final WindowStats lambda;
        private final List<String> notes = new ArrayList<>();

        Run(TaskSpec spec, long start) {
            this.spec = spec;
            this.start = start;
            net = new LinearNetwork(spec.layerSizes());
            net.initialise(spec.init(), new Xoshiro256(spec.seed(), 0));
            MinibatchSampler sampler = new MinibatchSampler(spec.sampler(), spec.batchSize(), spec.sigmaX(),
                    spec.sigmaEps(), new Xoshiro256(spec.seed(), 1));
            stepper = new SgdStepper(net, sampler, spec.teacher(), spec.learningRate());
            measures = new PopulationMeasures(spec.layerSizes(), spec.sigmaX(), spec.sigmaEps(), spec.teacher());
            hessian = new HessianOperator(net, spec.sigmaX(), spec.teacher());
            inputFactor = Theory.choleskyLower(spec.sigmaX());
            tau = Theory.relaxationSteps(spec.learningRate(), spec.batchSize(), spec.sigmaEps(), spec.sigmaX());
            settings = spec.convergence().resolve(tau);
            DMatrixRMaj vs = new DMatrixRMaj(spec.dy(), spec.dx());
            CommonOps_DDRM.mult(spec.teacher(), spec.sigmaX(), vs);
            double s = 0.5 * PopulationLoss.frobeniusInner(vs, spec.teacher());
            signal = s > 0 ? s : 0.5 * CommonOps_DDRM.trace(spec.sigmaEps());
            int m = settings.measurementsPerWindow();
            trace = new WindowStats(m);
            gap = new WindowStats(m);
            fluctuation = new WindowStats(m);
            residual = new WindowStats(m);
            lambda = new WindowStats(Math.min(m, LAMBDA_SAMPLES_PER_WINDOW));
        }

        TaskResult execute() {
            Prediction theory = Theory.predict(spec.depth(), spec.sigmaX(), spec.sigmaEps(), spec.teacher());
            if (spec.width() < theory.rank()) {
                notes.add("width " + spec.width() + " < rank V' = " + theory.rank()
                        + ": the theory does not apply, theory columns left empty");
                theory = new Prediction(Double.NaN, Double.NaN, Double.NaN, theory.rank());
            }
            long[] schedule = LogSchedule.of(spec.maxSteps(), spec.trajectoryLength());
            int nextPoint = 0;
            long measureEvery = settings.measureEvery();
            long window = settings.window();
            int lambdaEvery = Math.max(1, settings.measurementsPerWindow() / LAMBDA_SAMPLES_PER_WINDOW);
            long measurements = 0;
            Snapshot lastFinite = null;
            double initialGap = Double.NaN;
            double previousWindowMean = Double.NaN;
            int stable = 0;
            long step = 0;
            Status status;
            while (true) {
                if (nextPoint < schedule.length && schedule[nextPoint] == step) {
                    Snapshot s = measures.measure(net);
                    double l = s.isFinite() ? topEigenvalue() : Double.NaN;
                    trajectory.add(new TrajectoryPoint(step, s.traceHessian(), l, s.lossGap(), s.equilibriumResidual()));
                    nextPoint++;
                }
                if (step % measureEvery == 0) {
                    Snapshot s = measures.measure(net);
                    if (step == 0) {
                        initialGap = s.lossGap();
                    }
                    double limit = settings.divergeFactor() * Math.max(initialGap, signal);
                    if (!s.isFinite() || s.lossGap() > limit) {
                        notes.add(s.isFinite()
                                ? "loss gap " + s.lossGap() + " exceeded " + limit + " at step " + step
                                : "non-finite measurement at step " + step);
                        return diverged(step, lastFinite, theory);
                    }
                    lastFinite = s;
                    trace.add(s.traceHessian());
                    gap.add(s.lossGap());
                    fluctuation.add(s.gradFluctuation());
                    residual.add(s.equilibriumResidual());
                    if (measurements % lambdaEvery == 0) {
                        lambda.add(topEigenvalue());
                    }
                    measurements++;
                }
                if (step > settings.burnIn() && step % window == 0) {
                    double mean = trace.mean();
                    stable = Math.abs(mean - previousWindowMean) <= settings.traceTol() * Math.abs(mean) ? stable + 1 : 0;
                    previousWindowMean = mean;
                    if (stable >= settings.stableWindows()
                            && gap.mean() <= settings.lossTol() * signal
                            && residual.mean() <= settings.residualTol()) {
                        status = Status.CONVERGED;
                        break;
                    }
                }
                if (step == spec.maxSteps()) {
                    status = Status.MAX_STEPS;
                    break;
                }
                if (!stepper.step()) {
                    notes.add("non-finite gradient at step " + step);
                    return diverged(step, lastFinite, theory);
                }
                step++;
            }
            if (lambda.size() == 0) {
                lambda.add(topEigenvalue());
            }
            return new TaskResult(status, message(), step, seconds(start), trace.mean(), trace.std(), lambda.mean(),
                    gaussNewtonTop(), gap.mean(), fluctuation.mean(), residual.mean(), LayerConditions.of(net),
                    theory.tracePred(), theory.traceMin(), theory.lambdaMaxPred(), tau, List.copyOf(trajectory));
        }

        private TaskResult diverged(long step, Snapshot last, Prediction theory) {
            Snapshot s = last != null ? last : new Snapshot(Double.NaN, Double.NaN, Double.NaN, Double.NaN);
            return new TaskResult(Status.DIVERGED, message(), step, seconds(start), s.traceHessian(), Double.NaN,
                    Double.NaN, Double.NaN, s.lossGap(), s.gradFluctuation(), s.equilibriumResidual(),
                    LayerConditions.of(net), theory.tracePred(), theory.traceMin(), theory.lambdaMaxPred(), tau,
                    List.copyOf(trajectory));
        }

        private double topEigenvalue() {
            hessian.update();
            return Lanczos.largestEigenvalue(hessian);
        }

        private double gaussNewtonTop() {
            net.updateForward();
            net.updateBackward();
            return Lanczos.largestEigenvalue(new GaussNewtonOperator(net, inputFactor));
        }

        private String message() {
            return String.join("; ", notes);
        }
    }
}
