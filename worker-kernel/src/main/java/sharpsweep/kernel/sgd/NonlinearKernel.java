package sharpsweep.kernel.sgd;

import java.util.List;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import sharpsweep.kernel.estimate.HutchinsonTrace;
import sharpsweep.kernel.estimate.Lanczos;
import sharpsweep.kernel.linalg.LowerFactor;
import sharpsweep.kernel.nonlinear.GradientDifferenceHessian;
import sharpsweep.kernel.nonlinear.Network;
import sharpsweep.kernel.nonlinear.Networks;
import sharpsweep.kernel.nonlinear.OutputLoss;
import sharpsweep.kernel.nonlinear.SampleSet;
import sharpsweep.kernel.random.Normal;
import sharpsweep.kernel.random.Xoshiro256;
import sharpsweep.kernel.spec.ConvergenceSettings;
import sharpsweep.kernel.spec.Loss;
import sharpsweep.kernel.spec.TaskResult;
import sharpsweep.kernel.spec.TaskSpec;

/**
 * A teacher–student network measured by estimators (docs/DESIGN.md §1): every nonlinear model, and the linear
 * network under cross-entropy, which has no closed form. Online SGD on the task's loss of f_θ(x) against
 * y = teacher(x) + ε (½‖y − f_θ(x)‖², or cross-entropy against the soft targets softmax y), each token of
 * x ~ N(0, Σ_x), ε ~ N(0, Σ_ε), b fresh samples a step.
 *
 * <p>No closed form exists, so the sharpness is estimated on an evaluation set (fresh at every measurement) of
 * {@code evalSize} inputs drawn from the task's seed. Under squared error the labels are noiseless, teacher(x):
 * the Hessian is linear in the labels and the noise has mean zero, so it would add nothing to the population
 * Hessian's expectation, only variance. Under cross-entropy the Hessian is linear in the soft targets, whose mean
 * E softmax(teacher(x) + ε) is not softmax(teacher(x)): there the labels carry fresh noise, drawn after the inputs.
 * Hessian-vector products are central differences of exact gradients ({@link GradientDifferenceHessian});
 * the trace is Hutchinson's (exact when the parameter count is at most {@code probes}), λ_max is Lanczos.
 * The loss gap is the evaluation loss: ½E‖f_θ − teacher‖², the excess over the noise floor, or E KL(q ‖ softmax f_θ).
 *
 * <p>Convergence: there is no relaxation time, so a zero {@code window} means max_steps / 10 and a zero
 * {@code burn_in} max_steps / 2 ({@link ConvergenceSettings#resolveForBudget}); window measurements start
 * at the burn-in. Whether T has plateaued over the last doubling of steps is the only test ({@link WindowHistory};
 * loss_tol and residual_tol have no reference here
 * and are not used). The divergence reference is the zero output's loss on the evaluation set: ½E‖teacher(x)‖²,
 * or E KL(q ‖ uniform).
 *
 * <p>Streams of the seed: 0 initialises the student, 1 samples the steps, 2 the Hutchinson probes and 3 the
 * evaluation sets, both continued from one measurement to the next (fresh at each). The teacher (Kaiming) comes from stream 0 of {@code teacher_seed}, shared by every task naming it.
 */
public final class NonlinearKernel implements ModelRun {
    /** Lanczos stops at this relative residual bound: far below the evaluation set's sampling error. */
    private static final double LANCZOS_TOLERANCE = 1e-6;

    private final TaskSpec spec;
    private final int probes;
    private final Network student;
    private final Network teacher;
    private final double[] theta;
    private final double[] grad;
    private final double[] batchX;
    private final double[] batchY;
    private final double[] batchNoise;
    private final double[] teacherTheta;
    private final LowerFactor inputFactor;
    private final LowerFactor noiseFactor;
    private final double[] normals; // one sample's standard normals
    private final Xoshiro256 sampling;
    private final SampleSet eval;
    private final Xoshiro256 evalRng;
    private final Xoshiro256 probeRng;
    private boolean evalFresh; // the evaluation set has not been measured on yet
    private final ConvergenceSettings settings;
    private final double signal;

    /** Prepares a run: student, teacher and evaluation set. */
    public NonlinearKernel(TaskSpec spec) {
        this.spec = spec;
        probes = Networks.probes(spec);
        student = Networks.student(spec);
        teacher = Networks.teacher(spec);
        theta = new double[student.parameterCount()];
        student.initialise(theta, spec.init(), new Xoshiro256(spec.seed(), 0));
        teacherTheta = Networks.teacherParameters(spec, teacher);
        grad = new double[theta.length];
        inputFactor = new LowerFactor(spec.sigmaX());
        noiseFactor = new LowerFactor(spec.sigmaEps());
        int in = student.inputSize();
        int dy = student.outputSize();
        batchX = new double[spec.batchSize() * in];
        batchY = new double[spec.batchSize() * dy];
        batchNoise = new double[spec.batchSize() * dy];
        normals = new double[Math.max(in, dy)];
        sampling = new Xoshiro256(spec.seed(), 1);
        // The evaluation set: inputs from stream 3 (and the labels' noise under cross-entropy); afresh at every measurement.
        int n = Networks.evalSize(spec);
        eval = new SampleSet(student, new double[n * in], new double[n * dy], n);
        evalRng = new Xoshiro256(spec.seed(), 3);
        probeRng = new Xoshiro256(spec.seed(), 2);
        drawEvaluationSet();
        if (spec.loss() == Loss.MSE) {
            double s = 0;
            for (double label : eval.y()) {
                s += 0.5 * label * label;
            }
            signal = s / n > 0 ? s / n : 0.5 * CommonOps_DDRM.trace(spec.sigmaEps());
        } else {
            signal = OutputLoss.residual(spec.loss(), new DMatrixRMaj(student.outputSize(), n), eval.y(), n) / n;
        }
        settings = spec.convergence().resolveForBudget(spec.maxSteps());
    }

