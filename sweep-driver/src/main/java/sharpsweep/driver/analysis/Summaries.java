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
            .thenComparingLong(GroupKey::maxSteps).thenComparing(GroupKey::loss).thenComparing(k -> k.noiseSpectrum().toString())
            .thenComparing(k -> k.inputSpectrum().toString()).thenComparingInt(GroupKey::dx)
            .thenComparingInt(GroupKey::dy);

    /** R̂ at most this certifies a group (the usual MCMC threshold). */
    public static final double RHAT_LIMIT = 1.01;

    private Summaries() {
    }

    /**
     * One summary per group, and, for every group that differs from others only in its start ({@code init}), one
     * more that pools the starts (init "a+b"): T* does not depend on the initialisation, so chains from both
     * sides of it make one extrapolation and one R̂.
     */
    public static List<GroupSummary> of(List<Measurement> rows) {
        Map<GroupKey, List<Measurement>> groups = new TreeMap<>(ORDER);
        for (Measurement m : rows) {
            groups.computeIfAbsent(m.key(), k -> new ArrayList<>()).add(m);
        }
        Map<GroupKey, java.util.SortedSet<String>> inits = new TreeMap<>(ORDER);
        for (GroupKey k : groups.keySet()) {
            inits.computeIfAbsent(k.withInit(""), x -> new java.util.TreeSet<>()).add(k.init());
        }
        Map<GroupKey, List<Measurement>> all = new TreeMap<>(ORDER);
        all.putAll(groups);
        for (Map.Entry<GroupKey, java.util.SortedSet<String>> e : inits.entrySet()) {
            if (e.getValue().size() > 1) {
                List<Measurement> pooled = new ArrayList<>();
                for (String init : e.getValue()) {
                    pooled.addAll(groups.get(e.getKey().withInit(init)));
                }
                all.put(e.getKey().withInit(String.join("+", e.getValue())), pooled);
            }
        }
        List<GroupSummary> out = new ArrayList<>();
        for (Map.Entry<GroupKey, List<Measurement>> e : all.entrySet()) {
            out.add(summarise(e.getKey(), e.getValue()));
        }
        return RelativeSharpness.attach(out);
    }

    static GroupSummary summarise(GroupKey key, List<Measurement> rows) {
        int converged = count(rows, "CONVERGED");
        int maxSteps = count(rows, "MAX_STEPS");
        List<Measurement> valid = rows.stream().filter(m -> Double.isFinite(m.traceHessian()) && m.reached()).toList();
        int reached = valid.size();
        List<String> notes = new ArrayList<>();
        boolean atEquilibrium = !valid.isEmpty();
        if (valid.isEmpty() && maxSteps > 0) {
            valid = rows.stream().filter(m -> m.status().equals("MAX_STEPS") && Double.isFinite(m.traceHessian()))
                    .toList();
            notes.add("no row reached equilibrium: values from MAX_STEPS rows, not at equilibrium");
        } else if (reached < rows.size()) {
            notes.add((rows.size() - reached) + " of " + rows.size() + " rows not reached, left out");
        }
        Extrapolation.Fit fit = Extrapolation.fit(cells(valid, Measurement::traceHessian));
        Extrapolation.Fit lambdaFit = Extrapolation.fit(cells(valid, Measurement::lambdaMax));
        if (valid.isEmpty()) {
            notes.add("no valid rows");
        } else if (fit.kind() == Extrapolation.Kind.NONE) {
            notes.add("no extrapolation possible: a single (learning_rate, batch_size)");
        } else if (fit.dof() == 0) {
            notes.add("no error bar on T(0): as many (learning_rate, batch_size) cells as fitted terms, so nothing"
                    + " tests the fit (add a learning rate)");
        }
        if (fit.kind() == Extrapolation.Kind.ETA_OVER_B) {
            notes.add("only eta/b extrapolated: the part of the bias in eta remains");
        }
        double[] trace = meanAndStderr(valid, Measurement::traceHessian);
        double[] lambda = meanAndStderr(valid, Measurement::lambdaMax);
        Measurement first = rows.get(0);
        double relax = valid.stream().mapToDouble(Measurement::relaxationSteps).max().orElse(Double.NaN);
        GroupSummary.Counts counts = new GroupSummary.Counts(rows.size(), valid.size(), atEquilibrium, converged,
                maxSteps, count(rows, "DIVERGED"), count(rows, "FAILED"), reached);
        double rhat = rhat(rows);
        boolean certified = reached == rows.size() && rhat <= RHAT_LIMIT;
        return new GroupSummary(key, counts, trace[0], trace[1], lambda[0], lambda[1], fit, first.tracePred(),
                first.traceMin(), first.lambdaMaxPred(), layerCondition(valid, false), layerCondition(valid, true), relax,
                cells(valid, Measurement::traceHessian), String.join("; ", notes), GroupSummary.Reference.NONE,
                lambdaFit, new GroupSummary.Chains(rhat, certified));
    }

    /**
     * The largest Gelman–Rubin R̂ of T over the group's (η, b) cells with two or more rows: each row is a chain
     * whose window gives its mean and sample variance of T over n measurements (the window's), R̂² =
     * ((n−1)/n·W + var(means)) / W with W the mean within-chain variance. NaN when no cell has two rows. The
     * chains are the window means, not split halves: the row's own trace-stability test already checks its
     * trend (docs/ANALYSIS.md).
     */
    static double rhat(List<Measurement> rows) {
        Map<List<Double>, List<Measurement>> byCell = new LinkedHashMap<>();
        rows.stream().filter(m -> Double.isFinite(m.traceHessian()) && Double.isFinite(m.traceStd()))
                .forEach(m -> byCell.computeIfAbsent(List.of(m.learningRate(), (double) m.batchSize()),
                        k -> new ArrayList<>()).add(m));
        double worst = Double.NaN;
        for (List<Measurement> chains : byCell.values()) {
            if (chains.size() < 2) {
                continue;
            }
            double[] means = chains.stream().mapToDouble(Measurement::traceHessian).toArray();
            double w = chains.stream().mapToDouble(m -> m.traceStd() * m.traceStd()).average().orElse(Double.NaN);
            int n = chains.stream().mapToInt(Measurement::windowMeasurements).min().orElse(1);
            double between = sumSq(means, mean(means)) / (means.length - 1);
            double r = w > 0 ? Math.sqrt(((n - 1.0) / n * w + between) / w) : Double.NaN;
            worst = Double.isNaN(worst) || r > worst ? r : worst;
        }
        return worst;
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

    /** κ(W_k) per layer over the rows: the mean, or with {@code stderr} its standard error (NaN below two rows). */
    private static double[] layerCondition(List<Measurement> rows, boolean stderr) {
        int layers = rows.stream().mapToInt(m -> m.layerCondition().length).max().orElse(0); // [] when null
        double[] out = new double[layers];
        for (int k = 0; k < layers; k++) {
            final int layer = k;
            double[] ms = meanAndStderr(rows.stream().filter(m -> layer < m.layerCondition().length).toList(),
                    m -> m.layerCondition()[layer]);
            out[k] = stderr ? ms[1] : ms[0];
        }
        return out;
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
