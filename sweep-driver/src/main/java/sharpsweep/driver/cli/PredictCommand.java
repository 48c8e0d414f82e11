package sharpsweep.driver.cli;

import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
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
import sharpsweep.driver.grid.PointTheory;
import sharpsweep.kernel.theory.Prediction;

@Command(name = "predict", mixinStandardHelpOptions = true, description = "Theory only (T*, T_min, lambda*_max per grid point), no SGD.")
final class PredictCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    enum Format { table, csv, json }

    /**
     * The columns, named as in the result table (docs/DESIGN.md §6) in every format. A value that does not
     * apply (a nonlinear model's depth and theory, theory below rank V′) is blank in a table or CSV, null in
     * JSON. The printed table leaves out point_key (it is long; CSV and JSON have it).
     */
    static final List<String> COLUMNS = List.of("point_key", "model", "depth", "width", "batch_size", "learning_rate",
            "init", "noise_name", "noise_kappa", "input_name", "teacher", "trace_pred", "trace_min", "lambda_max_pred");
    /** Printed width of each column in the table (0: not printed); numbers are right-aligned. */
    private static final int[] WIDTHS = {0, 11, 5, 5, 10, 13, 9, 14, 10, 10, 22, 10, 10, 15};

    @Parameters(index = "0", paramLabel = "CONFIG", description = "sweep config (YAML)")
    Path config;

    @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "table",
            description = "table, csv or json (default ${DEFAULT-VALUE}); the same column names in each")
    Format format;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        SweepConfig c = ConfigReader.read(config);
        List<GridPoint> points = Grid.points(c);
        switch (format) {
            case table -> out.println(tableLine(COLUMNS.stream().map(n -> (Object) n).toList(), true));
            case csv -> out.println(String.join(",", COLUMNS));
            case json -> out.println("[");
        }
        for (int i = 0; i < points.size(); i++) {
            List<Object> v = values(points.get(i), PointTheory.forWidth(points.get(i)));
            switch (format) {
                case table -> out.println(tableLine(v, false));
                case csv -> out.println(String.join(",", v.stream().map(PredictCommand::csv).toList()));
                case json -> {
                    List<String> fields = new ArrayList<>();
                    for (int k = 0; k < COLUMNS.size(); k++) {
                        fields.add(Canonical.quote(COLUMNS.get(k)) + ": " + json(v.get(k)));
                    }
                    out.println("  {" + String.join(", ", fields) + "}" + (i + 1 < points.size() ? "," : ""));
                }
            }
        }
        if (format == Format.json) {
            out.println("]");
        }
        return Main.OK;
    }

    /** One point's values in {@link #COLUMNS} order: String, Integer or Double, null where not applicable. */
    static List<Object> values(GridPoint p, Prediction t) {
        boolean linear = p.model().isLinear();
        String teacher = linear ? p.teacher().label() : p.model().name() + "(width=" + p.model().network().teacherWidth()
                + ",seed=" + p.model().network().teacherSeed() + ")";
        return java.util.Arrays.asList(p.key(), p.model().name(), linear ? p.depth() : null, p.width(), p.batchSize(),
                p.eta(), p.init().label(), p.noise().name(), p.noise().conditionNumber(p.dy()),
                p.input().name(), teacher, finite(t.tracePred()), finite(t.traceMin()), finite(t.lambdaMaxPred()));
    }

    private static Double finite(double v) {
        return Double.isFinite(v) ? v : null;
    }

    private static String tableLine(List<Object> v, boolean header) {
        StringBuilder sb = new StringBuilder();
        for (int k = 0; k < v.size(); k++) {
            if (WIDTHS[k] == 0) {
                continue;
            }
            Object x = v.get(k);
            String text = x == null ? "" : x instanceof Double d ? short4(d) : x.toString();
            boolean right = !header && (x instanceof Number);
            String cell = right ? String.format("%" + WIDTHS[k] + "s", text) : String.format("%-" + WIDTHS[k] + "s", text);
            sb.append(sb.length() == 0 ? "" : " ").append(cell);
        }
        return sb.toString().stripTrailing();
    }

    /** Four significant digits without trailing zeros (0.02, 8.538, 1.000e+04 → 10000), plain between 1e-4 and 1e6. */
    static String short4(double d) {
        if (d == 0 || (Math.abs(d) >= 1e-4 && Math.abs(d) < 1e6)) {
            return new java.math.BigDecimal(d).round(new java.math.MathContext(4)).stripTrailingZeros().toPlainString();
        }
        return String.format(Locale.ROOT, "%.3e", d);
    }

    private static String csv(Object x) {
        if (x == null) {
            return "";
        }
        return x instanceof String s ? "\"" + s.replace("\"", "\"\"") + "\"" : x.toString();
    }

    private static String json(Object x) {
        if (x == null) {
            return "null";
        }
        return x instanceof String s ? Canonical.quote(s) : x.toString();
    }
}
