package sharpsweep.driver.analysis;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.function.ToDoubleFunction;
import java.util.stream.Collectors;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.lines.SeriesLines;
import org.knowm.xchart.style.markers.SeriesMarkers;
import sharpsweep.driver.storage.Folder;
import sharpsweep.kernel.theory.Prediction;

/**
 * The paper's figures from the summary and the trajectories (XChart, PNG). No Spark: the
 * notebooks call the same methods. A chart whose data the table lacks is null, with the reason in
 * {@link Chart#missing}.
 */
public final class Plots {
    /** A chart and the file name it is written under, or why it could not be drawn. */
    public record Chart(String file, XYChart chart, String missing) {
    }

    private static final Color[] PALETTE = {new Color(0x1f77b4), new Color(0xd62728), new Color(0x2ca02c),
        new Color(0x9467bd), new Color(0xff7f0e), new Color(0x8c564b), new Color(0xe377c2), new Color(0x17becf)};

    private Plots() {
    }

    /**
     * Every chart, in the order docs/ANALYSIS.md lists them: the linear model's eight (its theory lines need
     * its closed form), then the relative sharpness of every model and the nonlinear trajectories.
     */
    public static List<Chart> all(List<GroupSummary> everything, List<Trajectory> allTrajectories) {
        return all(everything, allTrajectories, TheoryCurves.NONE);
    }

    /** Every chart, the theory drawn densely along the noise families of {@code curves}' config. */
    public static List<Chart> all(List<GroupSummary> everything, List<Trajectory> allTrajectories,
                                  TheoryCurves curves) {
        List<GroupSummary> summaries = everything.stream().filter(s -> s.key().hasTheory()).toList();
        List<Trajectory> trajectories = allTrajectories.stream().filter(t -> t.key().hasTheory()).toList();
        List<Chart> out = new ArrayList<>();
        List<List<GroupSummary>> slices = slices(summaries);
        for (int i = 0; i < Math.max(1, slices.size()); i++) {
            List<GroupSummary> slice = slices.isEmpty() ? List.of() : slices.get(i);
            // The first (most common) slice keeps the plain file names; the others get their width and init.
            String suffix = i == 0 ? "" : sliceSuffix(slice);
            out.add(renamed(sharpnessVsKappa(slice, curves), suffix));
            out.add(renamed(relativeSharpness(slice, curves), suffix));
            out.add(renamed(layerConditions(slice), suffix));
            out.add(renamed(tracePerDepth(slice, curves), suffix));
        }
        out.add(trajectories(trajectories, "trace"));
        out.add(trajectories(trajectories, "lambda"));
        out.add(traceVsWidth(summaries));
        out.add(traceVsBatch(summaries));
        out.add(relativeSharpnessModels(everything));
        out.add(progressiveSharpening(allTrajectories));
        return out;
    }

    private static Chart renamed(Chart c, String suffix) {
        return suffix.isEmpty() ? c : new Chart(c.file().replace(".png", suffix + ".png"), c.chart(), c.missing());
    }

    /** The drawable charts as PNGs, by file name, in order. */
    public static Map<String, byte[]> encode(List<Chart> charts) throws IOException {
        Map<String, byte[]> pngs = new LinkedHashMap<>();
        for (Chart c : charts) {
            if (c.chart() != null) {
                pngs.put(c.file(), png(c.chart()));
            }
        }
        return pngs;
    }

    /** Writes the PNGs into {@code dir} (each whole or not at all); returns the files written. */
    public static List<Folder> write(Map<String, byte[]> pngs, Folder dir) throws IOException {
        List<Folder> files = new ArrayList<>();
        for (Map.Entry<String, byte[]> p : pngs.entrySet()) {
            dir.writeAtomically(p.getKey(), p.getValue());
            files.add(dir.resolve(p.getKey()));
        }
        return files;
    }

