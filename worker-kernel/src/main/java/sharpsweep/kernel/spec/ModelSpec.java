package sharpsweep.kernel.spec;

import java.io.Serializable;
import java.util.function.Function;
import org.ejml.data.DMatrixRMaj;

/**
 * Which network a task trains (config key {@code model}) with the parameters only that network has
 * (docs/DESIGN.md §1). The student's hidden width is the task's {@code width} for every model.
 *
 * <p>Sealed, and handled by case through {@link #match} and {@link Nonlinear#match}, which take one function
 * per model (Java 17 has no pattern switch): adding a model adds a parameter, so the compiler lists every
 * place that must handle it.
 */
public sealed interface ModelSpec extends Serializable {

    int DEFAULT_TEACHER_WIDTH = 100;
    int DEFAULT_EVAL_SIZE = 1000;
    int DEFAULT_PROBES = 100;

    /** The config spelling: linear, mlp, rnn or transformer. */
    String label();

    /** The linear network's case or the nonlinear networks' one, applied to this model. */
    <R> R match(Function<Linear, R> linear, Function<Nonlinear, R> network);

    /**
     * The deep linear network f = W_D ⋯ W_1 x on y = Vx + ε, measured exactly, with the closed-form theory.
     *
     * @param depth   D, the number of weight matrices (≥ 2)
     * @param teacher V, d_y × d_x (read, never modified)
     * @param sampler how a step draws its minibatch moments
     */
    record Linear(int depth, DMatrixRMaj teacher, Sampler sampler) implements ModelSpec {
        private static final long serialVersionUID = 1L;

        @Override
        public String label() {
            return "linear";
        }

        @Override
        public <R> R match(Function<Linear, R> linear, Function<Nonlinear, R> network) {
            return linear.apply(this);
        }
    }

    /**
     * A nonlinear teacher–student network: y = teacher(x) + ε with the teacher the same architecture at
     * {@code teacherWidth}, Kaiming from stream 0 of {@code teacherSeed}; the sharpness is estimated on a
     * fixed evaluation set of {@code evalSize} inputs, the trace with {@code probes} Hutchinson probes (exact
     * when the parameter count is at most {@code probes}).
     */
    sealed interface Nonlinear extends ModelSpec {
        /** This network's case, applied to it. */
        <R> R match(Function<Mlp, R> mlp, Function<Rnn, R> rnn, Function<Transformer, R> transformer);

        @Override
        default <R> R match(Function<Linear, R> linear, Function<Nonlinear, R> network) {
            return network.apply(this);
        }

        int teacherWidth();

        long teacherSeed();

        int evalSize();

        int probes();
    }

    /** f = W₂ relu(W₁x). */
    record Mlp(int teacherWidth, long teacherSeed, int evalSize, int probes) implements Nonlinear {
        private static final long serialVersionUID = 1L;

        @Override
        public String label() {
            return "mlp";
        }

        @Override
        public <R> R match(Function<Mlp, R> mlp, Function<Rnn, R> rnn, Function<Transformer, R> transformer) {
            return mlp.apply(this);
        }
    }

    /** An Elman network over {@code sequenceLength} tokens, read at the last step. */
    record Rnn(int teacherWidth, long teacherSeed, int evalSize, int probes, int sequenceLength,
               Activation activation) implements Nonlinear {
        private static final long serialVersionUID = 1L;

        @Override
        public String label() {
            return "rnn";
        }

        @Override
        public <R> R match(Function<Mlp, R> mlp, Function<Rnn, R> rnn, Function<Transformer, R> transformer) {
            return rnn.apply(this);
        }
    }

    /** {@code heads}-head self-attention then a ReLU MLP, residual connections, read at the last of {@code sequenceLength} tokens. */
    record Transformer(int teacherWidth, long teacherSeed, int evalSize, int probes, int sequenceLength, int heads)
            implements Nonlinear {
        private static final long serialVersionUID = 1L;

        @Override
        public String label() {
            return "transformer";
        }

        @Override
        public <R> R match(Function<Mlp, R> mlp, Function<Rnn, R> rnn, Function<Transformer, R> transformer) {
            return transformer.apply(this);
        }
    }

    /** The RNN's nonlinearity. */
    enum Activation {
        TANH, RELU;

        /** The config spelling. */
        public String label() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }
}
