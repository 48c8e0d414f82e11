package sharpsweep.kernel.sgd;

import sharpsweep.kernel.spec.ConvergenceSettings;
import sharpsweep.kernel.spec.TaskResult;

/**
 * What the one SGD loop ({@link Kernel}) needs from a model: its step, its measurement and its own
 * convergence tests. Sealed: the kernels are {@link LinearKernel} and {@link NonlinearKernel}.
 */
sealed interface ModelRun permits LinearKernel, NonlinearKernel {

    /** The convergence settings with window and burn-in resolved for this task. */
    ConvergenceSettings settings();

    /** What the model has to say before the run starts (e.g. that the theory does not apply); usually none. */
    java.util.List<String> notes();

    /** The divergence reference: the loss gap of the zero network (or the noise's, when that is zero). */
    double signal();

    /** Whether the window statistics take a measurement at this step (one on the measurement cadence). */
    boolean measuresWindowAt(long step);

    /** The sharpness at the current θ; λ_max only when asked. */
    Measurement measure(boolean withLambda);

    /** One SGD step; false when it produced a non-finite value (the run has diverged). */
    boolean step();

    /** The note for a step that returned false. */
    String nonFiniteStepNote(long step);

    /** This model's tests beyond the stability of T, over the last window. */
    boolean equilibriumHolds(Window window);

    /** Adds what only this model reports (theory, final-θ quantities) to a result being built. */
    void finish(TaskResult.Builder result, boolean diverged);
}