    /** The chart as a 120-dpi PNG: XChart writes that resolution only to a local file, so through one. */
    private static byte[] png(XYChart chart) throws IOException {
        Path tmp = Files.createTempFile("sharpsweep-plot", ".png");
        try {
            BitmapEncoder.saveBitmapWithDPI(chart, tmp.toString(), BitmapEncoder.BitmapFormat.PNG, 120);
            return Files.readAllBytes(tmp);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    // ---- 1. the headline: T vs κ(Σ_ε) per depth ----

    /** One slice of groups (same width, init, input, teacher …: {@link #slices}). */
    public static Chart sharpnessVsKappa(List<GroupSummary> slice) {
        return sharpnessVsKappa(slice, TheoryCurves.NONE);
    }

    /** The same, its theory lines dense along each noise family ({@link TheoryCurves}). */
    public static Chart sharpnessVsKappa(List<GroupSummary> slice, TheoryCurves curves) {
        String file = "sharpness_vs_kappa.png";
        if (distinct(slice, s -> s.key().noiseKappa()) < 2) {
            return new Chart(file, null, "needs at least two values of noise_kappa");
        }
        XYChart chart = chart("Sharpness where SGD lands vs anisotropy of the label noise" + sliceNote(slice),
                "κ(Σε)", "Tr H", true, true);
        int colour = 0;
        for (Map.Entry<Integer, List<GroupSummary>> d : byDepth(slice).entrySet()) {
            Color c = PALETTE[colour++ % PALETTE.length];
            List<GroupSummary> g = d.getValue();
            String D = "D=" + d.getKey();
            theory(chart, D + " T* (theory)", g, GroupSummary::tracePred, Prediction::tracePred, curves, c, false);
            theory(chart, D + " T_min", g, GroupSummary::traceMin, Prediction::traceMin, curves, c, true);
            List<GroupSummary> settled = g.stream().filter(GroupSummary::atEquilibrium).toList();
            List<GroupSummary> budget = g.stream().filter(s -> !s.atEquilibrium()).toList();
            points(chart, D + " raw mean", settled, s -> s.key().noiseKappa(), GroupSummary::traceMean,
                    GroupSummary::traceStderr, c, SeriesMarkers.DIAMOND, false);
            // Certified groups (every row reached, R-hat <= 1.01) apart from the rest.
            points(chart, D + " T(0) extrapolated, certified", settled.stream().filter(GroupSummary::certified).toList(),
                    s -> s.key().noiseKappa(), s -> s.fit().intercept(), s -> s.fit().stderr(), c,
                    SeriesMarkers.CIRCLE, true);
            points(chart, D + " T(0) extrapolated, not certified", settled.stream().filter(s -> !s.certified())
                    .toList(), s -> s.key().noiseKappa(), s -> s.fit().intercept(), s -> s.fit().stderr(), c,
                    SeriesMarkers.TRIANGLE_UP, true);
            // Budget spent before equilibrium: shown, but apart from the converged points.
            points(chart, D + " raw, not at equilibrium (MAX_STEPS)", budget, s -> s.key().noiseKappa(),
                    GroupSummary::traceMean, GroupSummary::traceStderr, c, SeriesMarkers.CROSS, false);
        }
        return done(file, chart, true);
    }

    // ---- 2. the paper's Fig. 3: T(κ) / T(isotropic) ----

    /** One slice of groups (same width, init, input, teacher …: {@link #slices}). */
    public static Chart relativeSharpness(List<GroupSummary> slice) {
        return relativeSharpness(slice, TheoryCurves.NONE);
    }

    /** The same, its theory lines dense along each noise family ({@link TheoryCurves}). */
    public static Chart relativeSharpness(List<GroupSummary> slice, TheoryCurves curves) {
        String file = "relative_sharpness.png";
        if (distinct(slice, s -> s.key().noiseKappa()) < 2) {
            return new Chart(file, null, "needs at least two values of noise_kappa");
        }
        // T(isotropic) = T_min: the theory's T* equals T_min exactly when Σ_ε ∝ I (docs/DESIGN.md §3).
        XYChart chart = chart("Relative sharpness T(κ) / T(isotropic)" + sliceNote(slice), "κ(Σε)",
                "T / T(isotropic)   (T(isotropic) = T_min)", true, true);
        int colour = 0;
        for (Map.Entry<Integer, List<GroupSummary>> d : byDepth(slice).entrySet()) {
            Color c = PALETTE[colour++ % PALETTE.length];
            List<GroupSummary> g = d.getValue();
            String D = "D=" + d.getKey();
            theory(chart, D + " theory", g, s -> s.tracePred() / s.traceMin(), t -> t.tracePred() / t.traceMin(),
                    curves, c, false);
            points(chart, D + " measured T(0), certified", g.stream().filter(GroupSummary::certified).toList(),
                    s -> s.key().noiseKappa(), s -> s.fit().intercept() / s.traceMin(),
                    s -> s.fit().stderr() / s.traceMin(), c, SeriesMarkers.CIRCLE, true);
            points(chart, D + " measured T(0), not certified", g.stream()
                            .filter(s -> s.atEquilibrium() && !s.certified()).toList(),
                    s -> s.key().noiseKappa(), s -> s.fit().intercept() / s.traceMin(),
                    s -> s.fit().stderr() / s.traceMin(), c, SeriesMarkers.TRIANGLE_UP, true);
            points(chart, D + " measured, not at equilibrium (MAX_STEPS)", g.stream().filter(s -> !s.atEquilibrium())
                            .toList(), s -> s.key().noiseKappa(), s -> s.traceMean() / s.traceMin(),
                    s -> s.traceStderr() / s.traceMin(), c, SeriesMarkers.CROSS, false);
        }
        return done(file, chart, true);
    }

    // ---- 2b. Fig. 3 for every model: T(κ) / T(isotropic), both measured ----

    public static Chart relativeSharpnessModels(List<GroupSummary> all) {
        String file = "relative_sharpness_models.png";
        List<GroupSummary> finite = all.stream().filter(s -> Double.isFinite(s.relative())).toList();
        // The linear model's ratios (up to ~κ) would flatten the nonlinear ones (~1.0-1.3) on one axis: when
        // the table has both, the linear model keeps its own chart, relative_sharpness.png (with its theory).
        // Cross-entropy has no theory: its linear groups are drawn here with the other models.
        boolean nonlinear = finite.stream().anyMatch(s -> !s.key().hasTheory());
        List<GroupSummary> withRatio = finite.stream().filter(s -> !nonlinear || !s.key().hasTheory()).toList();
        if (distinct(withRatio, s -> s.key().noiseKappa()) < 2) {
            return new Chart(file, null, "needs an isotropic noise and at least one other, per model");
        }
        boolean onlyNonlinear = withRatio.stream().noneMatch(s -> s.key().isLinear());
        XYChart chart = chart("Relative sharpness T(κ)/T(isotropic), measured, per " + (onlyNonlinear ? "nonlinear "
                : nonlinear ? "measured " : "") + "model", "κ(Σε)", "T(κ) / T(isotropic)", true, false);
        Map<GroupKey, List<GroupSummary>> byModel = new TreeMap<>(Summaries.ORDER);
        for (GroupSummary s : withRatio) {
            byModel.computeIfAbsent(s.key().withoutNoise(), k -> new ArrayList<>()).add(s);
        }
        int colour = 0;
        for (Map.Entry<GroupKey, List<GroupSummary>> e : byModel.entrySet()) {
            Color c = PALETTE[colour++ % PALETTE.length];
            GroupKey k = e.getKey();
            String model = (k.isLinear() ? "linear D=" + k.depth() : k.model()) + (k.isSquaredError() ? "" : " " + k.loss())
                    + " (width " + k.width() + ", " + k.init() + ")";
            while (chart.getSeriesMap().containsKey(model + ": loud eigenvalue fixed")) { // differ elsewhere
                model = model + "'";
            }
            List<GroupSummary> g = e.getValue().stream().sorted(Comparator.comparingDouble(s -> s.key().noiseKappa()))
                    .toList();
            GroupSummary ref = g.stream().filter(s -> s.key().noiseName().equals(s.referenceNoise())).findFirst()
                    .orElse(g.get(0));
            // Two families from the reference: the paper's (loud eigenvalue kept) and at the reference's
            // trace (normalise: trace); anything else (e.g. isotropic noise of another size) as points.
            double top = ref.key().noiseSpectrum().get(0);
            double trace = ref.key().noiseSpectrum().stream().mapToDouble(Double::doubleValue).sum();
            List<GroupSummary> sameTop = g.stream().filter(s -> close(s.key().noiseSpectrum().get(0), top)).toList();
            List<GroupSummary> sameTrace = g.stream().filter(s -> close(s.key().noiseSpectrum().stream()
                    .mapToDouble(Double::doubleValue).sum(), trace)).toList();
            List<GroupSummary> other = g.stream().filter(s -> !sameTop.contains(s) && !sameTrace.contains(s)).toList();
            if (sameTop.size() > 1) {
                line(chart, model + ": loud eigenvalue fixed", sameTop, s -> s.key().noiseKappa(),
                        GroupSummary::relative, c, false);
            }
            if (sameTrace.size() > 1) {
                line(chart, model + ": trace fixed", sameTrace, s -> s.key().noiseKappa(), GroupSummary::relative, c,
                        true);
            }
            points(chart, model + " ± stderr", g.stream().filter(s -> !other.contains(s)).toList(),
                    s -> s.key().noiseKappa(), GroupSummary::relative, GroupSummary::relativeStderr, c,
                    SeriesMarkers.CIRCLE, true);
            points(chart, model + ": other noise sizes", other, s -> s.key().noiseKappa(), GroupSummary::relative,
                    GroupSummary::relativeStderr, c, SeriesMarkers.CROSS, false);
        }
        return done(file, chart, true);
    }

    private static boolean close(double a, double b) {
        return Math.abs(a - b) <= 1e-6 * Math.abs(b);
    }

    // ---- 3. trajectories from several initialisations (Figs. 1, 2) ----

    /** {@code what} is "trace" or "lambda". */
    public static Chart trajectories(List<Trajectory> all, String what) {
        boolean trace = what.equals("trace");
        String file = trace ? "trajectory_trace.png" : "trajectory_lambda_max.png";
        List<Trajectory> usable = all.stream().filter(t -> t.step().length > 1).toList();
        if (usable.isEmpty()) {
            return new Chart(file, null, "no trajectories in the table (trajectory_length = 0?)");
        }
        // Families: runs that differ only in init. Show the most and the least anisotropic of the
        // depth with the most inits, like the paper's Fig. 2 (sharpening and flattening).
        Map<GroupKey, Map<String, Trajectory>> families = new TreeMap<>(Summaries.ORDER);
        for (Trajectory t : usable.stream().sorted(Comparator.comparingDouble(Trajectory::learningRate)
                .thenComparing(Comparator.comparingInt(Trajectory::batchSize).reversed())).toList()) {
            families.computeIfAbsent(t.key().withInit(""), k -> new LinkedHashMap<>()).putIfAbsent(t.key().init(), t);
        }
        int mostInits = families.values().stream().mapToInt(Map::size).max().orElse(0);
        List<GroupKey> candidates = families.entrySet().stream().filter(e -> e.getValue().size() == mostInits)
                .map(Map.Entry::getKey).toList();
        int depth = candidates.get(0).depth();
        List<GroupKey> sameDepth = candidates.stream().filter(k -> k.depth() == depth)
                .sorted(Comparator.comparingDouble(GroupKey::noiseKappa)).toList();
        List<GroupKey> shown = new ArrayList<>(List.of(sameDepth.get(sameDepth.size() - 1)));
        if (sameDepth.size() > 1 && sameDepth.get(0).noiseKappa() < shown.get(0).noiseKappa()) {
            shown.add(sameDepth.get(0));
        }
        String starts = mostInits == 1 ? "one initialisation" : mostInits + " initialisations";
        XYChart chart = chart((trace ? "Tr H" : "λ_max") + " along SGD from " + starts + " (D=" + depth + ")",
                "step", trace ? "Tr H" : "λ_max of the Hessian", true, true);
        int colour = 0;
        java.util.Set<Double> drawn = new java.util.HashSet<>();
        for (GroupKey family : shown) {
            String k = "κ=" + fmt(family.noiseKappa());
            long last = 1;
            double target = Double.NaN;
            for (Trajectory t : families.get(family).values()) {
                Color c = PALETTE[colour++ % PALETTE.length];
                double[] x = new double[t.step().length];
                double[] y = trace ? t.traceHessian() : t.lambdaMax();
                for (int i = 0; i < x.length; i++) {
                    x[i] = t.step()[i];
                    last = Math.max(last, t.step()[i]);
                }
                String name = k + " init " + t.key().init() + " (η=" + fmt(t.learningRate()) + ", b=" + t.batchSize() + ")";
                addPositive(chart, name, x, y, null).ifPresent(s -> {
                    s.setMarker(SeriesMarkers.NONE);
                    s.setLineColor(c);
                });
                target = trace ? t.tracePred() : t.lambdaMaxPred();
            }
            if (Double.isFinite(target) && drawn.add(target)) { // families with one target share one line
                addPositive(chart, k + (trace ? " T*" : " λ*_max"), new double[] {1, last},
                        new double[] {target, target}, null).ifPresent(s -> {
                            s.setMarker(SeriesMarkers.NONE);
                            s.setLineColor(Color.BLACK);
                            s.setLineStyle(SeriesLines.DASH_DASH);
                        });
            }
        }
        return done(file, chart);
    }

    // ---- 3b. progressive sharpening of the nonlinear models (the paper's Fig. 8: the transformer) ----

    /**
     * Tr H and λ_max along training, mean over replicates at each logged step, per nonlinear model
     * and noise: the transformer's first when the table has one.
     */
    /** The paper's training budgets (section 6, App. B): MLP 10⁵ steps, RNN and transformer 10⁴. */
    static final Map<String, Long> PAPER_HORIZONS = Map.of("mlp", 100_000L, "rnn", 10_000L, "transformer", 10_000L);

    public static Chart progressiveSharpening(List<Trajectory> all) {
        String file = "progressive_sharpening.png";
        List<Trajectory> usable = all.stream().filter(t -> !t.key().hasTheory() && t.step().length > 1).toList();
        if (usable.isEmpty()) {
            return new Chart(file, null, "no nonlinear trajectories in the table");
        }
        String model = usable.stream().anyMatch(t -> t.key().model().equals("transformer")) ? "transformer"
                : usable.get(0).key().model();
        Map<GroupKey, List<Trajectory>> byGroup = new TreeMap<>(Summaries.ORDER);
        for (Trajectory t : usable) {
            if (t.key().model().equals(model)) {
                byGroup.computeIfAbsent(t.key(), k -> new ArrayList<>()).add(t);
            }
        }
        XYChart chart = chart("Progressive sharpening: " + model + ", Tr H (solid) and λ_max (dashed), mean over "
                + "replicates", "step", "Tr H, λ_max", true, true);
        double low = Double.POSITIVE_INFINITY;
        double high = 0;
        boolean budgets = byGroup.keySet().stream().map(GroupKey::maxSteps).distinct().count() > 1;
        int colour = 0;
        for (Map.Entry<GroupKey, List<Trajectory>> e : byGroup.entrySet()) {
            Color c = PALETTE[colour++ % PALETTE.length];
            List<Trajectory> runs = e.getValue();
            long[] steps = runs.get(0).step();
            List<Trajectory> aligned = runs.stream().filter(t -> java.util.Arrays.equals(t.step(), steps)).toList();
            double[] x = new double[steps.length];
            double[] trace = new double[steps.length];
            double[] lambda = new double[steps.length];
            for (int i = 0; i < steps.length; i++) {
                x[i] = Math.max(1, steps[i]); // step 0 drawn at 1 on the log axis
                final int at = i;
                trace[i] = aligned.stream().mapToDouble(t -> t.traceHessian()[at]).average().orElse(Double.NaN);
                lambda[i] = aligned.stream().mapToDouble(t -> t.lambdaMax()[at]).average().orElse(Double.NaN);
            }
            String name = e.getKey().noiseName() + (e.getKey().isSquaredError() ? "" : " " + e.getKey().loss()) + " (κ="
                    + fmt(e.getKey().noiseKappa()) + ", " + aligned.size() + " runs"
                    + (budgets ? ", budget " + e.getKey().maxSteps() : "") + ")";
            while (chart.getSeriesMap().containsKey(name + " Tr H")) { // groups that differ elsewhere (width, init)
                name = name + "'";
            }
            addPositive(chart, name + " Tr H", x, trace, null).ifPresent(s -> {
                s.setMarker(SeriesMarkers.NONE);
                s.setLineColor(c);
            });
            addPositive(chart, name + " λ_max", x, lambda, null).ifPresent(s -> {
                s.setMarker(SeriesMarkers.NONE);
                s.setLineColor(c);
                s.setLineStyle(SeriesLines.DASH_DASH);
            });
            for (double v : trace) {
                low = v > 0 ? Math.min(low, v) : low;
                high = Math.max(high, v);
            }
            for (double v : lambda) {
                low = v > 0 ? Math.min(low, v) : low;
                high = Math.max(high, v);
            }
        }
        Long horizon = PAPER_HORIZONS.get(model);
        if (horizon != null && high > 0) {
            addPositive(chart, "the paper's horizon (" + horizon + " steps)", new double[] {horizon, horizon},
                    new double[] {low, high}, null).ifPresent(s -> {
                        s.setMarker(SeriesMarkers.NONE);
                        s.setLineColor(Color.GRAY);
                        s.setLineStyle(SeriesLines.DOT_DOT);
                    });
        }
        return done(file, chart);
    }

    // ---- 4. what does not matter: width and batch size at fixed κ ----

    public static Chart traceVsWidth(List<GroupSummary> all) {
        String file = "invariance_width.png";
        Map<GroupKey, List<GroupSummary>> families = families(all, s -> s.key().withWidth(0));
        List<GroupSummary> family = widest(families, s -> (double) s.key().width());
        if (family == null || family.size() < 2) {
            return new Chart(file, null, "needs groups that differ only in width");
        }
        GroupKey k = family.get(0).key();
        XYChart chart = chart("T vs width at fixed κ=" + fmt(k.noiseKappa()) + " (D=" + k.depth() + ", " + k.noiseName()
                + ")", "width", "Tr H", false, false);
        cellSeries(chart, family, s -> (double) s.key().width());
        points(chart, "T(0) extrapolated", family, s -> (double) s.key().width(), s -> s.fit().intercept(),
                s -> s.fit().stderr(), Color.BLACK, SeriesMarkers.CIRCLE, true);
        line(chart, "T* (theory)", family, s -> (double) s.key().width(), GroupSummary::tracePred, Color.BLACK, true);
        return done(file, chart);
    }

    public static Chart traceVsBatch(List<GroupSummary> all) {
        String file = "invariance_batch.png";
        GroupSummary best = all.stream().filter(s -> distinct(s.cells(), c -> (double) c.batch()) > 1)
                .max(Comparator.comparingInt((GroupSummary s) -> s.cells().size())
                        .thenComparingDouble(s -> s.key().noiseKappa()))
                .orElse(null);
        if (best == null) {
            return new Chart(file, null, "needs a group with more than one batch_size");
        }
        GroupKey k = best.key();
        XYChart chart = chart("T vs batch size at fixed κ=" + fmt(k.noiseKappa()) + " (D=" + k.depth() + ", width "
                + k.width() + "): finite-η bias, removed by the extrapolation", "batch size b", "Tr H", false, false);
        Map<Double, List<Extrapolation.Cell>> byEta = best.cells().stream()
                .collect(Collectors.groupingBy(Extrapolation.Cell::eta, TreeMap::new, Collectors.toList()));
        int colour = 0;
        double bMin = Double.POSITIVE_INFINITY;
        double bMax = 0;
        for (Map.Entry<Double, List<Extrapolation.Cell>> e : byEta.entrySet()) {
            List<Extrapolation.Cell> cells = e.getValue();
            double[] x = cells.stream().mapToDouble(Extrapolation.Cell::batch).toArray();
            double[] y = cells.stream().mapToDouble(Extrapolation.Cell::mean).toArray();
            double[] err = cells.stream().mapToDouble(Plots::cellStderr).toArray();
            for (double b : x) {
                bMin = Math.min(bMin, b);
                bMax = Math.max(bMax, b);
            }
            Color c = PALETTE[colour++ % PALETTE.length];
            addPositive(chart, "η=" + fmt(e.getKey()) + " (replicate mean ± stderr)", x, y, err).ifPresent(s -> {
                s.setMarkerColor(c);
                s.setLineColor(c);
            });
        }
        double[] xs = {bMin, bMax};
        double t0 = best.fit().intercept();
        addPositive(chart, "T(0) extrapolated (" + best.fit().kind().label + ") ± stderr", xs, new double[] {t0, t0},
                new double[] {best.fit().stderr(), best.fit().stderr()}).ifPresent(s -> {
                    s.setLineColor(Color.BLACK);
                    s.setMarkerColor(Color.BLACK);
                });
        addPositive(chart, "T* (theory)", xs, new double[] {best.tracePred(), best.tracePred()}, null).ifPresent(s -> {
            s.setLineColor(Color.BLACK);
            s.setLineStyle(SeriesLines.DASH_DASH);
            s.setMarker(SeriesMarkers.NONE);
        });
        return done(file, chart);
    }

    // ---- 5. layer condition numbers (Fig. 6) and T/D per depth (Fig. 7) ----

    /** One slice of groups (same width, init, input, teacher …: {@link #slices}). */
    public static Chart layerConditions(List<GroupSummary> slice) {
        String file = "layer_condition.png";
        if (distinct(slice, s -> s.key().noiseKappa()) < 2) {
            return new Chart(file, null, "needs at least two values of noise_kappa");
        }
        XYChart chart = chart("Layer condition numbers κ(W_k) vs κ(Σε)" + sliceNote(slice), "κ(Σε)",
                "κ(W_k), mean ± stderr over the runs", true, true);
        int colour = 0;
        for (Map.Entry<Integer, List<GroupSummary>> d : byDepth(slice).entrySet()) {
            for (int layer = 0; layer < d.getKey(); layer++) {
                int k = layer;
                Color c = PALETTE[colour++ % PALETTE.length];
                points(chart, "D=" + d.getKey() + " W" + (k + 1), d.getValue(), s -> s.key().noiseKappa(),
                        s -> k < s.layerConditionMean().length ? s.layerConditionMean()[k] : Double.NaN,
                        s -> k < s.layerConditionStderr().length ? s.layerConditionStderr()[k] : Double.NaN, c,
                        SeriesMarkers.CIRCLE, true);
            }
        }
        // The selected weights' closed form (docs/DESIGN.md §3), exact for V = Σx = I at width = rank V':
        // κ(Σε)^(1/4) for the first and last layer, 1 for the inner ones.
        GroupKey k0 = slice.get(0).key();
        boolean closedForm = k0.teacher().equals("identity") && k0.width() == k0.dy()
                && k0.inputSpectrum().stream().distinct().count() == 1;
        if (closedForm) {
            double lo = slice.stream().mapToDouble(s -> s.key().noiseKappa()).min().orElse(1);
            double hi = slice.stream().mapToDouble(s -> s.key().noiseKappa()).max().orElse(1);
            double[] x = new double[50];
            double[] outer = new double[50];
            for (int i = 0; i < x.length; i++) {
                x[i] = lo * Math.pow(hi / lo, i / 49.0);
                outer[i] = Math.pow(x[i], 0.25);
            }
            addPositive(chart, "closed form, first and last layer: κ(Σε)^¼", x, outer, null).ifPresent(t -> {
                t.setMarker(SeriesMarkers.NONE);
                t.setLineColor(Color.BLACK);
                t.setLineStyle(SeriesLines.DASH_DASH);
            });
            if (byDepth(slice).keySet().stream().anyMatch(depth -> depth > 2)) {
                addPositive(chart, "closed form, inner layers: 1", new double[] {lo, hi}, new double[] {1, 1}, null)
                        .ifPresent(t -> {
                            t.setMarker(SeriesMarkers.NONE);
                            t.setLineColor(Color.BLACK);
                            t.setLineStyle(SeriesLines.DOT_DOT);
                        });
            }
        }
        return done(file, chart, true);
    }

    /** One slice of groups (same width, init, input, teacher …: {@link #slices}). */
    public static Chart tracePerDepth(List<GroupSummary> slice) {
        return tracePerDepth(slice, TheoryCurves.NONE);
    }

    /** The same, its theory lines dense along each noise family ({@link TheoryCurves}). */
    public static Chart tracePerDepth(List<GroupSummary> slice, TheoryCurves curves) {
        String file = "trace_per_depth.png";
        if (byDepth(slice).size() < 2 || distinct(slice, s -> s.key().noiseKappa()) < 2) {
            return new Chart(file, null, "needs two depths and two values of noise_kappa");
        }
        XYChart chart = chart("Sharpness per layer T/D vs κ(Σε)" + sliceNote(slice), "κ(Σε)", "Tr H / D", true, true);
        int colour = 0;
        for (Map.Entry<Integer, List<GroupSummary>> d : byDepth(slice).entrySet()) {
            Color c = PALETTE[colour++ % PALETTE.length];
            double depth = d.getKey();
            theory(chart, "D=" + d.getKey() + " T*/D", d.getValue(), s -> s.tracePred() / depth,
                    t -> t.tracePred() / depth, curves, c, false);
            points(chart, "D=" + d.getKey() + " T(0)/D", d.getValue(), s -> s.key().noiseKappa(),
                    s -> s.fit().intercept() / depth, s -> s.fit().stderr() / depth, c, SeriesMarkers.CIRCLE, true);
        }
        return done(file, chart, true);
    }

    // ---- helpers ----

    /**
     * The linear groups by everything but depth and noise (sweep, width, init, input, teacher, sampler,
     * max_steps, d): one set of κ charts each, with one line per depth, instead of a zigzag through the other
     * axes; where the starts are pooled (init "a+b"), the pooled slice stands for them. The most common slice
     * first; on a tie the one that pools the starts.
     */
    static List<List<GroupSummary>> slices(List<GroupSummary> all) {
        Function<GroupSummary, List<Object>> rest = s -> List.of(s.key().sweep(), s.key().width(), s.key().init(),
                s.key().inputName(), s.key().teacher(), s.key().sampler(), s.key().maxSteps(), s.key().dx(), s.key().dy());
        Map<List<Object>, List<GroupSummary>> bySlice = all.stream().collect(Collectors.groupingBy(rest,
                LinkedHashMap::new, Collectors.toList()));
        // A start's own slice goes when the slice pooling it with the other starts is there: that one has its rows.
        bySlice.keySet().removeIf(key -> bySlice.keySet().stream().anyMatch(other -> {
            String init = other.get(2).toString();
            List<Object> same = new ArrayList<>(other);
            same.set(2, key.get(2));
            return init.contains("+") && List.of(init.split("\\+")).contains(key.get(2).toString()) && same.equals(key);
        }));
        return bySlice.entrySet().stream()
                .sorted(Comparator.<Map.Entry<List<Object>, List<GroupSummary>>>comparingInt(e -> e.getValue().size())
                        .thenComparing(e -> e.getKey().get(2).toString().contains("+")).reversed())
                .map(Map.Entry::getValue).toList();
    }

    /** "-width4-init_xavier" and so on: what sets a slice's files apart. */
    private static String sliceSuffix(List<GroupSummary> slice) {
        GroupKey k = slice.get(0).key();
        return ("-width" + k.width() + "-init_" + k.init() + "-" + k.inputName() + "-" + k.teacher())
                .replaceAll("[^A-Za-z0-9_.+-]", "_");
    }

    /**
     * A theory line along each noise family: groups whose spectra have the same shape, i.e. the same exponents f_i
     * in λ_i = λ_max·κ^(−f_i) (a geometric, two-level or spike spectrum keeps them as κ changes); isotropic noise
     * (κ = 1) starts every family. Spectra of two families are never joined. Where the config defines the
     * family ({@link TheoryCurves}), the line is the closed form at dense κ ({@code dense}); otherwise it joins the
     * groups' own values ({@code y}) at the grid's κ.
     */
    private static void theory(XYChart chart, String name, List<GroupSummary> g, ToDoubleFunction<GroupSummary> y,
                               ToDoubleFunction<Prediction> dense, TheoryCurves curves, Color colour, boolean dashed) {
        Map<String, List<GroupSummary>> families = new LinkedHashMap<>();
        List<GroupSummary> isotropic = g.stream().filter(s -> !(s.key().noiseKappa() > 1 + 1e-9)).toList();
        for (GroupSummary s : g) {
            if (!isotropic.contains(s)) {
                families.computeIfAbsent(shape(s.key()), f -> new ArrayList<>(isotropic)).add(s);
            }
        }
        if (families.isEmpty()) {
            families.put("", isotropic);
        }
        int n = 0;
        for (List<GroupSummary> family : families.values()) {
            family.sort(Comparator.comparingDouble(s -> s.key().noiseKappa()));
            GroupSummary last = family.get(family.size() - 1);
            String label = n++ == 0 ? name : name + ", " + last.key().noiseName() + "'s family";
            java.util.Optional<List<TheoryCurves.Point>> curve = curves.along(last.key());
            if (curve.isPresent() && curve.get().size() > 1) {
                double[] x = curve.get().stream().mapToDouble(TheoryCurves.Point::kappa).toArray();
                double[] v = curve.get().stream().mapToDouble(q -> dense.applyAsDouble(q.prediction())).toArray();
                addPositive(chart, label, x, v, null).ifPresent(series -> style(series, colour, dashed));
            } else if (family.size() == 1) {
                points(chart, label, family, s -> s.key().noiseKappa(), y, s -> 0, colour, SeriesMarkers.SQUARE, false);
            } else {
                line(chart, label, family, s -> s.key().noiseKappa(), y, colour, dashed);
            }
        }
    }

    /** A spectrum's shape: its sorted exponents log(λ_max/λ_i)/log κ, to three decimals. */
    private static String shape(GroupKey k) {
        List<Double> v = k.noiseSpectrum().stream().sorted(Comparator.reverseOrder()).toList();
        double logKappa = Math.log(k.noiseKappa());
        StringBuilder sb = new StringBuilder();
        for (double lambda : v) {
            sb.append(String.format(Locale.ROOT, "%.3f,", Math.log(v.get(0) / lambda) / logKappa));
        }
        return sb.toString();
    }

    private static String sliceNote(List<GroupSummary> slice) {
        if (slice.isEmpty()) {
            return "";
        }
        GroupKey k = slice.get(0).key();
        return " (width " + k.width() + ", init " + k.init() + ")";
    }

    private static Map<Integer, List<GroupSummary>> byDepth(List<GroupSummary> slice) {
        Map<Integer, List<GroupSummary>> out = new TreeMap<>();
        for (GroupSummary s : slice) {
            out.computeIfAbsent(s.key().depth(), d -> new ArrayList<>()).add(s);
        }
        out.values().forEach(l -> l.sort(Comparator.comparingDouble((GroupSummary s) -> s.key().noiseKappa())
                .thenComparingDouble(GroupSummary::tracePred)));
        return out;
    }

    private static Map<GroupKey, List<GroupSummary>> families(List<GroupSummary> all,
                                                              Function<GroupSummary, GroupKey> family) {
        Map<GroupKey, List<GroupSummary>> out = new TreeMap<>(Summaries.ORDER);
        for (GroupSummary s : all) {
            out.computeIfAbsent(family.apply(s), k -> new ArrayList<>()).add(s);
        }
        return out;
    }

    /** The family with the most distinct values of {@code axis}; ties go to the larger κ. */
    private static List<GroupSummary> widest(Map<GroupKey, List<GroupSummary>> families,
                                             ToDoubleFunction<GroupSummary> axis) {
        return families.values().stream()
                .max(Comparator.comparingInt((List<GroupSummary> f) -> distinct(f, axis))
                        .thenComparingDouble(f -> f.get(0).key().noiseKappa()))
                .map(f -> f.stream().sorted(Comparator.comparingDouble(axis)).toList())
                .orElse(null);
    }

    private static <T> int distinct(List<T> items, ToDoubleFunction<T> value) {
        return (int) items.stream().mapToDouble(value).distinct().count();
    }

    /** One series per (η, b) cell across the groups of a family: the raw, finite-η values. */
    private static void cellSeries(XYChart chart, List<GroupSummary> family, ToDoubleFunction<GroupSummary> x) {
        TreeSet<List<Double>> cellKeys = new TreeSet<>(Comparator.comparingDouble((List<Double> l) -> l.get(0))
                .thenComparingDouble(l -> l.get(1)));
        family.forEach(s -> s.cells().forEach(c -> cellKeys.add(List.of(c.eta(), (double) c.batch()))));
        int colour = 0;
        for (List<Double> ck : cellKeys) {
            List<Double> xs = new ArrayList<>();
            List<Double> ys = new ArrayList<>();
            List<Double> es = new ArrayList<>();
            for (GroupSummary s : family) {
                for (Extrapolation.Cell c : s.cells()) {
                    if (c.eta() == ck.get(0) && c.batch() == ck.get(1)) {
                        xs.add(x.applyAsDouble(s));
                        ys.add(c.mean());
                        es.add(cellStderr(c));
                    }
                }
            }
            Color c = PALETTE[colour++ % PALETTE.length];
            addPositive(chart, "raw η=" + fmt(ck.get(0)) + ", b=" + ck.get(1).intValue(), toArray(xs), toArray(ys),
                    toArray(es)).ifPresent(s -> {
                        s.setMarkerColor(c);
                        s.setLineColor(c);
                        s.setLineStyle(SeriesLines.DOT_DOT);
                    });
        }
    }

    private static double cellStderr(Extrapolation.Cell c) {
        return c.n() > 1 && Double.isFinite(c.variance()) ? Math.sqrt(c.variance() / c.n()) : 0;
    }

    private static java.util.Optional<XYSeries> line(XYChart chart, String name, List<GroupSummary> g,
                                                     ToDoubleFunction<GroupSummary> x, ToDoubleFunction<GroupSummary> y,
                                                     Color colour, boolean dashed) {
        java.util.Optional<XYSeries> s = addPositive(chart, name, g.stream().mapToDouble(x).toArray(),
                g.stream().mapToDouble(y).toArray(), null);
        s.ifPresent(series -> style(series, colour, dashed));
        return s;
    }

    private static void style(XYSeries series, Color colour, boolean dashed) {
        series.setMarker(SeriesMarkers.NONE);
        series.setLineColor(colour);
        series.setMarkerColor(colour);
        series.setLineStyle(dashed ? SeriesLines.DASH_DASH : SeriesLines.SOLID);
    }

    private static void points(XYChart chart, String name, List<GroupSummary> g, ToDoubleFunction<GroupSummary> x,
                               ToDoubleFunction<GroupSummary> y, ToDoubleFunction<GroupSummary> err, Color colour,
                               org.knowm.xchart.style.markers.Marker marker, boolean filled) {
        addPositive(chart, name, g.stream().mapToDouble(x).toArray(), g.stream().mapToDouble(y).toArray(),
                g.stream().mapToDouble(err).toArray()).ifPresent(s -> {
                    s.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
                    s.setMarker(marker);
                    s.setMarkerColor(filled ? colour : colour.brighter());
                    s.setLineColor(colour); // error bars take the series' line colour
                });
    }

    /**
     * Adds the points with finite, positive coordinates (log axes cannot show the rest); error bars
     * are clipped so they stay above zero. Empty: no series.
     */
    private static java.util.Optional<XYSeries> addPositive(XYChart chart, String name, double[] x, double[] y,
                                                            double[] err) {
        List<double[]> keep = new ArrayList<>();
        for (int i = 0; i < x.length; i++) {
            if (Double.isFinite(x[i]) && Double.isFinite(y[i]) && x[i] > 0 && y[i] > 0) {
                double e = err == null || !Double.isFinite(err[i]) ? 0 : Math.min(err[i], 0.999 * y[i]);
                keep.add(new double[] {x[i], y[i], e});
            }
        }
        if (keep.isEmpty()) {
            return java.util.Optional.empty();
        }
        double[] xs = keep.stream().mapToDouble(p -> p[0]).toArray();
        double[] ys = keep.stream().mapToDouble(p -> p[1]).toArray();
        XYSeries s = err == null ? chart.addSeries(name, xs, ys)
                : chart.addSeries(name, xs, ys, keep.stream().mapToDouble(p -> p[2]).toArray());
        return java.util.Optional.of(s);
    }

    /**
     * A log axis over less than ~1.5 decades gets one or no labelled tick in XChart: such an axis is
     * drawn linear instead.
     */
    private static Chart done(String file, XYChart chart) {
        return done(file, chart, false);
    }

    /** {@code keepLogX}: κ is always on a log axis (its grid is log-spaced), however short the range. */
    private static Chart done(String file, XYChart chart, boolean keepLogX) {
        double[] x = {Double.POSITIVE_INFINITY, 0};
        double[] y = {Double.POSITIVE_INFINITY, 0};
        for (XYSeries s : chart.getSeriesMap().values()) {
            for (double v : s.getXData()) {
                x[0] = Math.min(x[0], v);
                x[1] = Math.max(x[1], v);
            }
            for (double v : s.getYData()) {
                y[0] = Math.min(y[0], v);
                y[1] = Math.max(y[1], v);
            }
        }
        if (x[1] < 30 * x[0] && !keepLogX) {
            chart.getStyler().setXAxisLogarithmic(false);
        }
        if (y[1] < 30 * y[0]) {
            chart.getStyler().setYAxisLogarithmic(false);
        }
        // Say which axes are logarithmic: a short log axis carries few labelled ticks.
        if (chart.getStyler().isXAxisLogarithmic() && !chart.getXAxisTitle().endsWith("(log)")) {
            chart.setXAxisTitle(chart.getXAxisTitle() + " (log)");
        }
        if (chart.getStyler().isYAxisLogarithmic() && !chart.getYAxisTitle().endsWith("(log)")) {
            chart.setYAxisTitle(chart.getYAxisTitle() + " (log)");
        }
        return new Chart(file, chart, null);
    }

    private static XYChart chart(String title, String xTitle, String yTitle, boolean logX, boolean logY) {
        XYChart chart = new XYChartBuilder().width(1000).height(650).title(title).xAxisTitle(xTitle)
                .yAxisTitle(yTitle).build();
        chart.getStyler().setXAxisLogarithmic(logX);
        chart.getStyler().setYAxisLogarithmic(logY);
        chart.getStyler().setChartBackgroundColor(Color.WHITE);
        chart.getStyler().setPlotBackgroundColor(Color.WHITE);
        chart.getStyler().setPlotGridLinesColor(new Color(0xdddddd));
        chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideE);
        chart.getStyler().setLegendFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
        chart.getStyler().setChartTitleFont(new Font(Font.SANS_SERIF, Font.BOLD, 14));
        chart.getStyler().setMarkerSize(7);
        chart.getStyler().setErrorBarsColorSeriesColor(true);
        chart.getStyler().setDefaultSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line);
        chart.getStyler().setSeriesLines(new BasicStroke[] {SeriesLines.SOLID});
        return chart;
    }

    static String fmt(double v) {
        if (v == Math.rint(v) && Math.abs(v) < 1e6) {
            return Long.toString((long) v);
        }
        return String.format(Locale.ROOT, "%.3g", v);
    }

    private static double[] toArray(List<Double> v) {
        return v.stream().mapToDouble(Double::doubleValue).toArray();
    }
}
