package sharpsweep.kernel.sgd;

import java.util.List;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import sharpsweep.kernel.estimate.Lanczos;
import sharpsweep.kernel.linalg.LowerFactor;
import sharpsweep.kernel.linear.BalanceResidual;
import sharpsweep.kernel.linear.BalanceWindow;
import sharpsweep.kernel.linear.GaussNewtonOperator;
import sharpsweep.kernel.linear.HessianOperator;
import sharpsweep.kernel.linear.LayerConditions;
import sharpsweep.kernel.linear.LinearNetwork;
import sharpsweep.kernel.linear.MeanHessian;
import sharpsweep.kernel.linear.MinibatchSampler;
import sharpsweep.kernel.linear.PopulationLoss;
import sharpsweep.kernel.linear.PopulationMeasures;
import sharpsweep.kernel.linear.SgdStepper;
import sharpsweep.kernel.linear.Snapshot;
import sharpsweep.kernel.random.Xoshiro256;
import sharpsweep.kernel.spec.ConvergenceSettings;
import sharpsweep.kernel.spec.ModelSpec;
import sharpsweep.kernel.spec.TaskResult;
import sharpsweep.kernel.spec.TaskSpec;
import sharpsweep.kernel.theory.Prediction;
import sharpsweep.kernel.theory.RelaxationTime;
import sharpsweep.kernel.theory.StartingPoints;
import sharpsweep.kernel.theory.Theory;

/**
 * The deep linear network's part of a run (docs/DESIGN.md §1–3): exact population measurements, the
 * closed-form theory and the relaxation time τ = b/(η²ρ) ({@link RelaxationTime}), from which a zero window or
 * burn-in is derived. Its equilibrium tests (§7): {@code loss_gap}, the window's mean loss gap at most
 * {@code loss_tol} × ½Tr(VΣ_xVᵀ), and {@code residual}, the balance residual of the window-mean terms at most
 * {@link ConvergenceSettings#residualTolerance}. The window's λ_max is the top eigenvalue of the Hessian
 * averaged over the window's λ samples ({@link MeanHessian}).
 * Streams of the seed: 0 initialises (random starts), 1 samples; a minimum start (flat, selected, sharp) comes
 * from the theory ({@link StartingPoints}).
 */
final class LinearKernel implements ModelRun {
    private final LinearNetwork net;
    private final SgdStepper stepper;
    private final PopulationMeasures measures;
    private final HessianOperator hessian;
    private final DMatrixRMaj inputFactor;
    private final ConvergenceSettings settings;
    private final MeanHessian meanHessian;
    /** The last windows' mean-Hessian top eigenvalues, as many as the windows T averages. */
    private final WindowStats windowTops;
    private final BalanceWindow balance;
    private final double residualTolerance;
    private final double tau;
    private final double signal;
    private final Prediction theory;
    private final List<String> notes;
    /** The last trajectory point's top eigenvector of the Hessian: the next Lanczos run starts from it (null: cold). */
    private double[] top;

    LinearKernel(TaskSpec spec, ModelSpec.Linear model) {
        int[] sizes = Theory.sizes(model.depth(), spec.width(), spec.dx(), spec.dy());
        net = new LinearNetwork(sizes);
        if (spec.init().isMinimum()) {
            net.setWeights(StartingPoints.of(spec.init(), model.depth(), spec.width(), spec.sigmaX(), spec.sigmaEps(),
                    model.teacher()));
        } else {
            net.initialise(spec.init(), new Xoshiro256(spec.seed(), 0));
        }
        MinibatchSampler sampler = new MinibatchSampler(model.sampler(), spec.batchSize(), spec.sigmaX(),
                spec.sigmaEps(), new Xoshiro256(spec.seed(), 1));
        stepper = new SgdStepper(net, sampler, model.teacher(), spec.learningRate());
        measures = new PopulationMeasures(sizes, spec.sigmaX(), spec.sigmaEps(), model.teacher());
        hessian = new HessianOperator(net, spec.sigmaX(), model.teacher());
        inputFactor = new LowerFactor(spec.sigmaX()).matrix();
        balance = new BalanceWindow(measures);
        RelaxationTime.Rate rate = RelaxationTime.rate(model.depth(), spec.sigmaX(), spec.sigmaEps(), model.teacher());
        tau = rate.steps(spec.learningRate(), spec.batchSize());
        settings = spec.convergence().resolve(tau);
        meanHessian = new MeanHessian(sizes, spec.sigmaX(), model.teacher(), hessianSamples(net.parameterCount()));
        windowTops = new WindowStats(settings.stableWindows() + 1);
        DMatrixRMaj vs = new DMatrixRMaj(spec.dy(), spec.dx());
        CommonOps_DDRM.mult(model.teacher(), spec.sigmaX(), vs);
        double s = 0.5 * PopulationLoss.frobeniusInner(vs, model.teacher());
        signal = s > 0 ? s : 0.5 * CommonOps_DDRM.trace(spec.sigmaEps());
        Prediction p = Theory.predict(model.depth(), spec.sigmaX(), spec.sigmaEps(), model.teacher());
        List<String> said = new java.util.ArrayList<>();
        if (spec.width() < p.rank()) {
            said.add("width " + spec.width() + " < rank V' = " + p.rank()
                    + ": the theory does not apply, theory columns left empty, no residual test");
            p = new Prediction(Double.NaN, Double.NaN, Double.NaN, p.rank());
        }
        if (!rate.exact() && Double.isFinite(tau)) {
            said.add("relaxation time: the shortcut b/(2η²λ_min(Σ_ε)TrΣ_x), the exact linearisation being too large, "
                    + "not computable or without a hidden layer");
        }
        notes = List.copyOf(said);
        theory = p;
        residualTolerance = spec.convergence().residualTolerance(spec.learningRate(), p.lambdaMaxPred());
    }

