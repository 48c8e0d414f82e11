package sharpsweep.kernel.sgd;

/**
 * The {@code trace_stability} test (docs/DESIGN.md §7): over the window means of T at the last
 * {@code stable_windows} + 1 window ends after the burn-in, the least-squares drift per window must be within
 * {@code trace_tol} (relative) plus its own 99 % statistical uncertainty, t₀.₉₉₅(n−2)·se. A run still relaxing
 * drifts steadily and fails; a stationary run whose window means scatter more than {@code trace_tol} (large
 * noise: the slow direction fluctuates over about τ, the window's own length) passes, as it should — when the
 * model has a relaxation time whose own test backs it. Models without one are judged by the plateau test instead
 * ({@link WindowHistory}) and never reach this one.
 */
final class TraceTrend {
    /** Two-sided 99 % Student-t quantiles for 1..10 degrees of freedom; 2.576 beyond. */
    private static final double[] T_995 = {63.657, 9.925, 5.841, 4.604, 4.032, 3.707, 3.499, 3.355, 3.250, 3.169};

    private final double[] means;
    private int size;
    private int next;

    TraceTrend(int stableWindows) {
        means = new double[stableWindows + 1];
    }

    /** A window mean of T at a window end after the burn-in. */
    void add(double mean) {
        means[next] = mean;
        next = (next + 1) % means.length;
        size = Math.min(size + 1, means.length);
    }

    /** Whether the drift over the held window means is within {@code traceTol} plus its uncertainty. */
    boolean stable(double traceTol) {
        if (size < means.length) {
            return false;
        }
        int n = size;
        double xMean = (n - 1) / 2.0;
        double yMean = 0;
        for (int i = 0; i < n; i++) {
            yMean += at(i);
        }
        yMean /= n;
        double sxx = 0;
        double sxy = 0;
        for (int i = 0; i < n; i++) {
            sxx += (i - xMean) * (i - xMean);
            sxy += (i - xMean) * (at(i) - yMean);
        }
        double slope = sxy / sxx;
        double allowed = traceTol * Math.abs(yMean);
        if (n > 2) {
            double ss = 0;
            for (int i = 0; i < n; i++) {
                double r = at(i) - yMean - slope * (i - xMean);
                ss += r * r;
            }
            double se = Math.sqrt(ss / (n - 2) / sxx);
            allowed += (n - 2 <= T_995.length ? T_995[n - 3] : 2.576) * se;
        }
        return Math.abs(slope) <= allowed;
    }

    /** The i-th held mean, oldest first. */
    private double at(int i) {
        return means[(next - size + i + 2 * means.length) % means.length];
    }
}
