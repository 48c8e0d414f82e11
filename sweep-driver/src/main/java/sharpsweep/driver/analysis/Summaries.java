package sharpsweep.driver.analysis;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.ToDoubleFunction;

/** Result rows to per-group summaries: counts, means, the extrapolation. No Spark: notebooks use it too. */
public final class Summaries {
    /** Groups in a stable order: sweep, depth, κ, noise name, width, init, then the rest. */
    public static final Comparator<GroupKey> ORDER = Comparator.comparing(GroupKey::sweep)
            .thenComparing(GroupKey::model).thenComparing(GroupKey::modelParams).thenComparingInt(GroupKey::depth)
            .thenComparingDouble(GroupKey::noiseKappa)
            .thenComparing(GroupKey::noiseName).thenComparingInt(GroupKey::width).thenComparing(GroupKey::init)
            .thenComparing(GroupKey::inputName).thenComparing(GroupKey::teacher).thenComparing(GroupKey::sampler)
            .thenComparingLong(GroupKey::maxSteps).thenComparing(k -> k.noiseSpectrum().toString())
            .thenComparing(k -> k.inputSpectrum().toString()).thenComparingInt(GroupKey::dx)
            .thenComparingInt(GroupKey::dy);

    /**
     * A MAX_STEPS run that lasted this many relaxation times has had at least the length the
     * convergence rule itself needs (burn-in 4τ plus three windows of τ): it sits at equilibrium and
     * only missed the rule's stability test, which noisy T fails often at large noise. It counts.
     */
    public static final double EQUILIBRATED_TAUS = 7;

    private Summaries() {
    }

    /**
     * Whether a MAX_STEPS row counts. A nonlinear model has no relaxation time and runs its budget by
     * design (its burn-in is half of it, its window the last tenth): its MAX_STEPS rows always count.
     */
    static boolean equilibrated(Measurement m) {
        if (!m.status().equals("MAX_STEPS")) {
            return false;
        }
        return !m.key().isLinear() || Double.isFinite(m.relaxationSteps())
                && m.steps() >= EQUILIBRATED_TAUS * m.relaxationSteps();
    }

    public static List<GroupSummary> of(List<Measurement> rows) {
        Map<GroupKey, List<Measurement>> groups = new TreeMap<>(ORDER);
        for (Measurement m : rows) {
            groups.computeIfAbsent(m.key(), k -> new ArrayList<>()).add(m);
        }
        List<GroupSummary> out = new ArrayList<>();
        for (Map.Entry<GroupKey, List<Measurement>> e : groups.entrySet()) {
            out.add(summarise(e.getKey(), e.getValue()));
        }
        return RelativeSharpness.attach(out);
    }

    static GroupSummary summarise(GroupKey key, List<Measurement> rows) {
        int converged = count(rows, "CONVERGED");
        int maxSteps = count(rows, "MAX_STEPS");
        List<Measurement> valid = rows.stream().filter(m -> Double.isFinite(m.traceHessian())
                && (m.status().equals("CONVERGED") || equilibrated(m))).toList();
        List<String> notes = new ArrayList<>();
        boolean atEquilibrium = !valid.isEmpty();
        if (valid.isEmpty() && maxSteps > 0) {
            valid = rows.stream().filter(m -> m.status().equals("MAX_STEPS") && Double.isFinite(m.traceHessian()))
                    .toList();
            notes.add("no rows at equilibrium: values from MAX_STEPS rows stopped before " + (int) EQUILIBRATED_TAUS
                    + " relaxation times, not at equilibrium");
        } else if (valid.size() > converged) {
            notes.add((valid.size() - converged) + " MAX_STEPS rows past " + (int) EQUILIBRATED_TAUS
                    + " relaxation times included");
        }
        List<Extrapolation.Cell> cells = cells(valid, Measurement::traceHessian);
        Extrapolation.Fit fit = Extrapolation.fit(cells);
        if (valid.isEmpty()) {
            notes.add("no valid rows");
        } else if (fit.kind() == Extrapolation.Kind.NONE) {
            notes.add("no extrapolation possible: a single (learning_rate, batch_size)");
        } else if (fit.kind() == Extrapolation.Kind.ETA_OVER_B) {
            notes.add("only eta/b extrapolated: the part of the bias in eta remains");
        }
        double[] trace = meanAndStderr(valid, Measurement::traceHessian);
        double[] lambda = meanAndStderr(valid, Measurement::lambdaMax);
        Measurement first = rows.get(0);
        double relax = valid.stream().mapToDouble(Measurement::relaxationSteps).max().orElse(Double.NaN);
        GroupSummary.Counts counts = new GroupSummary.Counts(rows.size(), valid.size(), atEquilibrium, converged,
                maxSteps, count(rows, "DIVERGED"), count(rows, "FAILED"));
        return new GroupSummary(key, counts, trace[0], trace[1], lambda[0], lambda[1], fit, first.tracePred(),
                first.traceMin(), first.lambdaMaxPred(), layerConditionMean(valid), relax, cells,
                String.join("; ", notes), GroupSummary.Reference.NONE);
    }

