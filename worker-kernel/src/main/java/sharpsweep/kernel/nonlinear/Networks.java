package sharpsweep.kernel.nonlinear;

import sharpsweep.kernel.spec.ModelSpec;
import sharpsweep.kernel.spec.TaskSpec;

/** The student and teacher networks a nonlinear task names. */
public final class Networks {
    private Networks() {
    }

    /** The student: the model at the task's width. */
    public static Network student(TaskSpec spec, ModelSpec.Nonlinear model) {
        return of(model, spec.width(), spec.dx(), spec.dy());
    }

    /** The teacher: the model at its teacher width. */
    public static Network teacher(TaskSpec spec, ModelSpec.Nonlinear model) {
        return of(model, model.teacherWidth(), spec.dx(), spec.dy());
    }

    /** The model's network at hidden width {@code width}. */
    public static Network of(ModelSpec.Nonlinear model, int width, int dx, int dy) {
        return model.match(mlp -> new Mlp(dx, width, dy),
                rnn -> new Rnn(dx, width, dy, rnn.sequenceLength(), rnn.activation()),
                transformer -> new Transformer(dx, transformer.sequenceLength(), transformer.heads(), width));
    }
}
