package sharpsweep.kernel.spec;

/**
 * The convergence rule's knobs. The run is measured every {@code window / measurementsPerWindow}
 * steps; after {@code burnIn} steps, at the end of every window of {@code window} steps, the run is
 * CONVERGED when, over the last {@code window} steps,
 * <ul>
 *   <li>the mean loss gap is at most {@code lossTol} × ½Tr(VΣ_xVᵀ) (the gap at P = 0),</li>
 *   <li>the mean equilibrium residual is at most {@code residualTol} (a coarse check that the run sits
 *       at the noise equilibrium rather than at the minimum gradient descent alone would keep: the
 *       window mean has a floor of order √(η/b) from SGD's own fluctuations, ~0.06 at η·λ*_max = 0.05,
 *       b = 10), and</li>
 *   <li>the window mean of T moved by at most {@code traceTol} (relative) at each of the last
 *       {@code stableWindows} window ends.</li>
 * </ul>
 * A loss gap above {@code divergeFactor} × max(initial gap, signal) or a non-finite value is
 * DIVERGED. Zero {@code burnIn} or {@code window} means "derive from the relaxation time
 * τ = b / (2η²λ_min(Σ_ε)TrΣ_x)": window = clamp(τ, 1000, 10⁷), burn-in = 4τ. With these defaults a
 * run stops no earlier than ~8τ, when e^{-8} of the slow drift is left; tighter trace tolerances only
 * chase the window means' own noise.
 */
public record ConvergenceSettings(long burnIn, long window, int measurementsPerWindow, int stableWindows,
                                  double traceTol, double lossTol, double residualTol,
                                  double divergeFactor) implements java.io.Serializable {

    public static final long MIN_WINDOW = 1_000;
    public static final long MAX_WINDOW = 10_000_000;

    /** Defaults: windows and burn-in from τ, 50 measurements a window, 3 stable windows. */
    public static ConvergenceSettings defaults() {
        return new ConvergenceSettings(0, 0, 50, 3, 0.005, 0.05, 0.25, 1e6);
    }

    /** These settings with window and burn-in filled in from the relaxation time {@code tau}. */
    public ConvergenceSettings resolve(double tau) {
        long w = window > 0 ? window
                : Math.min(MAX_WINDOW, Math.max(MIN_WINDOW, Math.round(tau)));
        long b = burnIn > 0 ? burnIn : Math.min(Long.MAX_VALUE / 4, Math.round(4 * tau));
        return new ConvergenceSettings(b, w, measurementsPerWindow, stableWindows, traceTol, lossTol,
                residualTol, divergeFactor);
    }

    /**
     * These settings for a model without a relaxation time (the nonlinear networks): a zero window means
     * max_steps / 10 and a zero burn-in max_steps / 2, so the statistics come from the second half of the
     * budget.
     */
    public ConvergenceSettings resolveForBudget(long maxSteps) {
        long w = window > 0 ? window : Math.max(1, maxSteps / 10);
        long b = burnIn > 0 ? burnIn : maxSteps / 2;
        return new ConvergenceSettings(b, w, measurementsPerWindow, stableWindows, traceTol, lossTol,
                residualTol, divergeFactor);
    }

    /** Steps between two measurements. */
    public long measureEvery() {
        return Math.max(1, window / measurementsPerWindow);
    }
}