    private static int count(List<Measurement> rows, String status) {
        return (int) rows.stream().filter(m -> m.status().equals(status)).count();
    }

    /** (η, b) cells of one column, ordered by η then b. */
    static List<Extrapolation.Cell> cells(List<Measurement> rows, ToDoubleFunction<Measurement> column) {
        Map<List<Double>, List<Double>> byCell = new LinkedHashMap<>();
        rows.stream().sorted(Comparator.comparingDouble(Measurement::learningRate)
                        .thenComparingInt(Measurement::batchSize))
                .filter(m -> Double.isFinite(column.applyAsDouble(m)))
                .forEach(m -> byCell.computeIfAbsent(List.of(m.learningRate(), (double) m.batchSize()),
                        k -> new ArrayList<>()).add(column.applyAsDouble(m)));
        List<Extrapolation.Cell> out = new ArrayList<>();
        for (Map.Entry<List<Double>, List<Double>> e : byCell.entrySet()) {
            double[] v = e.getValue().stream().mapToDouble(Double::doubleValue).toArray();
            double mean = mean(v);
            out.add(new Extrapolation.Cell(e.getKey().get(0), e.getKey().get(1).intValue(), mean,
                    v.length > 1 ? sumSq(v, mean) / (v.length - 1) : Double.NaN, v.length));
        }
        return out;
    }

    private static double[] meanAndStderr(List<Measurement> rows, ToDoubleFunction<Measurement> column) {
        double[] v = rows.stream().mapToDouble(column).filter(Double::isFinite).toArray();
        if (v.length == 0) {
            return new double[] {Double.NaN, Double.NaN};
        }
        double mean = mean(v);
        double stderr = v.length > 1 ? Math.sqrt(sumSq(v, mean) / (v.length - 1) / v.length) : Double.NaN;
        return new double[] {mean, stderr};
    }

    private static double[] layerConditionMean(List<Measurement> rows) {
        int layers = rows.stream().mapToInt(m -> m.layerCondition().length).max().orElse(0); // [] when null
        double[] sum = new double[layers];
        int[] n = new int[layers];
        for (Measurement m : rows) {
            for (int k = 0; k < m.layerCondition().length; k++) {
                if (Double.isFinite(m.layerCondition()[k])) {
                    sum[k] += m.layerCondition()[k];
                    n[k]++;
                }
            }
        }
        for (int k = 0; k < layers; k++) {
            sum[k] = n[k] > 0 ? sum[k] / n[k] : Double.NaN;
        }
        return sum;
    }

    private static double mean(double[] v) {
        double s = 0;
        for (double x : v) {
            s += x;
        }
        return s / v.length;
    }

    private static double sumSq(double[] v, double mean) {
        double s = 0;
        for (double x : v) {
            s += (x - mean) * (x - mean);
        }
        return s;
    }
}
