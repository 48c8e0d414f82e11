package sharpsweep.driver.analysis;

import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

/**
 * The columns of the summary table (a public interface: docs/ANALYSIS.md) and its text forms, CSV and
 * printed. No Spark: notebooks print summaries too. Undefined values are empty / null.
 */
public final class SummaryColumns {
    /** A column's type, mapped to Parquet by {@link SummaryTable}. */
    public enum Type { STRING, BOOLEAN, INT, LONG, DOUBLE, DOUBLES, INTS }

    public record Column(String name, Type type, Function<GroupSummary, Object> value) {
    }

    public static final List<Column> COLUMNS = List.of(
            new Column("sweep", Type.STRING, s -> s.key().sweep()),
            new Column("model", Type.STRING, s -> s.key().model()),
            new Column("model_params", Type.STRING, s -> s.key().isLinear() ? null : s.key().modelParams()),
            new Column("loss", Type.STRING, s -> s.key().loss()),
            new Column("depth", Type.INT, s -> s.key().isLinear() ? s.key().depth() : null),
            new Column("width", Type.INT, s -> s.key().width()),
            new Column("init", Type.STRING, s -> s.key().init()),
            new Column("d_x", Type.INT, s -> s.key().dx()),
            new Column("d_y", Type.INT, s -> s.key().dy()),
            new Column("noise_name", Type.STRING, s -> s.key().noiseName()),
            new Column("noise_kappa", Type.DOUBLE, s -> s.key().noiseKappa()),
            new Column("noise_spectrum", Type.DOUBLES, s -> unboxed(s.key().noiseSpectrum())),
            new Column("input_name", Type.STRING, s -> s.key().inputName()),
            new Column("input_spectrum", Type.DOUBLES, s -> unboxed(s.key().inputSpectrum())),
            new Column("teacher", Type.STRING, s -> s.key().teacher()),
            new Column("sampler", Type.STRING, s -> s.key().isLinear() ? s.key().sampler() : null),
            new Column("max_steps", Type.LONG, s -> s.key().maxSteps()),
            new Column("n", Type.INT, GroupSummary::n),
            new Column("n_used", Type.INT, GroupSummary::used),
            new Column("n_converged", Type.INT, GroupSummary::converged),
            new Column("n_max_steps", Type.INT, GroupSummary::maxSteps),
            new Column("n_diverged", Type.INT, GroupSummary::diverged),
            new Column("n_failed", Type.INT, GroupSummary::failed),
            new Column("n_reached", Type.INT, GroupSummary::reached),
            new Column("rhat", Type.DOUBLE, s -> s.chains().rhat()),
            new Column("certified", Type.BOOLEAN, GroupSummary::certified),
            new Column("cells", Type.INT, s -> s.cells().size()),
            new Column("learning_rates", Type.DOUBLES,
                    s -> s.cells().stream().mapToDouble(Extrapolation.Cell::eta).distinct().toArray()),
            new Column("batch_sizes", Type.INTS,
                    s -> s.cells().stream().map(Extrapolation.Cell::batch).distinct().toList()),
            new Column("trace_mean", Type.DOUBLE, GroupSummary::traceMean),
            new Column("trace_stderr", Type.DOUBLE, GroupSummary::traceStderr),
            new Column("trace_extrapolated", Type.DOUBLE, s -> s.fit().intercept()),
            new Column("trace_extrapolated_stderr", Type.DOUBLE, s -> s.fit().stderr()),
            new Column("extrapolation", Type.STRING, s -> s.fit().kind().label),
            new Column("trace_extrapolated_ci95", Type.DOUBLE, s -> s.fit().halfWidth95()),
            new Column("extrapolation_dof", Type.INT, s -> s.fit().dof()),
            new Column("extrapolation_chi2", Type.DOUBLE, s -> s.fit().chi2PerDof()),
            new Column("extrapolation_p_value", Type.DOUBLE, s -> s.fit().pValue()),
            new Column("lambda_max_mean", Type.DOUBLE, GroupSummary::lambdaMaxMean),
            new Column("lambda_max_stderr", Type.DOUBLE, GroupSummary::lambdaMaxStderr),
            new Column("lambda_max_extrapolated", Type.DOUBLE, s -> s.lambdaFit().intercept()),
            new Column("lambda_max_extrapolated_stderr", Type.DOUBLE, s -> s.lambdaFit().stderr()),
            new Column("trace_pred", Type.DOUBLE, GroupSummary::tracePred),
            new Column("trace_min", Type.DOUBLE, GroupSummary::traceMin),
            new Column("lambda_max_pred", Type.DOUBLE, GroupSummary::lambdaMaxPred),
            new Column("trace_rel_err", Type.DOUBLE, GroupSummary::traceRelErr),
            new Column("trace_extrapolated_rel_err", Type.DOUBLE, GroupSummary::traceExtrapolatedRelErr),
            new Column("lambda_max_rel_err", Type.DOUBLE, GroupSummary::lambdaMaxRelErr),
            new Column("relative_sharpness", Type.DOUBLE, GroupSummary::relative),
            new Column("relative_sharpness_stderr", Type.DOUBLE, GroupSummary::relativeStderr),
            new Column("reference_noise", Type.STRING, s -> s.referenceNoise().isEmpty() ? null : s.referenceNoise()),
            new Column("layer_condition_mean", Type.DOUBLES, GroupSummary::layerConditionMean),
            new Column("relaxation_steps", Type.DOUBLE, GroupSummary::relaxationSteps),
            new Column("note", Type.STRING, GroupSummary::note));

