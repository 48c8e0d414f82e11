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
import sharpsweep.driver.grid.Grid;
import sharpsweep.driver.grid.GridPoint;

@Command(name = "plan", mixinStandardHelpOptions = true, description = "Grid size per axis and in total, T* range, expected steps and time, before anything runs.")
final class PlanCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "CONFIG", description = "sweep config (YAML)")
    Path config;

    @Option(names = "--scale", paramLabel = "K", defaultValue = "1",
            description = "run K times the config's replicates (cluster-size versions of the laptop configs)")
    int scale;

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
        Theories theory = new Theories();
        CostModel cost = new CostModel();
        double[] traces = grid.stream().mapToDouble(p -> theory.forWidth(p).tracePred()).filter(Double::isFinite).sorted().toArray();
        double[] steps = grid.stream().mapToDouble(cost::expectedSteps).sorted().toArray();
        double[] seconds = grid.stream().mapToDouble(cost::seconds).sorted().toArray();
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
        out.println("(steps from the relaxation time b/(2 eta^2 lambda_min(Sigma_eps) Tr Sigma_x) and the"
                + " convergence rule, max_steps for nonlinear models; time from the kernels' measured speed,"
                + " docs/BENCHMARKS.md)");
        return Main.OK;
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
