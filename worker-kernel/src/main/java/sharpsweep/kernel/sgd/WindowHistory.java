package sharpsweep.kernel.sgd;

import java.util.Arrays;

/**
 * The mean of T and its standard error in every measured window of a run, for the {@code plateau} test of
 * models without a relaxation time (docs/DESIGN.md §7): T has plateaued at step s when the window mean ending at
 * s differs from the one ending at s/2 by less than the standard error of that difference (issue 16: "the window
 * mean of T changes by less than its standard error over the last doubling of steps"). A window's standard error
 * is the spread of its measurements / √n: each measurement has a fresh evaluation set and fresh probes, so the
 * estimators' errors are independent; SGD's own fluctuation is correlated between them, which makes this error
 * too small, and the test stricter, never looser.
 */
final class WindowHistory {
    private long[] ends = new long[16];
    private double[] means = new double[16];
    private double[] errors = new double[16];
    private int size;

    /** A window that ended at {@code end} with {@code count} measurements of sum and sum of squares given. */
    void add(long end, double sum, double sumSquares, int count) {
        if (size == ends.length) {
            ends = Arrays.copyOf(ends, 2 * size);
            means = Arrays.copyOf(means, 2 * size);
            errors = Arrays.copyOf(errors, 2 * size);
        }
        double mean = sum / count;
        // Sample variance; 0 for a single measurement (no error bar: only an exact repeat passes).
        double variance = count > 1 ? Math.max(0, (sumSquares - count * mean * mean) / (count - 1)) : 0;
        ends[size] = end;
        means[size] = mean;
        errors[size] = Math.sqrt(variance / count);
        size++;
    }

    /**
     * Whether the window ending at {@code step} and the latest window ending at or before step/2 (so the two span at
     * least a doubling of steps) have means closer than the standard error of their difference. False when either
     * is missing: measurement starts one window before the burn-in, so with the default burn-in (half the budget)
     * the test first sees back a whole doubling at the budget's end.
     */
    boolean plateaued(long step) {
        if (size < 2 || ends[size - 1] != step) {
            return false;
        }
        int earlier = -1;
        for (int i = 0; i < size - 1 && ends[i] <= step / 2; i++) {
            earlier = i;
        }
        if (earlier < 0) {
            return false;
        }
        double change = Math.abs(means[size - 1] - means[earlier]);
        double error = StrictMath.hypot(errors[size - 1], errors[earlier]);
        return change < error;
    }
}
