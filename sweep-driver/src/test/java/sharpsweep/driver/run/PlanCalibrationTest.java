package sharpsweep.driver.run;

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
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

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
        // plan as a user runs it: a fresh JVM (a JVM that has run much else compiles the kernel differently).
        Path planLog = tmp.resolve("plan.log");
        Process plan = ChildDriver.start(planLog, "", "127.0.0.1", "plan", config.toString());
        assertTrue(plan.waitFor(120, TimeUnit.SECONDS));
        String planned = Files.readString(planLog);
        assertEquals(0, plan.exitValue(), planned);
        Matcher total = Pattern.compile("expected total: ([0-9.]+) (ms|s|min|h) of CPU").matcher(planned);
        assertTrue(total.find(), planned);
        double expected = Double.parseDouble(total.group(1)) * switch (total.group(2)) {
            case "ms" -> 1e-3;
            case "min" -> 60;
            case "h" -> 3600;
            default -> 1;
        };
        SweepConfig c = ConfigReader.read(config);
        double expectedSteps = Grid.points(c).stream().mapToDouble(new sharpsweep.driver.grid.CostModel()::expectedSteps)
                .sum() * c.replicates();

        Path table = tmp.resolve("table");
        // run as a user runs it too: its own fresh JVM (the kernel's speed depends on what the JVM ran before).
        Path runLog = tmp.resolve("run.log");
        Process run = ChildDriver.start(runLog, "", "127.0.0.1", "run", config.toString(), "--out", table.toString(),
                "--master", "local[2]");
        assertTrue(run.waitFor(300, TimeUnit.SECONDS));
        assertEquals(0, run.exitValue(), Files.readString(runLog));
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
