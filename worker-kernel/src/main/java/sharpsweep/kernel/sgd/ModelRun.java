package sharpsweep.kernel.sgd;

import java.util.List;
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
    List<String> notes();

    /** The divergence reference: the loss gap of the zero network (or the noise's, when that is zero). */
    double signal();

    /** Whether the window statistics take a measurement at this step (one on the measurement cadence). */
    boolean measuresWindowAt(long step);

    /** The sharpness at the current θ (a trajectory point's); λ_max only when asked. */
    Measurement measure(boolean withLambda);

    /**
     * A measurement of the window statistics at the current θ, {@code sample} at the measurements that also
     * sample λ_max; the model keeps what its own window quantities need. {@code logged} is this step's
     * trajectory measurement (with λ_max), or null: a model whose measurement is costly reuses it.
     */
    Measurement measureWindow(boolean sample, Measurement logged);

    /** The window's λ_max is the mean of per-snapshot values (true) or the model's own (set in {@link #finish}). */
    boolean lambdaPerSnapshot();

    /**
     * A window has ended: this step's measurement was its last. {@code averaged}: the window starts after the
     * burn-in, so it may be one of the windows the row averages.
     */
    void closeWindow(boolean averaged);

    /** One SGD step; false when it produced a non-finite value (the run has diverged). */
    boolean step();

    /** The note for a step that returned false. */
    String nonFiniteStepNote(long step);

    /**
     * The names of this model's equilibrium tests beyond the stability of T that fail over the last window
     * (docs/DESIGN.md §7), in a fixed order; empty when all hold.
     */
    List<String> failedTests(Window window);

    /** τ, the slow relaxation time in steps; NaN when the model has none. */
    double relaxationSteps();

    /** Adds what only this model reports (theory, final-θ quantities) to a result being built. */
    void finish(TaskResult.Builder result, boolean diverged);
}
