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
    final WindowStats traceVariance;
    final WindowStats gap;
    final WindowStats fluctuation;
    final WindowStats lambda;
    final WindowStats lambdaBound;

    Window(int measurements, int traceWindows) {
        trace = new WindowStats(measurements * traceWindows);
        traceVariance = new WindowStats(measurements * traceWindows);
        gap = new WindowStats(measurements);
        fluctuation = new WindowStats(measurements);
        lambda = new WindowStats(Math.min(measurements, LAMBDA_SAMPLES));
        lambdaBound = new WindowStats(Math.min(measurements, LAMBDA_SAMPLES));
    }

    void add(Measurement m, boolean withLambda) {
        trace.add(m.trace());
        traceVariance.add(m.traceStderr() * m.traceStderr());
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

    /** The standard error of the window mean of T from the estimator's own errors (NaN for a closed form). */
    double traceStderr() {
        return Math.sqrt(traceVariance.mean() / traceVariance.size());
    }
}
