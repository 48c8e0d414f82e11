package sharpsweep.kernel.nonlinear;

import sharpsweep.kernel.random.Xoshiro256;
import sharpsweep.kernel.spec.Init;
import sharpsweep.kernel.spec.Loss;
import sharpsweep.kernel.spec.ModelSpec;
import sharpsweep.kernel.spec.TaskSpec;

/**
 * The student and teacher networks a task trains and labels with, when it is measured by estimators rather
 * than the linear theory: every nonlinear model, and the linear network under cross-entropy.
 */
public final class Networks {
    private Networks() {
    }

    /** The student: the model at the task's width, with the task's loss. */
    public static Network student(TaskSpec spec) {
        return spec.model().match(
                linear -> new DeepLinear(spec.dx(), spec.width(), spec.dy(), linear.depth(), spec.loss()),
                network -> of(network, spec.width(), spec.dx(), spec.dy(), spec.loss()));
    }

    /** The teacher: the model at its teacher width; for the linear network, V itself (one matrix). */
    public static Network teacher(TaskSpec spec) {
        return spec.model().match(linear -> new DeepLinear(spec.dx(), 0, spec.dy(), 1, spec.loss()),
                network -> of(network, network.teacherWidth(), spec.dx(), spec.dy(), spec.loss()));
    }

    /**
     * The teacher's parameters: V's entries (row-major) for the linear network; for a nonlinear one always Kaiming
     * (the paper's) from stream 0 of {@code teacher_seed}, so the init axis changes only the student.
     */
    public static double[] teacherParameters(TaskSpec spec, Network teacher) {
        return spec.model().match(linear -> linear.teacher().data.clone(), network -> {
            double[] theta = new double[teacher.parameterCount()];
            teacher.initialise(theta, Init.kaiming(), new Xoshiro256(network.teacherSeed(), 0));
            return theta;
        });
    }

    /** The evaluation set's size: the model's {@code eval_size}, the default for the linear network. */
    public static int evalSize(TaskSpec spec) {
        return spec.model().match(linear -> ModelSpec.DEFAULT_EVAL_SIZE, ModelSpec.Nonlinear::evalSize);
    }

    /** Hutchinson probes a measurement: the model's {@code probes}, the default for the linear network. */
    public static int probes(TaskSpec spec) {
        return spec.model().match(linear -> ModelSpec.DEFAULT_PROBES, ModelSpec.Nonlinear::probes);
    }

    /** The model's network at hidden width {@code width}, squared error. */
    public static Network of(ModelSpec.Nonlinear model, int width, int dx, int dy) {
        return of(model, width, dx, dy, Loss.MSE);
    }

    /** The model's network at hidden width {@code width} with {@code loss}. */
    public static Network of(ModelSpec.Nonlinear model, int width, int dx, int dy, Loss loss) {
        return model.match(mlp -> new Mlp(dx, width, dy, loss),
                rnn -> new Rnn(dx, width, dy, rnn.sequenceLength(), rnn.activation(), loss),
                transformer -> new Transformer(dx, transformer.sequenceLength(), transformer.heads(), width, loss));
    }
}
