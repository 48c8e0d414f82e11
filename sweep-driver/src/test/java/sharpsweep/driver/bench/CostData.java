package sharpsweep.driver.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.HashMap;
import java.util.Map;
import sharpsweep.driver.config.ConfigReader;
import sharpsweep.driver.config.SweepConfig;
import sharpsweep.driver.grid.CostModel;
import sharpsweep.driver.grid.Grid;
import sharpsweep.driver.grid.GridPoint;
import sharpsweep.kernel.spec.ConvergenceSettings;

/**
 * The data CostModel's constants are fitted to (docs/BENCHMARKS.md, "plan's time estimate"): for every linear
 * row of the given result folders, its measured steps and wall seconds next to the cost model's features (steps,
 * measurements, windows, and the flops of a step and of a measurement). Prints CSV.
 * Args: result folders.
 */
public final class CostData {
    private CostData() {
    }

    public static void main(String[] args) throws Exception {
        System.out.println("table,depth,width,batch,steps,wall,measurements,windows,step_flops,measure_flops");
        CostModel cost = new CostModel();
        for (String dir : args) {
            SweepConfig c = ConfigReader.read(Path.of(dir, "_sharpsweep", "config.yaml"));
            Map<String, GridPoint> points = new HashMap<>();
            for (GridPoint p : Grid.points(c)) {
                points.put(p.key(), p);
            }
            try (Connection db = DriverManager.getConnection("jdbc:duckdb:"); Statement st = db.createStatement();
                 ResultSet rs = st.executeQuery("SELECT point_key, steps, wall_seconds FROM read_parquet('" + dir
                         + "/*.parquet') WHERE model = 'linear' AND status IN ('CONVERGED', 'MAX_STEPS')")) {
                while (rs.next()) {
                    GridPoint p = points.get(rs.getString(1));
                    if (p == null) {
                        continue;
                    }
                    long steps = rs.getLong(2);
                    ConvergenceSettings s = p.convergence().resolve(p.relaxationSteps());
                    System.out.printf("%s,%d,%d,%d,%d,%.6f,%d,%d,%.1f,%.1f%n", Path.of(dir).getFileName(), p.depth(),
                            p.width(), p.batchSize(), steps, rs.getDouble(3), steps / s.measureEvery() + 1,
                            steps / s.window(), cost.stepFlops(p), cost.measureFlops(p));
                }
            }
        }
    }
}
