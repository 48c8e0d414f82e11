package sharpsweep.driver.grid;

import java.util.ArrayList;
import java.util.List;
import sharpsweep.driver.config.ModelChoice;
import sharpsweep.driver.config.SweepConfig;
import sharpsweep.kernel.sgd.Kernel;

/**
 * Expands a config into grid points: the Cartesian product of the axes, where each zip group counts
 * as one axis whose members move together. Order: axes as in {@link SweepConfig#AXES}, the first
 * varying slowest; a zip group sits where its first member would.
 */
public final class Grid {
    private Grid() {
    }

    /**
     * Number of points (before replicates), without expanding: the product of the axis lengths. An
     * upper bound when the grid holds nonlinear models, whose points ignore depth and teacher and so
     * collapse (see {@link #points}).
     */
    public static long size(SweepConfig c) {
        long n = 1;
        for (List<String> factor : factors(c)) {
            n = Math.multiplyExact(n, c.axisLength(factor.get(0)));
        }
        return n;
    }

    public static List<GridPoint> points(SweepConfig c) {
        List<List<String>> factors = factors(c);
        int[] lengths = new int[factors.size()];
        for (int f = 0; f < lengths.length; f++) {
            lengths[f] = c.axisLength(factors.get(f).get(0));
        }
        // Points with the same key are one point: a nonlinear model ignores depth and teacher.
        java.util.LinkedHashMap<String, GridPoint> out = new java.util.LinkedHashMap<>();
        int[] idx = new int[factors.size()];
        int[] axisIndex = new int[SweepConfig.AXES.size()];
        while (true) {
            for (int f = 0; f < factors.size(); f++) {
                for (String axis : factors.get(f)) {
                    axisIndex[SweepConfig.AXES.indexOf(axis)] = idx[f];
                }
            }
            ModelChoice model = c.model().get(axisIndex[0]);
            GridPoint p = new GridPoint(model.dx(), model.dy(), c.depth().get(axisIndex[1]), c.width().get(axisIndex[2]),
                    c.batchSize().get(axisIndex[3]), c.learningRate().get(axisIndex[4]),
                    c.axes().learningRateRelative(), c.init().get(axisIndex[8]), c.noise().get(axisIndex[5]),
                    c.input().get(axisIndex[6]), c.teacher().get(axisIndex[7]), model.maxSteps(c.maxSteps()),
                    c.budgetRelaxationTimes(), c.convergence(), c.convergenceCanonical(), c.trajectoryLength(),
                    c.sampler(), model, c.loss().get(axisIndex[9]));
            out.putIfAbsent(p.key(), p);
            int f = factors.size() - 1;
            while (f >= 0 && ++idx[f] == lengths[f]) {
                idx[f] = 0;
                f--;
            }
            if (f < 0) {
                return new ArrayList<>(out.values());
            }
        }
    }

    /** Every task: each point times each replicate, with seed, task_id and expected cost. */
    public static List<TaskRef> tasks(SweepConfig c, CostModel cost) {
        List<TaskRef> tasks = new ArrayList<>();
        for (GridPoint p : points(c)) {
            String key = p.key();
            double seconds = cost.seconds(p);
            for (int r = 0; r < c.replicates(); r++) {
                tasks.add(new TaskRef(p, key, r, TaskIdentity.seed(key, r),
                        TaskIdentity.taskId(key, r, Kernel.VERSION), seconds));
            }
        }
        return tasks;
    }

    private static List<List<String>> factors(SweepConfig c) {
        List<List<String>> factors = new ArrayList<>();
        for (String axis : SweepConfig.AXES) {
            List<String> group = c.zip().stream().filter(g -> g.contains(axis)).findFirst().orElse(List.of(axis));
            if (!factors.contains(group)) {
                factors.add(group);
            }
        }
        return factors;
    }
}
