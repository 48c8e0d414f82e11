package sharpsweep.kernel.sgd;

import java.util.List;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import sharpsweep.kernel.estimate.Lanczos;
import sharpsweep.kernel.linalg.LowerFactor;
import sharpsweep.kernel.linear.GaussNewtonOperator;
import sharpsweep.kernel.linear.HessianOperator;
import sharpsweep.kernel.linear.LayerConditions;
import sharpsweep.kernel.linear.LinearNetwork;
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
import sharpsweep.kernel.theory.StartingPoints;
import sharpsweep.kernel.theory.Theory;

/**
 * The deep linear network's part of a run (docs/DESIGN.md §1–3): exact population measurements, the
 * closed-form theory and the relaxation time τ = b / (2η²λ_min(Σ_ε)TrΣ_x), from which a zero window or
 * burn-in is derived. Beyond a stable T, the run is at equilibrium when the window's mean loss gap is at most
 * {@code loss_tol} × ½Tr(VΣ_xVᵀ) and its mean equilibrium residual at most {@code residual_tol}.
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
    private final double tau;
    private final double signal;
    private final Prediction theory;
    private final List<String> notes;

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
        tau = Theory.relaxationSteps(spec.learningRate(), spec.batchSize(), spec.sigmaEps(), spec.sigmaX());
        settings = spec.convergence().resolve(tau);
        DMatrixRMaj vs = new DMatrixRMaj(spec.dy(), spec.dx());
        CommonOps_DDRM.mult(model.teacher(), spec.sigmaX(), vs);
        double s = 0.5 * PopulationLoss.frobeniusInner(vs, model.teacher());
        signal = s > 0 ? s : 0.5 * CommonOps_DDRM.trace(spec.sigmaEps());
        Prediction p = Theory.predict(model.depth(), spec.sigmaX(), spec.sigmaEps(), model.teacher());
        if (spec.width() < p.rank()) {
            notes = List.of("width " + spec.width() + " < rank V' = " + p.rank()
                    + ": the theory does not apply, theory columns left empty");
            p = new Prediction(Double.NaN, Double.NaN, Double.NaN, p.rank());
        } else {
            notes = List.of();
        }
        theory = p;
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

    @Override
    public Measurement measure(boolean withLambda) {
        Snapshot s = measures.measure(net);
        double lambda = withLambda && s.isFinite() ? topEigenvalue() : Double.NaN;
        return new Measurement(s.traceHessian(), Double.NaN, lambda, Double.NaN, s.lossGap(), s.gradFluctuation(),
                s.equilibriumResidual(), s.isFinite());
    }

    @Override
    public boolean step() {
        return stepper.step();
    }

    @Override
    public String nonFiniteStepNote(long step) {
        return "non-finite gradient at step " + step;
    }

    @Override
    public boolean equilibriumHolds(Window window) {
        return window.gap.mean() <= settings.lossTol() * signal
                && window.residual.mean() <= settings.residualTol();
    }

    @Override
    public void finish(TaskResult.Builder result, boolean diverged) {
        if (!diverged) {
            result.lambdaMaxGaussNewton(gaussNewtonTop());
        }
        result.layerCondition(LayerConditions.of(net))
                .theory(theory.tracePred(), theory.traceMin(), theory.lambdaMaxPred())
                .relaxationSteps(tau);
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
}