    @Override
    public ConvergenceSettings settings() {
        return settings;
    }

    @Override
    public List<String> notes() {
        return notes;
    }

    @Override
    public double signal() {
        return signal;
    }

    /** Every measurement counts: the closed forms are cheap. */
    @Override
    public boolean measuresWindowAt(long step) {
        return true;
    }

    /** A trajectory point: with λ_max and the balance residual of this snapshot alone. */
    @Override
    public Measurement measure(boolean withLambda) {
        Snapshot s = measures.measure(net);
        double lambda = withLambda && s.isFinite() ? topEigenvalue() : Double.NaN;
        double residual = s.isFinite() ? BalanceResidual.of(measures.balanceTerms(net)) : Double.NaN;
        // As in the nonlinear kernel: a λ asked for and not finite (Lanczos overflowed) is a non-finite measurement.
        return new Measurement(s.traceHessian(), Double.NaN, lambda, Double.NaN, s.lossGap(), s.gradFluctuation(),
                residual, s.isFinite() && (!withLambda || Double.isFinite(lambda)));
    }

    /**
     * The window's Hessian samples: every measurement of a window (the top eigenvalue's fluctuation bias falls
     * as 1/√samples: 11 % per snapshot, 1.6 % with 50, isotropic quickstart), within 32 MB of weight copies.
     */
    private int hessianSamples(int parameters) {
        int affordable = (int) Math.min(Integer.MAX_VALUE, (4L << 20) / parameters);
        return Math.max(Window.LAMBDA_SAMPLES, Math.min(settings.measurementsPerWindow(), affordable));
    }

    /** The closed forms, the balance terms into the window's sums, and θ into the mean Hessian's samples. */
    @Override
    public Measurement measureWindow(boolean sample, Measurement logged) {
        Snapshot s = measures.measure(net, balance.sums());
        if (s.isFinite()) {
            meanHessian.add(net);
        }
        return new Measurement(s.traceHessian(), Double.NaN, Double.NaN, Double.NaN, s.lossGap(),
                s.gradFluctuation(), Double.NaN, s.isFinite());
    }

    @Override
    public boolean lambdaPerSnapshot() {
        return false;
    }

    /**
     * Closes the balance window and, for a window the row may average, the window's λ_max: the top eigenvalue of
     * its own mean Hessian. The row's λ_max is the mean of these over the windows T averages (one window's mean
     * Hessian gave a row whose λ_max scattered ~8× more than its T: one window of ~τ against 4–64).
     */
    @Override
    public void closeWindow(boolean averaged) {
        balance.close();
        if (averaged && meanHessian.size() > 0) {
            Lanczos.Ritz r = Lanczos.largest(meanHessian, Lanczos.DEFAULT_MAX_ITERATIONS, Lanczos.DEFAULT_TOLERANCE,
                    top);
            windowTops.add(r.value());
        }
        meanHessian.clear();
    }

    @Override
    public boolean step() {
        return stepper.step();
    }

    @Override
    public String nonFiniteStepNote(long step) {
        return "non-finite gradient at step " + step;
    }

    /** Without a theory (width below rank V′) there is no selected minimum to balance towards: no residual test. */
    @Override
    public List<String> failedTests(Window window) {
        List<String> failed = new java.util.ArrayList<>(2);
        if (!(window.gap.mean() <= settings.lossTol() * signal)) {
            failed.add("loss_gap");
        }
        if (Double.isFinite(residualTolerance) && !(balance.residual() <= residualTolerance)) {
            failed.add("residual");
        }
        return failed;
    }

    @Override
    public double relaxationSteps() {
        return tau;
    }

    @Override
    public void finish(TaskResult.Builder result, boolean diverged) {
        if (!diverged) {
            result.lambdaMax(windowMeanTop(), Double.NaN).lambdaMaxGaussNewton(gaussNewtonTop())
                    .equilibriumResidual(balance.residual());
        }
        result.layerCondition(LayerConditions.of(net))
                .theory(theory.tracePred(), theory.traceMin(), theory.lambdaMaxPred());
    }

    /**
     * The mean of the last windows' mean-Hessian top eigenvalues (as many as T averages); before any such window
     * closed (a run shorter than its burn-in), the top of the current window's samples so far, or of θ now.
     */
    private double windowMeanTop() {
        if (windowTops.size() > 0) {
            return windowTops.mean();
        }
        if (meanHessian.size() == 0) {
            meanHessian.add(net);
        }
        // Warm from the last trajectory point's top vector: the window-mean Hessian is close to it.
        return Lanczos.largest(meanHessian, Lanczos.DEFAULT_MAX_ITERATIONS, Lanczos.DEFAULT_TOLERANCE, top).value();
    }

    private double topEigenvalue() {
        hessian.update();
        Lanczos.Ritz r = Lanczos.largest(hessian, Lanczos.DEFAULT_MAX_ITERATIONS, Lanczos.DEFAULT_TOLERANCE, top);
        top = r.vector();
        return r.value();
    }

    private double gaussNewtonTop() {
        net.updateForward();
        net.updateBackward();
        return Lanczos.largestEigenvalue(new GaussNewtonOperator(net, inputFactor));
    }
}
