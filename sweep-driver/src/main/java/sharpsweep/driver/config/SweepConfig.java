package sharpsweep.driver.config;

import java.io.Serializable;
import java.util.List;
import sharpsweep.kernel.spec.ConvergenceSettings;
import sharpsweep.kernel.spec.Loss;
import sharpsweep.kernel.spec.Sampler;

/**
 * A parsed, checked sweep config (conf/*.yaml; docs/CONFIG.md lists every key). Axis lists are never empty.
 *
 * @param budgetRelaxationTimes n of {@code budget_relaxation_times} (each linear task's budget ⌈n·τ⌉, capped by
 *                             max_steps), or null
 * @param zip                  groups of axes that move together (equal lengths), by key name
 * @param convergenceCanonical canonical text of the convergence settings, part of task identity
 * @param maxPoints            grid size above which {@code run} needs {@code --force}
 */
public record SweepConfig(String sweep, int dx, int dy, Axes axes, int replicates, long maxSteps,
                          ConvergenceSettings convergence, String convergenceCanonical, int trajectoryLength,
                          Sampler sampler, List<List<String>> zip, long maxPoints, String source,
                          Scalar budgetRelaxationTimes) implements Serializable {
    private static final long serialVersionUID = 3L;

    /**
     * The grid's axes, each a non-empty list of values.
     *
     * @param learningRateRelative whether {@code learningRate} holds c of {@code learning_rate_relative}
     *                             (η = c / λ*_max of each point) rather than η itself
     */
    public record Axes(List<ModelChoice> model, List<Integer> depth, List<Integer> width, List<Integer> batchSize,
                       List<Scalar> learningRate, boolean learningRateRelative, List<InitChoice> init,
                       List<MatrixSpec> input, List<TeacherSpec> teacher, List<MatrixSpec> noise, List<Loss> loss)
            implements Serializable {
        private static final long serialVersionUID = 3L;

        /** The number of values of the axis named {@code axis} (one of {@link #AXES}). */
        public int length(String axis) {
            return switch (axis) {
                case "model" -> model.size();
                case "depth" -> depth.size();
                case "width" -> width.size();
                case "batch_size" -> batchSize.size();
                case "learning_rate" -> learningRate.size();
                case "noise" -> noise.size();
                case "input" -> input.size();
                case "teacher" -> teacher.size();
                case "init" -> init.size();
                case "loss" -> loss.size();
                default -> throw new IllegalArgumentException(axis);
            };
        }
    }

    /** The grid axes in their config order; zip groups refer to these names. loss varies fastest (added last). */
    public static final List<String> AXES = List.of("model", "depth", "width", "batch_size", "learning_rate", "noise",
            "input", "teacher", "init", "loss");

    /**
     * The same sweep with {@code factor} times the replicates ({@code --scale}): replicates keep
     * their indices, so a scaled-up run reuses every task of the smaller one and adds the rest.
     */
    public SweepConfig scaled(int factor) {
        if (factor < 1 || (long) replicates * factor > 1_000_000) {
            throw new ConfigException("--scale " + factor + ": must be >= 1 and keep replicates x scale <= 1000000"
                    + " (replicates = " + replicates + ")");
        }
        return new SweepConfig(sweep, dx, dy, axes, replicates * factor, maxSteps, convergence, convergenceCanonical,
                trajectoryLength, sampler, zip, maxPoints, source, budgetRelaxationTimes);
    }

    public int axisLength(String axis) {
        return axes.length(axis);
    }

    public List<ModelChoice> model() {
        return axes.model();
    }

    public List<Integer> depth() {
        return axes.depth();
    }

    public List<Integer> width() {
        return axes.width();
    }

    public List<Integer> batchSize() {
        return axes.batchSize();
    }

    public List<Scalar> learningRate() {
        return axes.learningRate();
    }

    public List<InitChoice> init() {
        return axes.init();
    }

    public List<MatrixSpec> input() {
        return axes.input();
    }

    public List<TeacherSpec> teacher() {
        return axes.teacher();
    }

    public List<MatrixSpec> noise() {
        return axes.noise();
    }

    public List<Loss> loss() {
        return axes.loss();
    }
}
