package sharpsweep.driver.run;

import java.io.IOException;
import java.io.PrintWriter;
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import sharpsweep.driver.storage.Folder;
import sharpsweep.driver.table.SparkRead;

/**
 * The table a run ends with: per noise spectrum (by κ, as analyze orders them) and depth, rows converged and
 * reached, measured T (± std over every row) vs T* vs T_min, λ_max vs λ*_max.
 */
public final class Summary {
    private Summary() {
    }

    public static void print(SparkSession spark, Folder dir, PrintWriter out) throws IOException {
        SparkRead.results(spark, dir).createOrReplaceTempView("results");
        List<Row> rows = spark.sql("""
                SELECT noise_name, coalesce(CAST(depth AS STRING), model) AS depth, count(*) AS n,
                       sum(CASE WHEN status = 'CONVERGED' THEN 1 ELSE 0 END) AS converged,
                       sum(CASE WHEN equilibrium = 'reached' THEN 1 ELSE 0 END) AS reached,
                       avg(trace_hessian) AS t, stddev(trace_hessian) AS t_sd, avg(trace_pred) AS t_pred,
                       avg(trace_min) AS t_min, avg(lambda_max) AS l, avg(lambda_max_pred) AS l_pred
                FROM results GROUP BY noise_name, 2 ORDER BY min(noise_kappa), noise_name, 2""").collectAsList();
        out.println();
        out.printf("%-14s %-11s %5s %9s %7s %19s %10s %10s %10s %10s%n", "noise", "depth/model", "n", "converged",
                "reached", "T (mean ± std)", "T*", "T_min", "lambda_max", "lambda*");
        for (Row r : rows) {
            out.printf("%-14s %-11s %5d %9d %7d %10s ± %-7s %10s %10s %10s %10s%n", r.getString(0), r.getString(1),
                    r.getLong(2), r.getLong(3), r.getLong(4), fmt(r.get(5)), fmt(r.get(6)), fmt(r.get(7)), fmt(r.get(8)),
                    fmt(r.get(9)), fmt(r.get(10)));
        }
        out.println("(reached: rows whose every equilibrium test held, the ones `analyze` uses; docs/DESIGN.md §7)");
    }

    private static String fmt(Object v) {
        return v == null ? "-" : String.format("%.4g", ((Number) v).doubleValue());
    }
}
