package sharpsweep.kernel.sgd;

import java.util.ArrayList;
import java.util.List;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import sharpsweep.kernel.nonlinear.GradientDifferenceHessian;
import sharpsweep.kernel.nonlinear.Network;
import sharpsweep.kernel.nonlinear.Networks;
import sharpsweep.kernel.nonlinear.SampleSet;
import sharpsweep.kernel.random.Normal;
import sharpsweep.kernel.random.Xoshiro256;
import sharpsweep.kernel.sharpness.HutchinsonTrace;
import sharpsweep.kernel.sharpness.Lanczos;
import sharpsweep.kernel.spec.ConvergenceSettings;
import sharpsweep.kernel.spec.Init;
import sharpsweep.kernel.spec.ModelSpec;
import sharpsweep.kernel.spec.Status;
import sharpsweep.kernel.spec.TaskResult;
import sharpsweep.kernel.spec.TaskSpec;
import sharpsweep.kernel.spec.TrajectoryPoint;

/**
 * Runs one nonlinear teacher–student task (docs/DESIGN.md §1): online SGD on ½‖y − f_θ(x)‖², y = teacher(x) + ε,
 * each token of x ~ N(0, Σ_x), ε ~ N(0, Σ_ε), b fresh samples a step.
 *
 * <p>No closed form exists, so the sharpness is estimated on a fixed evaluation set of
 * {@code evalSize} inputs drawn from the task's seed with noiseless labels teacher(x): the label noise
 * is independent of x, so it adds nothing to the population Hessian's expectation, only variance.
 * Hessian-vector products are central differences of exact gradients ({@link GradientDifferenceHessian});
 * the trace is Hutchinson's (exact when the parameter count is at most {@code probes}), λ_max is Lanczos.
 * The loss gap is the evaluation loss ½E‖f_θ − teacher‖², the excess over the noise floor.
 *
 * <p>Convergence: there is no relaxation time, so a zero {@code window} means max_steps / 10 and a zero
 * {@code burn_in} max_steps / 2. After the burn-in, at every window end, the run is CONVERGED when the
 * window mean of T moved by at most {@code trace_tol} at each of the last {@code stable_windows} window
 * ends (loss_tol and residual_tol have no reference here and are not used). Divergence is as for the
 * linear kernel, with the signal ½E‖teacher(x)‖² measured on the evaluation set.
 *
 * <p>Streams of the seed: 0 initialises the student, 1 samples the steps, 2 the Hutchinson probes (the
 * same probes at every measurement, so the trajectory's changes are θ's, not the probes'), 3 the
 * evaluation set. The teacher (Kaiming) comes from stream 0 of {@code teacher_seed}, shared by every task naming it.
 */
public final class NonlinearKernel {
    /** Lanczos stops at this relative residual bound: far below the evaluation set's sampling error. */
    private static final double LANCZOS_TOLERANCE = 1e-6;
    private static final int LAMBDA_SAMPLES_PER_WINDOW = 8;

    private final TaskSpec spec;
    private final long start;
    private final ModelSpec model;
    private final Network student;
    private final Network teacher;
    private final double[] theta;
    private final double[] grad;
    private final double[] batchX;
    private final double[] batchY;
    private final double[] out;
    private final double[] teacherTheta;
    private final LowerFactor inputFactor;
    private final LowerFactor noiseFactor;
    private final DMatrixRMaj zIn;   // d × 1 normals
    private final DMatrixRMaj lzOut; // L · zIn
    private final Xoshiro256 sampling;
    private final SampleSet eval;
    private final ConvergenceSettings settings;
    private final double signal;
    private final List<TrajectoryPoint> trajectory = new ArrayList<>();
    private final List<String> notes = new ArrayList<>();
    private final WindowStats trace;
    private final WindowStats traceVariance;
    private final WindowStats gap;
    private final WindowStats lambda;
    private final WindowStats lambdaBound;

