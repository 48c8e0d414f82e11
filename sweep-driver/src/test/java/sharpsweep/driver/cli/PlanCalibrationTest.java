package sharpsweep.driver.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import sharpsweep.driver.config.ConfigReader;
import sharpsweep.driver.config.SweepConfig;
import sharpsweep.driver.grid.Grid;
import sharpsweep.driver.grid.SpeedProbe;

/**
 * {@code plan}'s time against a real run: the CPU seconds it expects for a sweep (the sum over its tasks, from
 * the kernel's speed probed per shape) within 30 % of the sum of the tasks' measured wall_seconds, the run on
 * local[2] as a user runs it.
 */
@Tag("slow") // run by failsafe in verify: a timing comparison wants the machine to itself
class PlanCalibrationTest {
    /** Two depths, two widths, two learning rates, three noises: shapes and budgets of several sizes, ~40 s. */
    static final String CONFIG = """
            sweep: plan-calibration
            d_x: 2
            d_y: 2
            depth: [2, 3]
            width: [2, 4]
            batch_size: [8]
            learning_rate: [0.02, 0.014]
            noise:
              - {name: iso, spectrum: [1, 1]}
              - {name: k4, kappa: 4, shape: geometric}
              - {name: k16, kappa: 16, shape: geometric, scale: 4}
            replicates: 2
            max_steps: 20000000
            trajectory_length: 16
            """;

    @TempDir
    Path tmp;

    @Test
    void plansTimeIsWithin30PercentOfARealRunOfLinearNets() throws Exception {
        check(CONFIG, 48);
    }

    private void check(String yaml, int tasks) throws Exception {
        Path config = tmp.resolve("sweep.yaml");
        Files.writeString(config, yaml);
        CliCapture plan = CliCapture.run("plan", config.toString());
        assertEquals(0, plan.exitCode(), plan.err());
        assertTrue(plan.out().contains("expected total: "), plan.out());
        SweepConfig c = ConfigReader.read(config);
        SpeedProbe speed = new SpeedProbe();
        double expected = Grid.points(c).stream().mapToDouble(speed::seconds).sum() * c.replicates();
        double expectedSteps = Grid.points(c).stream().mapToDouble(new sharpsweep.driver.grid.CostModel()::expectedSteps)
                .sum() * c.replicates();

        Path table = tmp.resolve("table");
        CliCapture run = CliCapture.run("run", config.toString(), "--out", table.toString(), "--master", "local[2]");
        assertEquals(0, run.exitCode(), run.err());
        double measured;
        try (Connection db = DriverManager.getConnection("jdbc:duckdb:"); Statement st = db.createStatement();
             ResultSet rs = st.executeQuery("SELECT sum(wall_seconds), count(*), sum(steps) FROM read_parquet('" + table
                     + "/*.parquet')")) {
            assertTrue(rs.next());
            measured = rs.getDouble(1);
            System.out.printf("plan calibration: steps expected %.4g, ran %.4g%n", expectedSteps, rs.getDouble(3));
            assertEquals(tasks, rs.getLong(2));
        }
        double ratio = expected / measured;
        System.out.printf("plan calibration (%s): expected %.1f s of CPU, measured %.1f s, ratio %.2f%n", c.sweep(),
                expected, measured, ratio);
        assertTrue(ratio > 0.7 && ratio < 1.3, "plan expected " + expected + " s of CPU, the run took " + measured);
    }
}
