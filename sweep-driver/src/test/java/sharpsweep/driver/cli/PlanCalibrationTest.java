package sharpsweep.driver.cli;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import sharpsweep.driver.TestJvm;

/**
 * plan's expected time against a real run (issue: "checked against a real run in a test, within 30 %"): `plan`
 * three times and `run` once, each in a fresh JVM as a user runs them, on a config with linear nets of two
 * depths and the three nonlinear models. Not a speed test: both sides are this machine's timings taken minutes
 * apart, and what is checked is their ratio, i.e. that plan's model of a task (steps × a step + measurements ×
 * a measurement, each timed per shape) is right. The fastest of three plans: a probe that ran before the JIT
 * settled reads slow, never fast (plans in clean-clone CI runs read e.g. 95.5, 138 and 138 s for a run of 94.7 s;
 * the fastest of three was within 15 % of the run in all seven runs recorded, the median once 46 % over). Tasks take 0.5–8 s: per-task start-up (the executor's JIT) would dominate shorter ones.
 */
@Tag("slow") // run by failsafe in verify, not by mvn test
class PlanCalibrationTest {
    /** Linear D = 2, 3 at three noises (0.5–3 s a task), MLP, RNN and transformer (1.5–8 s): ~50 s on 2 cores. */
    static final String CONFIG = """
            sweep: plan-calibration
            d_x: 2
            d_y: 2
            model:
              - {name: linear}
              - {name: mlp, teacher_seed: 1, noise_scale: 9, max_steps: 10000}
              - {name: rnn, teacher_seed: 1, noise_scale: 9, max_steps: 400, eval_size: 300}
              - {name: transformer, d_x: 8, d_y: 8, teacher_seed: 1, noise_scale: 16, max_steps: 400, eval_size: 200,
                 probes: 40}
            depth: [2, 3]
            width: [4]
            batch_size: [8, 100, 100, 300]
            learning_rate: [0.005, 0.1, 0.1, 0.03]
            zip: [[model, batch_size, learning_rate]]
            noise:
              - {name: iso, kappa: 1, shape: spike}
              - {name: k4, kappa: 4, shape: geometric}
              - {name: k16, kappa: 16, shape: geometric, scale: 4}
            replicates: 2
            max_steps: 200000000
            trajectory_length: 16
            """;

    /** The bound on plan's error. */
    static final double TOLERANCE = 0.3;

    @Test
    void plansTimeIsWithin30PercentOfARealRun(@TempDir Path dir) throws Exception {
        Path config = dir.resolve("sweep.yaml");
        Files.writeString(config, CONFIG);
        double[] expected = new double[3];
        for (int i = 0; i < expected.length; i++) {
            expected[i] = expectedSeconds(cli(dir.resolve("plan" + i + ".log"), "plan", config.toString()));
        }
        Arrays.sort(expected);
        Path table = dir.resolve("table");
        cli(dir.resolve("run.log"), "run", config.toString(), "--out", table.toString(), "--master", "local[2]");
        StringBuilder perModel = new StringBuilder();
        double measured = 0;
        try (Connection db = DriverManager.getConnection("jdbc:duckdb:"); Statement st = db.createStatement();
             ResultSet rs = st.executeQuery("SELECT model, sum(wall_seconds), count(*) FROM read_parquet('" + table
                     + "/*.parquet') GROUP BY model ORDER BY model")) {
            while (rs.next()) {
                measured += rs.getDouble(2);
                perModel.append(String.format(" %s %.1f s (%d tasks);", rs.getString(1), rs.getDouble(2), rs.getLong(3)));
            }
        }
        double ratio = expected[0] / measured;
        String report = String.format("plan expected %.1f s of CPU (fastest of %s), the run's tasks took %.1f s:%s"
                + " ratio %.2f", expected[0], Arrays.toString(expected), measured, perModel, ratio);
        System.out.println("plan calibration: " + report);
        assertTrue(Math.abs(ratio - 1) <= TOLERANCE, report);
    }

    /** "expected total: X s of CPU" of a plan's output, in seconds. */
    private static double expectedSeconds(String planned) {
        Matcher total = Pattern.compile("expected total: ([0-9.]+) (ms|s|min|h) of CPU").matcher(planned);
        assertTrue(total.find(), "no expected total in:\n" + planned);
        return Double.parseDouble(total.group(1)) * switch (total.group(2)) {
            case "ms" -> 1e-3;
            case "min" -> 60;
            case "h" -> 3600;
            default -> 1;
        };
    }

    /** The CLI in a fresh JVM (this class path); its output, after it exited 0. */
    private static String cli(Path log, String... args) throws Exception {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(TestJvm.options());
        cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), Main.class.getName()));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        assertTrue(p.waitFor(600, TimeUnit.SECONDS), String.join(" ", args) + " did not finish");
        assertTrue(p.exitValue() == 0, String.join(" ", args) + " failed:\n" + Files.readString(log));
        return Files.readString(log);
    }
}