    /**
     * A new evaluation set: eval_size inputs from stream 3, labelled by the teacher; under cross-entropy then
     * each label's noise from the same stream.
     */
    private void drawEvaluationSet() {
        for (int i = 0; i < eval.n(); i++) {
            drawInput(evalRng, eval.x(), i);
        }
        teacher.predictAll(teacherTheta, eval.x(), eval.n(), eval.y());
        if (spec.loss() != Loss.MSE) {
            int dy = spec.dy();
            for (int i = 0; i < eval.n(); i++) {
                Normal.fill(evalRng, normals, dy);
                noiseFactor.multiply(normals, 0, batchNoise, 0);
                for (int k = 0; k < dy; k++) {
                    eval.y()[i * dy + k] += batchNoise[k];
                }
            }
        }
        evalFresh = true;
    }

    /** One sample's tokens, each ~ N(0, Σ_x): its standard normals in one draw, then L_x per token. */
    private void drawInput(Xoshiro256 rng, double[] x, int s) {
        int dx = spec.dx();
        int size = student.inputSize();
        Normal.fill(rng, normals, size);
        for (int t = 0; t < size / dx; t++) {
            inputFactor.multiply(normals, t * dx, x, s * size + t * dx);
        }
    }

    /**
     * A minibatch: b inputs, labels teacher(x) + ε, ε ~ N(0, Σ_ε). The draws come in the order input, noise of
     * each sample in turn; the teacher labels the whole batch at once.
     */
    private void drawBatch() {
        int dy = spec.dy();
        for (int s = 0; s < spec.batchSize(); s++) {
            drawInput(sampling, batchX, s);
            Normal.fill(sampling, normals, dy);
            noiseFactor.multiply(normals, 0, batchNoise, s * dy);
        }
        teacher.predictAll(teacherTheta, batchX, spec.batchSize(), batchY);
        for (int e = 0; e < spec.batchSize() * dy; e++) {
            batchY[e] += batchNoise[e];
        }
    }

    /** θ = {@code start} instead of the seed's initialisation: runs from one start with independent noise (tests). */
    void startFrom(double[] start) {
        System.arraycopy(start, 0, theta, 0, theta.length);
    }

    /** A copy of θ. */
    double[] parameters() {
        return theta.clone();
    }

    @Override
    public ConvergenceSettings settings() {
        return settings;
    }

    @Override
    public List<String> notes() {
        return List.of();
    }

    @Override
    public double signal() {
        return signal;
    }

    /**
     * From the burn-in on (and at step 0, the divergence reference): earlier measurements would leave the
     * window before the end, and each costs ~2·probes gradient passes over the evaluation set.
     */
    @Override
    public boolean measuresWindowAt(long step) {
        return step == 0 || step + settings.window() >= settings.burnIn();
    }

    /**
     * The sharpness at the current θ on a fresh evaluation set with fresh probes: the evaluation loss as the
     * loss gap, Hutchinson's trace with its probes' standard error (0 when exact), and, when asked and the trace
     * is finite, Lanczos' λ_max with its residual bound. Fresh sets and probes make each measurement's
     * estimator error independent of the others', so the spread of a window's measurements holds it and the
     * row's standard error ({@link Window#traceStderr}) counts it; one fixed set and one fixed probe set, as
     * before kernel version 4, made the same error in every measurement, invisible to any spread.
     */
    @Override
    public Measurement measure(boolean withLambda) {
        if (!evalFresh) {
            drawEvaluationSet();
        }
        evalFresh = false;
        GradientDifferenceHessian hessian = new GradientDifferenceHessian(eval, theta);
        HutchinsonTrace.Estimate t = HutchinsonTrace.estimate(hessian, probes, probeRng);
        double l = Double.NaN;
        double bound = Double.NaN;
        if (withLambda && Double.isFinite(t.trace())) {
            Lanczos.Ritz r = Lanczos.largest(hessian, Lanczos.DEFAULT_MAX_ITERATIONS, LANCZOS_TOLERANCE);
            l = r.value();
            bound = r.bound();
        }
        double gap = hessian.loss();
        // A λ asked for and not finite (Lanczos overflowed) makes the measurement non-finite: the run is diverging.
        return new Measurement(t.trace(), t.stderr(), l, bound, gap, Double.NaN, Double.NaN,
                Double.isFinite(gap) && Double.isFinite(t.trace()) && (!withLambda || Double.isFinite(l)));
    }

    @Override
    public String nonFiniteStepNote(long step) {
        return "non-finite parameters at step " + step;
    }

    /** Reuses the trajectory's measurement at this step (it has λ_max): a measurement costs gradient passes. */
    @Override
    public Measurement measureWindow(boolean sample, Measurement logged) {
        return logged != null ? logged : measure(sample);
    }

    @Override
    public boolean lambdaPerSnapshot() {
        return true;
    }

    @Override
    public void closeWindow(boolean averaged) {
        // No window quantities of its own.
    }

    /** The loop's plateau test is the only one: no theory, no reference for a loss gap or a balance. */
    @Override
    public List<String> failedTests(Window window) {
        return List.of();
    }

    @Override
    public double relaxationSteps() {
        return Double.NaN;
    }

    @Override
    public void finish(TaskResult.Builder result, boolean diverged) {
        // Nothing beyond the loop's estimates: no theory, no final-θ quantities.
    }

    /** One SGD step on a fresh minibatch; false when a parameter became non-finite. */
    @Override
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
}