    /** Prepares a run: student, teacher and evaluation set; {@code start} is System.nanoTime() at the task's start. */
    public NonlinearKernel(TaskSpec spec, long start) {
        this.spec = spec;
        this.start = start;
        model = spec.model();
        student = Networks.student(spec);
        teacher = Networks.teacher(spec);
        theta = new double[student.parameterCount()];
        student.initialise(theta, spec.init(), new Xoshiro256(spec.seed(), 0));
        teacherTheta = new double[teacher.parameterCount()];
        // The teacher is always Kaiming (the paper's), so the init axis changes only the student.
        teacher.initialise(teacherTheta, Init.kaiming(), new Xoshiro256(model.teacherSeed(), 0));
        grad = new double[theta.length];
        inputFactor = new LowerFactor(spec.sigmaX());
        noiseFactor = new LowerFactor(spec.sigmaEps());
        int in = student.inputSize();
        int dy = student.outputSize();
        batchX = new double[spec.batchSize() * in];
        batchY = new double[spec.batchSize() * dy];
        out = new double[dy];
        zIn = new DMatrixRMaj(Math.max(spec.dx(), spec.dy()), 1);
        lzOut = new DMatrixRMaj(zIn.numRows, 1);
        sampling = new Xoshiro256(spec.seed(), 1);
        // The evaluation set: inputs from stream 3, noiseless labels.
        int n = model.evalSize();
        double[] evalX = new double[n * in];
        double[] evalY = new double[n * dy];
        Xoshiro256 evalRng = new Xoshiro256(spec.seed(), 3);
        double s = 0;
        for (int i = 0; i < n; i++) {
            drawInput(evalRng, evalX, i);
            teacher.predict(teacherTheta, evalX, i, out);
            for (int k = 0; k < dy; k++) {
                evalY[i * dy + k] = out[k];
                s += 0.5 * out[k] * out[k];
            }
        }
        eval = new SampleSet(student, evalX, evalY, n);
        signal = s / n > 0 ? s / n : 0.5 * CommonOps_DDRM.trace(spec.sigmaEps());
        ConvergenceSettings c = spec.convergence();
        long window = c.window() > 0 ? c.window() : Math.max(1, spec.maxSteps() / 10);
        long burnIn = c.burnIn() > 0 ? c.burnIn() : spec.maxSteps() / 2;
        settings = new ConvergenceSettings(burnIn, window, c.measurementsPerWindow(), c.stableWindows(), c.traceTol(),
                c.lossTol(), c.residualTol(), c.divergeFactor());
        int m = settings.measurementsPerWindow();
        trace = new WindowStats(m);
        traceVariance = new WindowStats(m);
        gap = new WindowStats(m);
        lambda = new WindowStats(Math.min(m, LAMBDA_SAMPLES_PER_WINDOW));
        lambdaBound = new WindowStats(Math.min(m, LAMBDA_SAMPLES_PER_WINDOW));
    }

    /** lzOut = L · z, z ~ N(0, I) of L's dimension: a draw from N(0, LLᵀ). Allocation-free. */
    private void drawGaussian(Xoshiro256 rng, LowerFactor factor) {
        int d = factor.matrix().numRows;
        zIn.reshape(d, 1);
        lzOut.reshape(d, 1);
        Normal.fill(rng, zIn.data, d);
        factor.multiply(zIn, lzOut);
    }

    /** One sample's tokens, each ~ N(0, Σ_x). */
    private void drawInput(Xoshiro256 rng, double[] x, int s) {
        int dx = spec.dx();
        int tokens = student.inputSize() / dx;
        for (int t = 0; t < tokens; t++) {
            drawGaussian(rng, inputFactor);
            System.arraycopy(lzOut.data, 0, x, s * student.inputSize() + t * dx, dx);
        }
    }

    /** A minibatch: b inputs, labels teacher(x) + ε, ε ~ N(0, Σ_ε). */
    private void drawBatch() {
        int dy = spec.dy();
        for (int s = 0; s < spec.batchSize(); s++) {
            drawInput(sampling, batchX, s);
            teacher.predict(teacherTheta, batchX, s, out);
            drawGaussian(sampling, noiseFactor);
            for (int k = 0; k < dy; k++) {
                batchY[s * dy + k] = out[k] + lzOut.data[k];
            }
        }
    }

    /**
     * One sharpness measurement at θ.
     *
     * @param lossGap     evaluation loss ½E‖f − teacher‖²
     * @param traceStderr Hutchinson's standard error (0 when exact)
     * @param lambdaBound Lanczos' residual bound; λ_max and it are NaN when not asked for
     */
    public record Sharpness(double lossGap, double trace, double traceStderr, double lambdaMax, double lambdaBound) {
        boolean hasLambda() {
            return !Double.isNaN(lambdaMax);
        }
    }

    /** The sharpness at the current θ (λ_max only when asked). */
    public Sharpness measure(boolean withLambda) {
        GradientDifferenceHessian hessian = new GradientDifferenceHessian(eval, theta);
        HutchinsonTrace.Estimate t = HutchinsonTrace.estimate(hessian, model.probes(), spec.seed());
        double l = Double.NaN;
        double bound = Double.NaN;
        if (withLambda && Double.isFinite(t.trace())) {
            Lanczos.Ritz r = Lanczos.largest(hessian, Lanczos.DEFAULT_MAX_ITERATIONS, LANCZOS_TOLERANCE);
            l = r.value();
            bound = r.bound();
        }
        return new Sharpness(hessian.loss(), t.trace(), t.stderr(), l, bound);
    }

