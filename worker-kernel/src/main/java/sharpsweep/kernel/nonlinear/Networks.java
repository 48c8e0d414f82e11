package sharpsweep.kernel.nonlinear;

import sharpsweep.kernel.spec.ModelSpec;
import sharpsweep.kernel.spec.TaskSpec;

/** The student and teacher networks a nonlinear task names. */
public final class Networks {
    private Networks() {
    }

    public static Network student(TaskSpec spec) {
        return of(spec, spec.width());
    }

    public static Network teacher(TaskSpec spec) {
        return of(spec, spec.model().teacherWidth());
    }

    private static Network of(TaskSpec spec, int width) {
        ModelSpec m = spec.model();
        return switch (m.kind()) {
            case MLP -> new Mlp(spec.dx(), width, spec.dy());
            case RNN -> new Rnn(spec.dx(), width, spec.dy(), m.sequenceLength(),
                    "relu".equals(m.activation()) ? Rnn.Activation.RELU : Rnn.Activation.TANH);
            case TRANSFORMER -> new Transformer(spec.dx(), m.sequenceLength(), m.heads(), width);
            case LINEAR -> throw new IllegalArgumentException("the linear model is not a nonlinear network");
        };
    }
}
