package sharpsweep.kernel.sgd;

/** The last {@code capacity} values of a measurement: a ring buffer with mean and standard deviation. */
final class WindowStats {
    private final double[] values;
    private int size;
    private int next;

    WindowStats(int capacity) {
        values = new double[capacity];
    }

    void add(double v) {
        values[next] = v;
        next = (next + 1) % values.length;
        size = Math.min(size + 1, values.length);
    }

    int size() {
        return size;
    }

    /** Mean of the held values (oldest first, so the sum is the same on every rerun); NaN when empty. */
    double mean() {
        if (size == 0) {
            return Double.NaN;
        }
        double s = 0;
        int start = (next - size + values.length) % values.length;
        for (int i = 0; i < size; i++) {
            s += values[(start + i) % values.length];
        }
        return s / size;
    }

    /** Sample standard deviation (n − 1); 0 for a single value, NaN when empty. */
    double std() {
        if (size < 2) {
            return size == 1 ? 0.0 : Double.NaN;
        }
        double m = mean();
        double s = 0;
        int start = (next - size + values.length) % values.length;
        for (int i = 0; i < size; i++) {
            double dv = values[(start + i) % values.length] - m;
            s += dv * dv;
        }
        return Math.sqrt(s / (size - 1));
    }

    /**
     * The means of {@code batches} consecutive equal runs of the held values, oldest first (the oldest
     * size mod batches values left out); empty when fewer values than batches.
     */
    double[] batchMeans(int batches) {
        int per = size / batches;
        if (per == 0) {
            return new double[0];
        }
        double[] means = new double[batches];
        int start = (next - per * batches + values.length) % values.length;
        for (int b = 0; b < batches; b++) {
            double s = 0;
            for (int i = 0; i < per; i++) {
                s += values[(start + b * per + i) % values.length];
            }
            means[b] = s / per;
        }
        return means;
    }
}
