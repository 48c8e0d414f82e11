package sharpsweep.kernel.spec;

import org.ejml.data.DMatrixRMaj;
import sharpsweep.kernel.linalg.LowerFactor;

/**
 * Checks a task spec before any work. Field names are the config's: depth, width, batch_size,
 * learning_rate, max_steps, init, input (Σ_x), noise (Σ_ε), teacher (V), trajectory_length,
 * convergence.*.
 */
public final class SpecValidator {
    /** Asymmetry allowed relative to the largest entry: a few ulps of rounding from a config's arithmetic. */
    private static final double SYMMETRY_TOL = 1e-12;

    private SpecValidator() {
    }

    public static void validate(TaskSpec s) {
        if (s.model() == null) {
            throw new InvalidSpecException("model", "missing");
        }
        if (s.width() < 1) {
            throw new InvalidSpecException("width", s.width() + " must be >= 1");
        }
        if (s.batchSize() < 1) {
            throw new InvalidSpecException("batch_size", s.batchSize() + " must be >= 1");
        }
        if (!(s.learningRate() > 0) || !Double.isFinite(s.learningRate())) {
            throw new InvalidSpecException("learning_rate", s.learningRate() + " must be finite and > 0");
        }
        if (s.maxSteps() < 1) {
            throw new InvalidSpecException("max_steps", s.maxSteps() + " must be >= 1");
        }
        if (s.init() == null) {
            throw new InvalidSpecException("init", "missing");
        }
        if (s.init().scheme() == Init.Scheme.FIXED
                && (!(s.init().sigma() > 0) || !Double.isFinite(s.init().sigma()))) {
            throw new InvalidSpecException("init", s.init().sigma() + " must be finite and > 0");
        }
        if (s.init().scheme() == Init.Scheme.SHARP && (!(s.init().factor() > 1) || !Double.isFinite(s.init().factor()))) {
            throw new InvalidSpecException("init", "sharp: " + s.init().factor() + " must be finite and > 1");
        }
        if (s.loss() == null) {
            throw new InvalidSpecException("loss", "missing (mse or cross_entropy)");
        }
        if (s.init().isMinimum() && s.loss() != Loss.MSE) {
            throw new InvalidSpecException("init", s.init().label() + " is a minimum of the linear network's theory, "
                    + "which is squared error's: use xavier, kaiming or a number for loss " + s.loss().label());
        }
        if (s.loss() == Loss.CROSS_ENTROPY && s.dy() < 2) {
            throw new InvalidSpecException("loss", "cross_entropy needs d_y >= 2 (a softmax over one output is constant), "
                    + "got d_y " + s.dy());
        }
        if (s.init().isMinimum() && !(s.model() instanceof ModelSpec.Linear)) {
            throw new InvalidSpecException("init", s.init().label() + " is a minimum of the linear network's theory: "
                    + "use xavier, kaiming or a number for model " + s.model().label());
        }
        if (s.trajectoryLength() < 0 || s.trajectoryLength() > TaskSpec.MAX_TRAJECTORY_LENGTH) {
            throw new InvalidSpecException("trajectory_length",
                    s.trajectoryLength() + " must be in [0, " + TaskSpec.MAX_TRAJECTORY_LENGTH + "]");
        }
        validateConvergence(s.convergence());
        requireSpd("input", s.sigmaX());
        requireSpd("noise", s.sigmaEps());
        s.model().match(linear -> validateLinear(s, linear), network -> validateNetwork(s, network));
    }

    /** Returns nothing (null): a {@link ModelSpec#match} case. */
    private static Void validateLinear(TaskSpec s, ModelSpec.Linear m) {
        if (m.depth() < 2) {
            throw new InvalidSpecException("depth", m.depth() + " must be >= 2 (D counts weight matrices)");
        }
        if (m.sampler() == null) {
            throw new InvalidSpecException("sampler", "missing");
        }
        requireMatrix("teacher", m.teacher());
        if (m.teacher().numRows != s.dy() || m.teacher().numCols != s.dx()) {
            throw new InvalidSpecException("teacher", "is " + m.teacher().numRows + "x" + m.teacher().numCols
                    + " but must be d_y x d_x = " + s.dy() + "x" + s.dx()
                    + " (d_y from the noise matrix, d_x from the input matrix)");
        }
        if (m.sampler() == Sampler.STATISTICS && s.batchSize() < s.dx()) {
            throw new InvalidSpecException("sampler", "statistics needs batch_size >= d_x, got batch_size "
                    + s.batchSize() + " < d_x " + s.dx() + " (use samples or auto)");
        }
        return null;
    }