    public static final List<String> COLUMN_NAMES = COLUMNS.stream().map(Column::name).toList();

    private SummaryColumns() {
    }

    /** The summary as CSV, one row per group, arrays as "[a, b]". */
    public static String csv(List<GroupSummary> summaries) {
        StringBuilder sb = new StringBuilder(String.join(",", COLUMN_NAMES)).append('\n');
        for (GroupSummary s : summaries) {
            for (int i = 0; i < COLUMNS.size(); i++) {
                if (i > 0) {
                    sb.append(',');
                }
                sb.append(csvField(COLUMNS.get(i).value().apply(s)));
            }
            sb.append('\n');
        }
        return sb.toString();
    }

    /** The printed table: the columns a reader looks at first; D is the model's name for a nonlinear one. */
    public static void print(List<GroupSummary> summaries, PrintStream out) {
        PrintWriter w = new PrintWriter(out, true);
        print(summaries, w);
        w.flush();
    }

    /** The printed table, one line per group: certified groups first, then the others, apart. */
    public static void print(List<GroupSummary> summaries, PrintWriter out) {
        List<GroupSummary> certified = summaries.stream().filter(GroupSummary::certified).toList();
        List<GroupSummary> other = summaries.stream().filter(s -> !s.certified()).toList();
        if (!certified.isEmpty()) {
            out.println("certified (every row reached equilibrium, R-hat <= " + Summaries.RHAT_LIMIT + "):");
            printRows(certified, out);
        }
        if (!other.isEmpty()) {
            out.println((certified.isEmpty() ? "" : "\n") + "not certified (reached = rows at equilibrium of n;"
                    + " R-hat needs two rows at one learning rate and batch size):");
            printRows(other, out);
        }
    }

    private static void printRows(List<GroupSummary> summaries, PrintWriter out) {
        out.printf(Locale.ROOT, "%-10s %-8s %-8s %5s %-10s %4s %7s %6s %-9s %10s %8s %10s %8s %10s %8s %8s %8s %8s%n",
                "sweep", "noise", "D", "width", "init", "n", "reached", "R-hat", "fit", "T mean", "±", "T(0)", "±",
                "T*", "T(0)/T*-1", "T_min", "lam0/lam*", "T/T(iso)");
        for (GroupSummary s : summaries) {
            GroupKey k = s.key();
            double lambda = Double.isFinite(s.lambdaFit().intercept()) ? s.lambdaFit().intercept() : s.lambdaMaxMean();
            out.printf(Locale.ROOT, "%-10s %-8s %-8s %5d %-10s %4d %7d %6s %-9s %10s %8s %10s %8s %10s %8s %8s %8s %8s%n",
                    clip(k.sweep(), 10), clip(k.noiseName(), 8), (k.isSquaredError() ? "" : "ce ")
                            + (k.isLinear() ? Integer.toString(k.depth()) : clip(k.model(), 5)), k.width(), clip(k.init(), 10), s.n(), s.reached(),
                    rhat(s.chains().rhat()), s.fit().kind().label, num(s.traceMean()), num(s.traceStderr()),
                    num(s.fit().intercept()), num(s.fit().stderr()), num(s.tracePred()),
                    pct(s.traceExtrapolatedRelErr()), num(s.traceMin()), num(lambda / s.lambdaMaxPred()),
                    num(s.relative()));
        }
    }

    private static String rhat(double v) {
        return Double.isFinite(v) ? String.format(Locale.ROOT, "%.3f", v) : "-";
    }

    private static String clip(String s, int n) {
        return s.length() <= n ? s : s.substring(0, n - 1) + "~";
    }

    private static String num(double v) {
        return Double.isFinite(v) ? String.format(Locale.ROOT, "%.4g", v) : "-";
    }

    private static String pct(double v) {
        return Double.isFinite(v) ? String.format(Locale.ROOT, "%+.2f%%", 100 * v) : "-";
    }

    private static String csvField(Object v) {
        if (v == null || v instanceof Double d && !Double.isFinite(d)) {
            return "";
        }
        if (v instanceof double[] a) {
            StringBuilder sb = new StringBuilder("\"[");
            for (int i = 0; i < a.length; i++) {
                sb.append(i > 0 ? ", " : "").append(Double.isFinite(a[i]) ? Double.toString(a[i]) : "null");
            }
            return sb.append("]\"").toString();
        }
        if (v instanceof List<?> l) {
            return "\"" + l.toString() + "\"";
        }
        String s = v.toString();
        return s.contains(",") || s.contains("\"") || s.contains("\n") ? "\"" + s.replace("\"", "\"\"") + "\"" : s;
    }

    private static double[] unboxed(List<Double> v) {
        return v.stream().mapToDouble(Double::doubleValue).toArray();
    }
}
