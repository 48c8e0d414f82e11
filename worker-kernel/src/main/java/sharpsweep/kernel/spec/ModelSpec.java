package sharpsweep.kernel.spec;

/**
 * Which network a task trains (config key {@code model}) and the parameters only that network has.
 * {@code linear} is the deep linear network of docs/DESIGN.md §1 (depth, teacher matrix, exact population
 * measures); the others are teacher–student nonlinear networks whose sharpness is estimated on a
 * fixed evaluation set (docs/DESIGN.md §2). The student's hidden width is the grid's {@code width}.
 *
 * @param teacherWidth   hidden width of the teacher network (MLP, RNN, transformer MLP)
 * @param teacherSeed    seeds the teacher's weights: the same teacher for every point that names it
 * @param sequenceLength tokens a sample (RNN, transformer)
 * @param activation     RNN nonlinearity, tanh or relu
 * @param heads          attention heads (transformer); d_x must be a multiple
 * @param evalSize       samples in the fixed evaluation set the sharpness is measured on
 * @param probes         Hutchinson probes for the trace; the trace is exact when the parameter count is at most this
 */
public record ModelSpec(Kind kind, int teacherWidth, long teacherSeed, int sequenceLength, String activation,
                        int heads, int evalSize, int probes) implements java.io.Serializable {

    public enum Kind {
        LINEAR, MLP, RNN, TRANSFORMER;

        /** The config spelling. */
        public String label() {
            return name().toLowerCase();
        }
    }

    public static final int DEFAULT_TEACHER_WIDTH = 100;
    public static final int DEFAULT_EVAL_SIZE = 1000;
    public static final int DEFAULT_PROBES = 100;

    public static ModelSpec linear() {
        return new ModelSpec(Kind.LINEAR, 0, 0, 0, null, 0, 0, 0);
    }

    public boolean isLinear() {
        return kind == Kind.LINEAR;
    }
}
