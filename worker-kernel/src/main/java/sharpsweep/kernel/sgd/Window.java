package sharpsweep.kernel.sgd;

/**
 * The window statistics of a run: the last window's measurements of each quantity, and of T those of the last
 * {@code stable_windows} + 1 windows (the span the stability test judges: a row's T averages all of it, the
 * slow direction fluctuating over about one window).
 */
final class Window {
    /** λ_max (a Lanczos run) is sampled at this many measurements of a window. */
    static final int LAMBDA_SAMPLES = 8;

    final WindowStats trace;
    private boolean closedForm; // a measurement without estimator error (NaN): the linear kernel's exact T
    private final int traceWindows;
    final WindowStats gap;
    final WindowStats fluctuation;
    final WindowStats lambda;
    final WindowStats lambdaBound;

    Window(int measurements, int traceWindows) {
        this.traceWindows = traceWindows;
        trace = new WindowStats(measurements * traceWindows);
        gap = new WindowStats(measurements);
        fluctuation = new WindowStats(measurements);
        lambda = new WindowStats(Math.min(measurements, LAMBDA_SAMPLES));
        lambdaBound = new WindowStats(Math.min(measurements, LAMBDA_SAMPLES));
    }

    void add(Measurement m, boolean withLambda) {
        trace.add(m.trace());
        closedForm |= Double.isNaN(m.traceStderr());
        gap.add(m.lossGap());
        fluctuation.add(m.gradFluctuation());
        if (withLambda && m.hasLambda()) {
            addLambda(m);
        }
    }

    void addLambda(Measurement m) {
        lambda.add(m.lambdaMax());
        lambdaBound.add(m.lambdaBound());
    }

    /**
     * The standard error of the row's T, the mean over the last {@code stable_windows} + 1 windows, by batch means:
     * the spread of the windows' own means over √(number of windows). Each measurement's estimator errors (fresh
     * evaluation set and probes) are independent, and a window is long against θ's correlation in the
     * windows' nonlinear runs (a tenth of the budget), so the window means hold every error of the row: θ's
     * fluctuation, the evaluation set's sampling and the probes'. NaN for a closed form (the measurements
     * carry no estimator error) and with fewer than two full windows.
     */
    double traceStderr() {
        if (closedForm) {
            return Double.NaN;
        }
        double[] means = trace.batchMeans(traceWindows);
        if (means.length < 2) {
            return Double.NaN;
        }
        double m = 0;
        for (double x : means) {
            m += x;
        }
        m /= means.length;
        double ss = 0;
        for (double x : means) {
            ss += (x - m) * (x - m);
        }
        return Math.sqrt(ss / (means.length - 1) / means.length);
    }
}
