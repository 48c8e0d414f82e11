package sharpsweep.kernel.spec;

/**
 * The convergence rule's knobs (docs/DESIGN.md §7). The run is measured every {@code window /
 * measurementsPerWindow} steps; after {@code burnIn} steps, at the end of every window of {@code window} steps,
 * the run is CONVERGED when every equilibrium test holds:
 * <ul>
 *   <li>{@code trace_stability}: over the window means of T at the last {@code stableWindows} + 1 window ends
 *       after the burn-in, the fitted drift per window is within {@code traceTol} (relative), plus its own 99 %
 *       statistical uncertainty for a model with a relaxation time (sgd.TraceTrend);</li>
 *   <li>{@code loss_gap} (linear): the window's mean loss gap is at most {@code lossTol} × ½Tr(VΣ_xVᵀ) (the
 *       gap at P = 0);</li>
 *   <li>{@code residual} (linear): the balance residual of the window-mean terms is at most
 *       {@code residualTol} + {@link #RESIDUAL_PER_RATE} · η·λ*_max. Measured at SGD's stationary state
 *       (docs/RESULTS.md): commuting problems 0.02–0.15, growing ∝ η·λ*_max (the state sits off the
 *       selected minimum along the slow direction by O(η): 0.7·η·λ*_max); non-commuting D = 2 problems
 *       0.10–0.11 and one fully non-commuting D = 3 problem 0.27–0.31, both independent of η, b and the seed
 *       (an open finding: T is within 0.1 % of T* there). The default 0.15 + 1.0·η·λ*_max passes every
 *       measured floor but the last, which it flags; on the slow path from the flat minimum it fails until T
 *       is within ~7 % of T* (at η → 0; BalanceResidualTest), so a start far from equilibrium cannot pass it;</li>
 *   <li>{@code relaxation_times} (linear): the {@code stableWindows} + 1 windows a row's T averages all start
 *       at least {@code relaxationTimes} relaxation times τ into the run (default 7: e^{-7} ≈ 0.1 % of the
 *       start's displacement along the slow direction is left; measured: with 4τ, rows from the flattest and
 *       from a twice-sharper minimum still differed by ~2 % at D = 3, κ = 100).</li>
 * </ul>
 * A loss gap above {@code divergeFactor} × max(initial gap, signal) or a non-finite value is
 * DIVERGED. Zero {@code burnIn} or {@code window} means "derive from the relaxation time τ": window =
 * clamp(τ, 1000, 10⁷), burn-in = {@code relaxationTimes}·τ; only windows that start after the burn-in count,
 * so a run can stop no earlier than burn-in + ({@code stableWindows} + 1) windows (11τ by default).
 */
public record ConvergenceSettings(long burnIn, long window, int measurementsPerWindow, int stableWindows,
                                  double traceTol, double lossTol, double residualTol,
                                  double divergeFactor, double relaxationTimes) implements java.io.Serializable {

    /** The residual tolerance's growth with η·λ*_max: the measured stationary displacement 0.7, with margin. */
    public static final double RESIDUAL_PER_RATE = 1.0;

    public static final long MIN_WINDOW = 1_000;
    public static final long MAX_WINDOW = 10_000_000;

    /** Defaults: windows and burn-in from τ, 50 measurements a window, 3 stable windows, 7 relaxation times. */
    public static ConvergenceSettings defaults() {
        return new ConvergenceSettings(0, 0, 50, 3, 0.005, 0.05, 0.15, 1e6, 7);
    }

    /** These settings with window and burn-in filled in from the relaxation time {@code tau}. */
    public ConvergenceSettings resolve(double tau) {
        long w = window > 0 ? window
                : Math.min(MAX_WINDOW, Math.max(MIN_WINDOW, Math.round(tau)));
        long b = burnIn > 0 ? burnIn : Math.min(Long.MAX_VALUE / 4, Math.round(relaxationTimes * tau));
        return new ConvergenceSettings(b, w, measurementsPerWindow, stableWindows, traceTol, lossTol,
                residualTol, divergeFactor, relaxationTimes);
    }

    /** Steps a run needs before every equilibrium test can hold: burn-in plus the averaged windows. */
    public double stepsNeeded(double tau) {
        ConvergenceSettings r = resolve(tau);
        return Math.max(r.burnIn(), relaxationTimes * tau) + (stableWindows + 1.0) * r.window();
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
                residualTol, divergeFactor, relaxationTimes);
    }

    /** The residual test's tolerance at learning rate η on a problem whose λ*_max is {@code lambdaMaxPred}. */
    public double residualTolerance(double learningRate, double lambdaMaxPred) {
        return residualTol + RESIDUAL_PER_RATE * learningRate * lambdaMaxPred;
    }

    /** Steps between two measurements. */
    public long measureEvery() {
        return Math.max(1, window / measurementsPerWindow);
    }
}
