package sharpsweep.driver.analysis;

import java.util.List;

/**
 * Read access to one row of the result table by column name, whatever engine produced it (Spark
 * SQL, JDBC). Nulls read as NaN for doubles, so undefined values stay undefined.
 */
public interface Columns {
    /** A string column; null reads as "". */
    String string(String column);

    /** An int column; null reads as 0 (a nonlinear model's depth). */
    int integer(String column);

    long longValue(String column);

    double real(String column);

    /** An array<double> column; null elements read as NaN. */
    double[] reals(String column);

    /** An array<bigint> column. */
    long[] longs(String column);

    /** The columns a summary needs, in the order of docs/DESIGN.md §6, for SELECTs. */
    List<String> MEASUREMENT_COLUMNS = List.of("sweep", "model", "model_params", "depth", "width", "init", "d_x", "d_y", "noise_name",
            "noise_kappa", "noise_spectrum", "input_name", "input_spectrum", "teacher", "sampler", "max_steps",
            "learning_rate", "batch_size", "replicate", "status", "steps", "trace_hessian", "lambda_max",
            "layer_condition", "trace_pred", "trace_min", "lambda_max_pred",
            "relaxation_steps", "trace_hessian_std", "point_key", "equilibrium", "loss");

    /** String columns of {@link #MEASUREMENT_COLUMNS} that older schemas lack (3, 6): selected as NULL there. */
    List<String> LATER_COLUMNS = List.of("equilibrium", "loss");

    /** The SELECT list of {@link #MEASUREMENT_COLUMNS} for a table that has {@code present} columns. */
    static String selectList(java.util.Collection<String> present) {
        return String.join(", ", MEASUREMENT_COLUMNS.stream()
                .map(c -> present.contains(c) || !LATER_COLUMNS.contains(c) ? c : "CAST(NULL AS STRING) AS " + c)
                .toList());
    }

    default GroupKey groupKey() {
        return new GroupKey(string("sweep"), string("model"), string("model_params"), integer("depth"),
                integer("width"), string("init"), integer("d_x"),
                integer("d_y"), string("noise_name"), real("noise_kappa"), boxed(reals("noise_spectrum")),
                string("input_name"), boxed(reals("input_spectrum")), string("teacher"), string("sampler"),
                configuredMaxSteps(string("point_key"), longValue("max_steps")),
                string("loss").isEmpty() ? "mse" : string("loss"));
    }

    /**
     * The config's max_steps, from the point key (docs/DESIGN.md §4): with budget_relaxation_times the column
     * holds each task's budget, which varies with η, and a group (rows that differ only in η, b, replicate)
     * must not split on it.
     */
    static long configuredMaxSteps(String pointKey, long column) {
        return keyNumber(pointKey, "max_steps", column);
    }

    /** The first whole number the point key holds under {@code "name":}, or {@code absent}. */
    static long keyNumber(String pointKey, String name, long absent) {
        String tag = "\"" + name + "\":";
        int at = pointKey.indexOf(tag);
        if (at < 0) {
            return absent;
        }
        int from = at + tag.length();
        int to = from;
        while (to < pointKey.length() && Character.isDigit(pointKey.charAt(to))) {
            to++;
        }
        return to > from ? Long.parseLong(pointKey.substring(from, to)) : absent;
    }

    default Measurement measurement() {
        return new Measurement(groupKey(), real("learning_rate"), integer("batch_size"), integer("replicate"),
                string("status"), longValue("steps"), real("trace_hessian"), real("lambda_max"),
                reals("layer_condition"), real("trace_pred"), real("trace_min"),
                real("lambda_max_pred"), real("relaxation_steps"), string("equilibrium"), real("trace_hessian_std"),
                windowMeasurements(string("point_key")));
    }

    /**
     * The measurements behind a row's T: measurements_per_window × (stable_windows + 1) from the point key's
     * convergence settings (docs/DESIGN.md §4, §7), or their defaults.
     */
    static int windowMeasurements(String pointKey) {
        sharpsweep.kernel.spec.ConvergenceSettings d = sharpsweep.kernel.spec.ConvergenceSettings.defaults();
        return (int) (keyNumber(pointKey, "measurements_per_window", d.measurementsPerWindow())
                * (keyNumber(pointKey, "stable_windows", d.stableWindows()) + 1));
    }

    /**
     * A trajectory from a row that also holds the arrays {@code t_step}, {@code t_trace} and
     * {@code t_lambda} (the trajectory's fields, selected by the reader).
     */
    default Trajectory trajectory() {
        return new Trajectory(groupKey(), real("learning_rate"), integer("batch_size"), integer("replicate"),
                real("trace_pred"), real("lambda_max_pred"), longs("t_step"), reals("t_trace"),
                reals("t_lambda"));
    }

    private static List<Double> boxed(double[] v) {
        return java.util.Arrays.stream(v).boxed().toList();
    }
}
