package sharpsweep.driver.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * plan's time against a real run (docs/BENCHMARKS.md, "plan's time estimate"): `plan` and then `run` (48 linear
 * tasks on local[2]) of one config, each in a fresh JVM as a user runs them; prints plan's expected CPU seconds,
 * the tasks' measured wall_seconds and their ratio. A benchmark, not a test: both sides are timings on a shared
 * machine. Run: {@code mvn -B -q -pl sweep-driver -am -Psweep-bench -Dbench.main=PlanCalibration verify}.
 */
public final class PlanCalibration {
    /** Two depths, two widths, two learning rates, three noises: shapes and budgets of several sizes, ~10 s. */
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

    private PlanCalibration() {
    }

    public static void main(String[] args) throws Exception {
        Path dir = Files.createTempDirectory("sharpsweep-plan-calibration");
        Path config = dir.resolve("sweep.yaml");
        Files.writeString(config, CONFIG);
        String planned = cli(dir.resolve("plan.log"), "plan", config.toString());
        Matcher total = Pattern.compile("expected total: ([0-9.]+) (ms|s|min|h) of CPU").matcher(planned);
        if (!total.find()) {
            throw new IllegalStateException("no expected total in:\n" + planned);
        }
        double expected = Double.parseDouble(total.group(1)) * switch (total.group(2)) {
            case "ms" -> 1e-3;
            case "min" -> 60;
            case "h" -> 3600;
            default -> 1;
        };
        Path table = dir.resolve("table");
        cli(dir.resolve("run.log"), "run", config.toString(), "--out", table.toString(), "--master", "local[2]");
        try (Connection db = DriverManager.getConnection("jdbc:duckdb:"); Statement st = db.createStatement();
             ResultSet rs = st.executeQuery("SELECT sum(wall_seconds), count(*) FROM read_parquet('" + table
                     + "/*.parquet')")) {
            rs.next();
            double measured = rs.getDouble(1);
            System.out.printf("%nplan calibration: %d tasks, plan expected %.1f s of CPU, the run's tasks took %.1f s,"
                    + " ratio %.2f%n", rs.getLong(2), expected, measured, expected / measured);
        }
    }

    /** The CLI in a fresh JVM (this class path); its output, after it exited 0. */
    private static String cli(Path log, String... args) throws Exception {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(sharpsweep.driver.TestJvm.options());
        cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), "sharpsweep.driver.cli.Main"));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        if (!p.waitFor(600, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IllegalStateException(String.join(" ", args) + " failed:\n" + Files.readString(log));
        }
        return Files.readString(log);
    }
}
