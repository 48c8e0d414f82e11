package sharpsweep.kernel.sgd;

import java.util.TreeSet;

/** Steps at which the trajectory is sampled: 0, then log-spaced up to the budget, at most n in all. */
final class LogSchedule {
    private LogSchedule() {
    }

    static long[] of(long maxSteps, int n) {
        TreeSet<Long> steps = new TreeSet<>();
        if (n >= 1) {
            steps.add(0L);
        }
        if (n >= 2) {
            double logMax = StrictMath.log(maxSteps);
            for (int i = 0; i < n - 1; i++) {
                double t = n == 2 ? 1.0 : (double) i / (n - 2);
                steps.add(Math.min(maxSteps, Math.round(StrictMath.exp(t * logMax))));
            }
        }
        return steps.stream().mapToLong(Long::longValue).toArray();
    }
}