    TaskResult execute() {
        long[] schedule = LogSchedule.of(spec.maxSteps(), spec.trajectoryLength());
        int nextPoint = 0;
        long measureEvery = settings.measureEvery();
        long window = settings.window();
        int lambdaEvery = Math.max(1, settings.measurementsPerWindow() / LAMBDA_SAMPLES_PER_WINDOW);
        long measurements = 0;
        double initialGap = Double.NaN;
        double previousWindowMean = Double.NaN;
        double lastGap = Double.NaN;
        double lastTrace = Double.NaN;
        int stable = 0;
        long step = 0;
        Status status;
        while (true) {
            Sharpness logged = null; // a trajectory point's measurement, reused when the window measures here too
            if (nextPoint < schedule.length && schedule[nextPoint] == step) {
                logged = measure(true);
                trajectory.add(new TrajectoryPoint(step, logged.trace(), logged.lambdaMax(), logged.lossGap(),
                        Double.NaN));
                nextPoint++;
            }
            // Window statistics only from the burn-in on (and at step 0, for the divergence reference): earlier
            // measurements would leave the window before the end, and each costs ~2·probes gradient passes.
            if (step % measureEvery == 0 && (step == 0 || step + window >= settings.burnIn())) {
                boolean withLambda = measurements % lambdaEvery == 0;
                Sharpness m = logged != null ? logged : measure(withLambda);
                if (step == 0) {
                    initialGap = m.lossGap();
                }
                double limit = settings.divergeFactor() * Math.max(initialGap, signal);
                boolean finite = Double.isFinite(m.lossGap()) && Double.isFinite(m.trace());
                if (!finite || m.lossGap() > limit) {
                    notes.add(finite ? "loss gap " + m.lossGap() + " exceeded " + limit + " at step " + step
                            : "non-finite measurement at step " + step);
                    return result(Status.DIVERGED, step, lastGap, lastTrace);
                }
                lastGap = m.lossGap();
                lastTrace = m.trace();
                gap.add(m.lossGap());
                trace.add(m.trace());
                traceVariance.add(m.traceStderr() * m.traceStderr());
                if (withLambda && m.hasLambda()) {
                    lambda.add(m.lambdaMax());
                    lambdaBound.add(m.lambdaBound());
                }
                measurements++;
            }
            if (step > settings.burnIn() && step % window == 0) {
                double mean = trace.mean();
                stable = Math.abs(mean - previousWindowMean) <= settings.traceTol() * Math.abs(mean) ? stable + 1 : 0;
                previousWindowMean = mean;
                if (stable >= settings.stableWindows()) {
                    status = Status.CONVERGED;
                    break;
                }
            }
            if (step == spec.maxSteps()) {
                status = Status.MAX_STEPS;
                break;
            }
            if (!step()) {
                notes.add("non-finite parameters at step " + step);
                return result(Status.DIVERGED, step, lastGap, lastTrace);
            }
            step++;
        }
        if (lambda.size() == 0) {
            Sharpness m = measure(true);
            lambda.add(m.lambdaMax());
            lambdaBound.add(m.lambdaBound());
        }
        return result(status, step, Double.NaN, Double.NaN);
    }

    /** One SGD step on a fresh minibatch; false when a parameter became non-finite. */
    public boolean step() {
        drawBatch();
        java.util.Arrays.fill(grad, 0);
        student.accumulate(theta, batchX, batchY, spec.batchSize(), grad, null);
        double rate = spec.learningRate() / spec.batchSize();
        boolean finite = true;
        for (int p = 0; p < theta.length; p++) {
            theta[p] -= rate * grad[p];
            finite &= Double.isFinite(theta[p]);
        }
        return finite;
    }

    /** A DIVERGED result keeps the last finite gap and T; otherwise the window means. */
    private TaskResult result(Status status, long step, double lastGap, double lastTrace) {
        boolean diverged = status == Status.DIVERGED;
        double seconds = (System.nanoTime() - start) * 1e-9;
        return new TaskResult(status, String.join("; ", notes), step, seconds,
                diverged ? lastTrace : trace.mean(), diverged ? Double.NaN : trace.std(),
                diverged ? Double.NaN : lambda.mean(), Double.NaN, diverged ? lastGap : gap.mean(), Double.NaN,
                Double.NaN, null, Double.NaN, Double.NaN, Double.NaN, Double.NaN, List.copyOf(trajectory),
                diverged ? Double.NaN : Math.sqrt(traceVariance.mean() / traceVariance.size()),
                diverged ? Double.NaN : lambdaBound.mean());
    }
}
