package sharpsweep.driver.cli;

import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import sharpsweep.driver.config.ConfigReader;
import sharpsweep.driver.config.SweepConfig;
import sharpsweep.driver.grid.CostModel;
import sharpsweep.driver.grid.SpeedProbe;
import sharpsweep.driver.grid.Grid;
import sharpsweep.driver.grid.GridPoint;
import sharpsweep.driver.grid.PointTheory;
import sharpsweep.kernel.spec.Loss;

@Command(name = "plan", mixinStandardHelpOptions = true, description = "Grid size per axis and in total, T* range, and per point tau, the resolved learning rate, the budget and the expected time, before anything runs; warns about groups that cannot be certified.")
final class PlanCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "CONFIG", description = "sweep config (YAML)")
    Path config;

    @Option(names = "--scale", paramLabel = "K", defaultValue = "1",
            description = "run K times the config's replicates (cluster-size versions of the laptop configs)")
    int scale;

    @Option(names = "--all", description = "list every point (default: the first " + LISTED + ")")
    boolean all;

    /** Points listed by default: a screenful. */
    static final int LISTED = 40;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        SweepConfig c = ConfigReader.read(config).scaled(scale);
        out.printf("sweep '%s' (%s): d_x = %d, d_y = %d%n", c.sweep(), config, c.dx(), c.dy());
        for (String axis : SweepConfig.AXES) {
            String zipped = c.zip().stream().filter(g -> g.contains(axis)).findFirst()
                    .map(g -> "  (zipped with " + String.join(", ", g.stream().filter(a -> !a.equals(axis)).toList()) + ")")
                    .orElse("");
            out.printf("  %-14s %6d%s%n", axis, c.axisLength(axis), zipped);
        }
        long points = Grid.points(c).size(); // exact: nonlinear points that ignore depth and teacher collapse
        long tasks = points * c.replicates();
        out.printf("  %-14s %6d%n  %-14s %6d%n  %-14s %6d%s%n", "points", points, "replicates", c.replicates(),
                "tasks", tasks, tasks > c.maxPoints() ? "  (above max_points " + c.maxPoints() + ": run needs --force)" : "");

        List<GridPoint> grid = Grid.points(c);
        CostModel cost = new CostModel();
        double[] traces = grid.stream().mapToDouble(p -> PointTheory.forWidth(p).tracePred()).filter(Double::isFinite).sorted().toArray();
        double[] steps = grid.stream().mapToDouble(cost::expectedSteps).sorted().toArray();
        SpeedProbe speed = new SpeedProbe();
        double[] seconds = grid.stream().mapToDouble(speed::seconds).sorted().toArray();
        double cpu = Arrays.stream(seconds).sum() * c.replicates();
        int cores = Runtime.getRuntime().availableProcessors();
        if (traces.length > 0) {
            out.printf("T* from %.4g to %.4g%n", traces[0], traces[traces.length - 1]);
        }
        out.printf("expected steps per task: min %.3g, median %.3g, max %.3g (budget max_steps = %d)%n",
                steps[0], steps[steps.length / 2], steps[steps.length - 1], c.maxSteps());
        out.printf("expected time per task:  min %s, median %s, max %s%n", human(seconds[0]),
                human(seconds[seconds.length / 2]), human(seconds[seconds.length - 1]));
        out.printf("expected total: %s of CPU, about %s on this machine's %d cores%n", human(cpu),
                human(cpu / cores), cores);
        out.println("(steps from the relaxation time tau = b/(eta^2 rho) and the convergence rule, max_steps for"
                + " nonlinear models; time from the kernel's speed measured now on this machine, per shape: a step and"
                + " each kind of measurement, docs/BENCHMARKS.md)");
        listPoints(out, grid, cost, speed);
        warnShortBudgets(spec.commandLine().getErr(), c, grid);
        warnUncertifiable(spec.commandLine().getErr(), c, grid);
        return Main.OK;
    }

    /**
     * What the design itself keeps from a certified T(0) (docs/ANALYSIS.md): R̂ needs two rows in an (η, b)
     * cell, and an error bar on T(0) needs more cells than fitted terms.
     */
    private static void warnUncertifiable(PrintWriter err, SweepConfig c, List<GridPoint> grid) {
        java.util.Map<String, java.util.Set<String>> cells = new java.util.LinkedHashMap<>();
        java.util.Map<String, java.util.Set<Integer>> batches = new java.util.HashMap<>();
        java.util.Map<String, java.util.Set<String>> inits = new java.util.HashMap<>();
        for (GridPoint p : grid) {
            String group = p.model().name() + " D=" + (p.model().isLinear() ? p.depth() : "-") + " width "
                    + p.width() + " noise " + p.noise().name();
            cells.computeIfAbsent(group, g -> new java.util.TreeSet<>()).add(p.learningRate().text() + "/" + p.batchSize());
            batches.computeIfAbsent(group, g -> new java.util.TreeSet<>()).add(p.batchSize());
            inits.computeIfAbsent(group, g -> new java.util.TreeSet<>()).add(p.init().label());
        }
        int noErrorBar = 0;
        String example = "";
        for (java.util.Map.Entry<String, java.util.Set<String>> e : cells.entrySet()) {
            int etas = (int) e.getValue().stream().map(v -> v.substring(0, v.indexOf('/'))).distinct().count();
            int terms = etas > 1 && batches.get(e.getKey()).size() > 1 && e.getValue().size() >= 3 ? 3 : 2;
            if (e.getValue().size() <= terms) {
                noErrorBar++;
                example = e.getKey() + " (" + e.getValue().size() + " (eta, b) cells for " + terms + " fitted terms)";
            }
        }
        if (noErrorBar > 0) {
            err.printf("warning: %d of %d groups will have no error bar on T(0), e.g. %s: add a learning rate%n",
                    noErrorBar, cells.size(), example);
        }
        long nonlinear = grid.stream().filter(p -> !p.hasTheory()).map(p -> p.model().name()).distinct().count();
        if (nonlinear > 0) {
            err.println("warning: nonlinear models (and cross-entropy) have no relaxation time: their rows reach"
                    + " equilibrium only if T has plateaued over the last doubling of steps (the window mean of T at"
                    + " the end within its standard error of the one at half the steps), which short budgets rarely"
                    + " give");
        }
        boolean severalInits = inits.values().stream().anyMatch(v -> v.size() > 1);
        if (c.replicates() < 2) {
            err.println(severalInits
                    ? "warning: replicates 1: each init's own groups cannot be certified (R-hat needs two rows in an"
                    + " (eta, b) cell); the groups that pool the inits can"
                    : "warning: replicates 1 and one init: no group can be certified (R-hat needs two rows in an"
                    + " (eta, b) cell); raise replicates or add a start");
        }
    }

    /** Per point: τ, the resolved η and budget, the expected steps and time (docs/CONFIG.md). */
    private void listPoints(PrintWriter out, List<GridPoint> grid, CostModel cost, SpeedProbe speed) {
        out.printf("%-14s %-5s %6s %5s %-10s %-12s %10s %10s %10s %9s %10s %9s%n", "model", "D", "width", "b", "init",
                "noise", "eta", "eta*lam*", "tau", "budget", "budget/tau", "time");
        int shown = all ? grid.size() : Math.min(LISTED, grid.size());
        for (GridPoint p : grid.subList(0, shown)) {
            boolean linear = p.model().isLinear();
            double tau = p.relaxationSteps();
            double lambda = p.hasTheory() ? PointTheory.of(p).lambdaMaxPred() : Double.NaN;
            String model = p.model().name() + (p.loss() == Loss.MSE ? "" : " " + p.loss().label());
            out.printf("%-14s %-5s %6d %5d %-10s %-12s %10.4g %10s %10s %9.3g %10s %9s%n", clip(model, 14),
                    linear ? Integer.toString(p.depth()) : "-", p.width(), p.batchSize(), clip(p.init().label(), 10),
                    clip(p.noise().name(), 12), p.eta(), number(p.eta() * lambda), number(tau), (double) p.budget(),
                    number(p.budget() / tau), human(speed.seconds(p)));
        }
        if (shown < grid.size()) {
            out.printf("... %d more points (--all lists them)%n", grid.size() - shown);
        }
    }

    /**
     * One line per group (a point but η and b) whose budget is below what the verdict needs at some (η, b) — the
     * burn-in of convergence.relaxation_times τ plus the stable_windows + 1 windows T averages: its runs
     * cannot reach equilibrium and will end MAX_STEPS, not certified.
     */
    private static void warnShortBudgets(PrintWriter err, SweepConfig c, List<GridPoint> grid) {
        java.util.Map<String, double[]> worst = new java.util.LinkedHashMap<>();
        java.util.Map<String, GridPoint> example = new java.util.HashMap<>();
        for (GridPoint p : grid) {
            if (!p.hasTheory()) {
                continue;
            }
            double times = p.budget() / p.relaxationSteps();
            if (p.budget() < p.convergence().stepsNeeded(p.relaxationSteps())) {
                String group = p.depth() + "|" + p.width() + "|" + p.init().label() + "|" + p.noise().name() + "|"
                        + p.input().name() + "|" + p.teacher().label() + "|" + p.model().canonical();
                double[] w = worst.computeIfAbsent(group, g -> new double[] {Double.POSITIVE_INFINITY, 0});
                w[1]++;
                if (times < w[0]) {
                    w[0] = times;
                    example.put(group, p);
                }
            }
        }
        for (java.util.Map.Entry<String, double[]> e : worst.entrySet()) {
            GridPoint p = example.get(e.getKey());
            String cause = p.budget() < p.maxSteps() ? "budget_relaxation_times " + p.budgetRelaxationTimes().text()
                    : "max_steps " + p.maxSteps();
            err.printf("warning: D=%d width %d init %s noise %s: %s caps the budget at %.2g relaxation times"
                            + " (need %.3g) at %d (eta, b) points, e.g. eta %.3g b %d: those runs cannot reach"
                            + " equilibrium; raise it to %d steps or the learning rate%n",
                    p.depth(), p.width(), p.init().label(), p.noise().name(), cause, e.getValue()[0],
                    p.convergence().stepsNeeded(p.relaxationSteps()) / p.relaxationSteps(), (int) e.getValue()[1],
                    p.eta(), p.batchSize(), (long) Math.ceil(p.convergence().stepsNeeded(p.relaxationSteps())));
        }
    }

    private static String number(double v) {
        return Double.isFinite(v) ? String.format(java.util.Locale.ROOT, "%.3g", v) : "-";
    }

    private static String clip(String s, int n) {
        return s.length() <= n ? s : s.substring(0, n - 1) + "~";
    }

    static String human(double s) {
        if (s < 1) {
            return String.format("%.0f ms", s * 1000);
        }
        if (s < 120) {
            return String.format("%.1f s", s);
        }
        if (s < 7200) {
            return String.format("%.1f min", s / 60);
        }
        return String.format("%.1f h", s / 3600);
    }
}
