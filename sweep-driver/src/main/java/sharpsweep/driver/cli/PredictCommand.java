package sharpsweep.driver.cli;

import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import sharpsweep.driver.config.Canonical;
import sharpsweep.driver.config.ConfigReader;
import sharpsweep.driver.config.SweepConfig;
import sharpsweep.driver.grid.Grid;
import sharpsweep.driver.grid.GridPoint;
import sharpsweep.kernel.theory.Prediction;

@Command(name = "predict", mixinStandardHelpOptions = true, description = "Theory only (T*, T_min, lambda*_max per grid point), no SGD.")
final class PredictCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    enum Format { table, csv, json }

    /** Column names as in the result table (docs/DESIGN.md §6). */
    static final List<String> COLUMNS = List.of("point_key", "depth", "width", "batch_size", "learning_rate", "init",
            "noise_name", "noise_kappa", "input_name", "teacher", "trace_pred", "trace_min", "lambda_max_pred");

    @Parameters(index = "0", paramLabel = "CONFIG", description = "sweep config (YAML)")
    Path config;

    @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "table", description = "table, csv or json (default ${DEFAULT-VALUE})")
    Format format;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        SweepConfig c = ConfigReader.read(config);
        Theories theory = new Theories();
        List<GridPoint> points = Grid.points(c);
        if (format == Format.table) {
            out.printf("%-6s %-6s %-6s %-10s %-8s %-14s %-10s %-10s %-12s %10s %10s %10s%n", "depth", "width",
                    "batch", "eta", "init", "noise", "kappa", "input", "teacher", "T*", "T_min", "lambda*");
        } else if (format == Format.csv) {
            out.println(String.join(",", COLUMNS));
        } else {
            out.println("[");
        }
        for (int i = 0; i < points.size(); i++) {
            GridPoint p = points.get(i);
            Prediction t = theory.forWidth(p);
            double kappa = p.noise().conditionNumber(p.dy());
            switch (format) {
                case table -> out.printf(Locale.ROOT, "%-6d %-6d %-6d %-10s %-8s %-14s %-10.4g %-10s %-12s %10s %10s %10s%n",
                        p.depth(), p.width(), p.batchSize(), p.learningRate().text(), p.init().label(), p.noise().name(),
                        kappa, p.input().name(), p.teacher().label(), num(t.tracePred()), num(t.traceMin()),
                        num(t.lambdaMaxPred()));
                case csv -> out.println(String.join(",", csv(p.key()), Integer.toString(p.depth()),
                        Integer.toString(p.width()), Integer.toString(p.batchSize()), p.learningRate().text(),
                        csv(p.init().label()), csv(p.noise().name()), num(kappa), csv(p.input().name()),
                        csv(p.teacher().label()), num(t.tracePred()), num(t.traceMin()), num(t.lambdaMaxPred())));
                case json -> out.println("  {" + String.join(", ",
                        "\"point_key\": " + Canonical.quote(p.key()), "\"depth\": " + p.depth(), "\"width\": " + p.width(),
                        "\"batch_size\": " + p.batchSize(), "\"learning_rate\": " + p.learningRate().text(),
                        "\"init\": " + Canonical.quote(p.init().label()), "\"noise_name\": " + Canonical.quote(p.noise().name()),
                        "\"noise_kappa\": " + jsonNum(kappa), "\"input_name\": " + Canonical.quote(p.input().name()),
                        "\"teacher\": " + Canonical.quote(p.teacher().label()), "\"trace_pred\": " + jsonNum(t.tracePred()),
                        "\"trace_min\": " + jsonNum(t.traceMin()), "\"lambda_max_pred\": " + jsonNum(t.lambdaMaxPred()))
                        + "}" + (i + 1 < points.size() ? "," : ""));
            }
        }
        if (format == Format.json) {
            out.println("]");
        }
        return Main.OK;
    }

    private static String num(double v) {
        return Double.isNaN(v) ? "" : Double.toString(v);
    }

    private static String jsonNum(double v) {
        return Double.isFinite(v) ? Double.toString(v) : "null";
    }

    private static String csv(String s) {
        return "\"" + s.replace("\"", "\"\"") + "\"";
    }
}