    /** Returns nothing (null): a {@link ModelSpec#match} case. */
    private static Void validateNetwork(TaskSpec s, ModelSpec.Nonlinear m) {
        String name = "model." + m.label();
        if (m.teacherWidth() < 1) {
            throw new InvalidSpecException(name + ".teacher_width", m.teacherWidth() + " must be >= 1");
        }
        if (m.evalSize() < 1) {
            throw new InvalidSpecException(name + ".eval_size", m.evalSize() + " must be >= 1");
        }
        if (m.probes() < 2) {
            throw new InvalidSpecException(name + ".probes", m.probes() + " must be >= 2 (a standard error needs two)");
        }
        return m.match(mlp -> null, rnn -> {
            requireSequence(name, rnn.sequenceLength());
            if (rnn.activation() == null) {
                throw new InvalidSpecException(name + ".activation", "missing (tanh or relu)");
            }
            return null;
        }, transformer -> {
            requireSequence(name, transformer.sequenceLength());
            if (s.dx() != s.dy()) {
                throw new InvalidSpecException(name, "needs d_x = d_y (its residual connections), got d_x " + s.dx()
                        + " and d_y " + s.dy());
            }
            if (transformer.heads() < 1 || s.dx() % transformer.heads() != 0) {
                throw new InvalidSpecException(name + ".heads", transformer.heads() + " must be >= 1 and divide d_x = "
                        + s.dx());
            }
            return null;
        });
    }

    private static void requireSequence(String name, int length) {
        if (length < 1) {
            throw new InvalidSpecException(name + ".sequence_length", length + " must be >= 1");
        }
    }

    private static void validateConvergence(ConvergenceSettings c) {
        if (c == null) {
            throw new InvalidSpecException("convergence", "missing");
        }
        if (c.burnIn() < 0) {
            throw new InvalidSpecException("convergence.burn_in", c.burnIn() + " must be >= 0 (0 = auto)");
        }
        if (c.window() < 0) {
            throw new InvalidSpecException("convergence.window", c.window() + " must be >= 0 (0 = auto)");
        }
        if (c.measurementsPerWindow() < 1) {
            throw new InvalidSpecException("convergence.measurements_per_window",
                    c.measurementsPerWindow() + " must be >= 1");
        }
        if (c.stableWindows() < 1) {
            throw new InvalidSpecException("convergence.stable_windows", c.stableWindows() + " must be >= 1");
        }
        requirePositive("convergence.trace_tol", c.traceTol());
        requirePositive("convergence.loss_tol", c.lossTol());
        requirePositive("convergence.residual_tol", c.residualTol());
        requirePositive("convergence.diverge_factor", c.divergeFactor());
        if (!(c.relaxationTimes() >= 0) || !Double.isFinite(c.relaxationTimes())) {
            throw new InvalidSpecException("convergence.relaxation_times", c.relaxationTimes() + " must be finite and >= 0");
        }
    }

    private static void requirePositive(String field, double v) {
        if (!(v > 0) || !Double.isFinite(v)) {
            throw new InvalidSpecException(field, v + " must be finite and > 0");
        }
    }

    private static void requireMatrix(String field, DMatrixRMaj m) {
        if (m == null || m.numRows < 1 || m.numCols < 1) {
            throw new InvalidSpecException(field, "missing or empty matrix");
        }
        for (int i = 0; i < m.numRows; i++) {
            for (int j = 0; j < m.numCols; j++) {
                double v = m.get(i, j);
                if (!Double.isFinite(v)) {
                    throw new InvalidSpecException(field, "entry [" + i + "," + j + "] = " + v + " must be finite");
                }
            }
        }
    }

    /** Square, finite, symmetric to rounding, and Cholesky succeeds. */
    public static void requireSpd(String field, DMatrixRMaj m) {
        requireMatrix(field, m);
        if (m.numRows != m.numCols) {
            throw new InvalidSpecException(field, "is " + m.numRows + "x" + m.numCols + " but must be square");
        }
        double scale = 0;
        for (int i = 0; i < m.getNumElements(); i++) {
            scale = Math.max(scale, Math.abs(m.data[i]));
        }
        for (int i = 0; i < m.numRows; i++) {
            for (int j = i + 1; j < m.numCols; j++) {
                if (Math.abs(m.get(i, j) - m.get(j, i)) > SYMMETRY_TOL * scale) {
                    throw new InvalidSpecException(field, "is not symmetric: [" + i + "," + j + "] = " + m.get(i, j)
                            + " but [" + j + "," + i + "] = " + m.get(j, i));
                }
            }
        }
        DMatrixRMaj lower;
        try {
            lower = new LowerFactor(m).matrix();
        } catch (IllegalArgumentException e) {
            throw new InvalidSpecException(field, "is not positive definite (Cholesky factorisation failed)");
        }
        for (int i = 0; i < m.numRows; i++) {
            double pivot = lower.get(i, i);
            if (!(pivot > 0) || !Double.isFinite(pivot)) {
                throw new InvalidSpecException(field, "is not positive definite (Cholesky pivot " + i + " = " + pivot + ")");
            }
        }
    }
}
