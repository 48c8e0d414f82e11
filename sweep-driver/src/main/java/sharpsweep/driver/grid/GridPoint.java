package sharpsweep.driver.grid;

import java.io.Serializable;
import java.util.Map;
import java.util.TreeMap;
import org.ejml.data.DMatrixRMaj;
import sharpsweep.driver.config.Canonical;
import sharpsweep.driver.config.InitChoice;
import sharpsweep.driver.config.MatrixSpec;
import sharpsweep.driver.config.ModelChoice;
import sharpsweep.driver.config.Scalar;
import sharpsweep.driver.config.TeacherSpec;
import sharpsweep.kernel.spec.ConvergenceSettings;
import sharpsweep.kernel.spec.Loss;
import sharpsweep.kernel.spec.ModelSpec;
import sharpsweep.kernel.spec.Sampler;
import sharpsweep.kernel.spec.TaskSpec;

/**
 * One point of the grid: every parameter of a kernel run but the seed. Light: the noise, input and
 * teacher are their definitions, resolved to matrices only where the task runs.
 *
 * @param learningRate          η, or c when {@code learningRateRelative} (η = c / λ*_max: {@link #eta})
 * @param maxSteps              the budget, or its cap when {@code budgetRelaxationTimes} is set ({@link #budget})
 * @param budgetRelaxationTimes n: the budget is ⌈n·τ⌉ steps capped by {@code maxSteps}; null for none
 * @param loss                  the training loss; a squared-error point's key is as before the loss axis existed
 */
public record GridPoint(int dx, int dy, int depth, int width, int batchSize, Scalar learningRate,
                        boolean learningRateRelative, InitChoice init, MatrixSpec noise, MatrixSpec input,
                        TeacherSpec teacher, long maxSteps, Scalar budgetRelaxationTimes,
                        ConvergenceSettings convergence, String convergenceCanonical, int trajectoryLength,
                        Sampler sampler, ModelChoice model, Loss loss) implements Serializable {
    private static final long serialVersionUID = 3L;

    /** Whether the linear theory applies: the linear network under squared error (docs/DESIGN.md §3). */
    public boolean hasTheory() {
        return model.isLinear() && loss == Loss.MSE;
    }

    /** The learning rate η of a run: as configured, or c / λ*_max of this (linear) point. */
    public double eta() {
        return learningRateRelative ? learningRate.value() / PointTheory.of(this).lambdaMaxPred() : learningRate.value();
    }

    /** c of learning_rate_relative; NaN when η was configured directly. */
    public double learningRateRelativeValue() {
        return learningRateRelative ? learningRate.value() : Double.NaN;
    }

    /** τ in steps at this point's η and b (linear; NaN for a nonlinear model): the kernel's own. */
    public double relaxationSteps() {
        return hasTheory() ? PointTheory.rate(this).steps(eta(), batchSize) : Double.NaN;
    }

    /**
     * The step budget of a task: with budget_relaxation_times n, ⌈n·τ⌉ — but never less than the verdict needs
     * plus one window ({@link ConvergenceSettings#stepsNeeded}: windows are at least 1,000 steps, which is more
     * than τ at small κ and large η) — capped by max_steps; else max_steps.
     */
    public long budget() {
        if (budgetRelaxationTimes == null) {
            return maxSteps;
        }
        double tau = relaxationSteps();
        double steps = Math.ceil(Math.max(budgetRelaxationTimes.value() * tau,
                convergence.stepsNeeded(tau) + convergence.resolve(tau).window()));
        return Double.isFinite(steps) ? (long) Math.max(1, Math.min(maxSteps, steps)) : maxSteps;
    }

    /**
     * The canonical key (docs/DESIGN.md §4): sorted keys, canonical numbers, the definitions as written. It
     * depends only on this point, never on the order of axes or on the other points of the grid. A
     * linear point's key is as before the model axis existed; a nonlinear point's names its model
     * and leaves out depth, teacher and sampler, which it does not use.
     */
    public String key() {
        Map<String, String> m = new TreeMap<>();
        boolean linear = model.isLinear();
        if (!linear) {
            m.put("model", model.canonical());
        } else if (model.noiseScale() != 1) {
            m.put("noise_scale", model.canonical());
        }
        m.put("batch_size", Integer.toString(batchSize));
        m.put("convergence", convergenceCanonical);
        m.put("d_x", Integer.toString(dx));
        m.put("d_y", Integer.toString(dy));
        if (linear) {
            m.put("depth", Integer.toString(depth));
        }
        m.put("init", Canonical.quote(init.label()));
        if (loss != Loss.MSE) {
            m.put("loss", Canonical.quote(loss.label()));
        }
        m.put("input", input.canonical());
        m.put(learningRateRelative ? "learning_rate_relative" : "learning_rate", learningRate.text());
        m.put("max_steps", Long.toString(maxSteps));
        if (budgetRelaxationTimes != null) {
            m.put("budget_relaxation_times", budgetRelaxationTimes.text());
        }
        m.put("noise", noise.canonical());
        if (linear) {
            m.put("sampler", Canonical.quote(sampler.name().toLowerCase()));
            m.put("teacher", teacher.canonical());
        }
        m.put("trajectory_length", Integer.toString(trajectoryLength));
        m.put("width", Integer.toString(width));
        StringBuilder sb = new StringBuilder("{");
        for (Map.Entry<String, String> e : m.entrySet()) {
            if (sb.length() > 1) {
                sb.append(',');
            }
            sb.append(Canonical.quote(e.getKey())).append(':').append(e.getValue());
        }
        return sb.append('}').toString();
    }

    public DMatrixRMaj sigmaX() {
        return input.resolve(dx);
    }

    /** Σ_ε, times the model's noise_scale. */
    public DMatrixRMaj sigmaEps() {
        DMatrixRMaj m = noise.resolve(dy);
        org.ejml.dense.row.CommonOps_DDRM.scale(model.noiseScale(), m);
        return m;
    }

    /** Eigenvalues of {@link #sigmaEps()}, largest first (the table's noise_spectrum). */
    public double[] noiseSpectrum() {
        double[] e = noise.eigenvalues(dy);
        for (int i = 0; i < e.length; i++) {
            e[i] *= model.noiseScale();
        }
        return e;
    }

    /** V, the linear model's teacher matrix (a nonlinear model's teacher is a network). */
    public DMatrixRMaj teacherMatrix() {
        return teacher.resolve(dy, dx);
    }

    /** The kernel's task spec for one replicate's seed. */
    public TaskSpec taskSpec(long seed) {
        ModelSpec spec = model.isLinear() ? model.spec(depth, teacherMatrix(), sampler) : model.network();
        return new TaskSpec(spec, width, batchSize, eta(), budget(), init.init(), sigmaX(), sigmaEps(),
                seed, convergence, trajectoryLength, loss);
    }
}
