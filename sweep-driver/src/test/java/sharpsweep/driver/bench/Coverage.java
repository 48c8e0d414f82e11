package sharpsweep.driver.bench;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import sharpsweep.driver.analysis.Extrapolation;
import sharpsweep.driver.config.ConfigReader;
import sharpsweep.driver.config.SweepConfig;
import sharpsweep.driver.grid.Grid;
import sharpsweep.driver.grid.GridPoint;
import sharpsweep.driver.grid.TaskIdentity;
import sharpsweep.kernel.sgd.Kernel;
import sharpsweep.kernel.spec.TaskResult;

/**
 * How often a shipped config's design brackets T* (docs/RESULTS.md): for one group of a config (depth, noise),
 * K independent copies of its design — every (η, b, init) point once, with replicate k's seed — are run by the
 * kernel (a copy holds the config's {@code replicates} seeds of every point: copy k uses replicates
 * k·R … k·R + R − 1), each copy fitted like {@code analyze} fits a group (the starts pooled, reached rows only), and the
 * fraction of copies whose interval holds T* is counted: the Student-t 95 % interval and ±1.96 standard errors.
 *
 * <pre>mvn -B -q -pl sweep-driver test-compile exec:java -Dexec.classpathScope=test \
 *   -Dexec.mainClass=sharpsweep.driver.bench.Coverage -Dexec.args="conf/paper-fig3.yaml 3 k100 40 2"</pre>
 * Arguments: config, depth, noise name, copies K, threads[, width (when the config has several)].
 */
public final class Coverage {
    private Coverage() {
    }

    public static void main(String[] args) throws Exception {
        SweepConfig config = ConfigReader.read(Path.of(args[0]));
        int depth = Integer.parseInt(args[1]);
        String noise = args[2];
        int copies = Integer.parseInt(args[3]);
        int threads = Integer.parseInt(args[4]);
        int width = args.length > 5 ? Integer.parseInt(args[5]) : -1;
        List<GridPoint> design = Grid.points(config).stream()
                .filter(p -> p.depth() == depth && p.noise().name().equals(noise) && (width < 0 || p.width() == width))
                .toList();
        double tStar = sharpsweep.driver.grid.PointTheory.of(design.get(0)).tracePred();
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        List<List<Future<TaskResult>>> runs = new ArrayList<>();
        for (int k = 0; k < copies; k++) {
            List<Future<TaskResult>> copy = new ArrayList<>();
            for (GridPoint p : design) {
                for (int r = 0; r < config.replicates(); r++) {
                    long seed = TaskIdentity.seed(p.key(), k * config.replicates() + r);
                    copy.add(pool.submit(() -> Kernel.run(p.taskSpec(seed))));
                }
            }
            runs.add(copy);
        }
        int insideT = 0;
        int insideZ = 0;
        int fitted = 0;
        int notReached = 0;
        double sumZ2 = 0;
        List<Double> intercepts = new ArrayList<>();
        double sumStderr = 0;
        for (int k = 0; k < copies; k++) {
            List<Extrapolation.Cell> cells = new ArrayList<>();
            // One cell per (η, b): the rows of every start there.
            java.util.Map<List<Double>, List<Double>> byCell = new java.util.TreeMap<>(
                    java.util.Comparator.comparing((List<Double> l) -> l.get(0)).thenComparing(l -> l.get(1)));
            for (int j = 0; j < runs.get(k).size(); j++) {
                int i = j / config.replicates();
                TaskResult r = runs.get(k).get(j).get();
                if (!"reached".equals(r.equilibrium())) {
                    if (notReached++ < 3) {
                        System.out.printf(Locale.ROOT, "not reached: %s init %s eta %.4g: %s after %.3g tau, T/T* %.4f,"
                                + " loss gap %.3g, residual %.3g%n", r.status(), design.get(i).init().label(),
                                design.get(i).eta(), r.equilibrium(), r.relaxationTimes(), r.traceHessian() / tStar,
                                r.lossGap(), r.equilibriumResidual());
                    }
                    continue;
                }
                GridPoint p = design.get(i);
                if (k < Integer.getInteger("coverage.show", 0)) {
                    System.out.printf(Locale.ROOT, "copy %d %-8s c %.3g: T/T* %.5f, relaxation times %.2f, residual %.3g,"
                                    + " loss gap %.3g, window std %.4g%n", k, p.init().label(), p.learningRate().value(),
                            r.traceHessian() / tStar, r.relaxationTimes(), r.equilibriumResidual(), r.lossGap(),
                            r.traceHessianStd());
                }
                byCell.computeIfAbsent(List.of(p.eta(), (double) p.batchSize()), c -> new ArrayList<>())
                        .add(r.traceHessian());
            }
            for (var e : byCell.entrySet()) {
                double[] v = e.getValue().stream().mapToDouble(Double::doubleValue).toArray();
                double mean = java.util.Arrays.stream(v).average().orElseThrow();
                double ss = java.util.Arrays.stream(v).map(x -> (x - mean) * (x - mean)).sum();
                cells.add(new Extrapolation.Cell(e.getKey().get(0), e.getKey().get(1).intValue(), mean,
                        v.length > 1 ? ss / (v.length - 1) : Double.NaN, v.length));
            }
            Extrapolation.Fit fit = Extrapolation.fit(cells);
            if (!Double.isFinite(fit.stderr())) {
                continue;
            }
            fitted++;
            intercepts.add(fit.intercept());
            sumStderr += fit.stderr();
            double miss = Math.abs(fit.intercept() - tStar);
            insideT += miss <= fit.halfWidth95() ? 1 : 0;
            insideZ += miss <= 1.96 * fit.stderr() ? 1 : 0;
            sumZ2 += miss * miss / (fit.stderr() * fit.stderr());
            System.out.printf(Locale.ROOT, "copy %2d: T(0) = %.4f ± %.4f (dof %d), T* = %.4f, z = %+.2f%n", k,
                    fit.intercept(), fit.stderr(), fit.dof(), tStar, (fit.intercept() - tStar) / fit.stderr());
        }
        pool.shutdown();
        double mean = intercepts.stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN);
        double spread = Math.sqrt(intercepts.stream().mapToDouble(x -> (x - mean) * (x - mean)).sum()
                / Math.max(1, intercepts.size() - 1));
        System.out.printf(Locale.ROOT, "T(0) over the copies: mean %.4f (T* %.4f, %+.2f %% ± %.2f %%), spread %.4f"
                        + " (%.2f %% of T*); mean stated stderr %.4f%n", mean, tStar, 100 * (mean / tStar - 1),
                100 * spread / Math.sqrt(intercepts.size()) / tStar, spread, 100 * spread / tStar,
                sumStderr / intercepts.size());
        System.out.printf(Locale.ROOT, "%s D=%d %s: %d copies of %d tasks, %d fitted, %d rows not reached;"
                        + " coverage of T* = %.4f: t 95%% %.3f ± %.3f, ±1.96 sigma %.3f ± %.3f; mean z^2 %.2f%n",
                config.sweep(), depth, noise, copies, design.size() * config.replicates(), fitted, notReached, tStar,
                insideT / (double) fitted, binomial(insideT, fitted), insideZ / (double) fitted,
                binomial(insideZ, fitted), sumZ2 / fitted);
    }

    private static double binomial(int k, int n) {
        double p = k / (double) n;
        return Math.sqrt(p * (1 - p) / n);
    }
}
