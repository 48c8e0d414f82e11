package sharpsweep.driver.bench;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import sharpsweep.driver.config.ConfigReader;
import sharpsweep.driver.config.SweepConfig;
import sharpsweep.driver.grid.CostModel;
import sharpsweep.driver.grid.Grid;
import sharpsweep.driver.run.SweepRunner;

/**
 * The sweep benchmark (docs/BENCHMARKS.md): 16 tasks of 6·10⁶ steps each (about a second on kernel version 3
 * and later) on local[2]. Prints the Spark start time, efficiency = (sum of kernel seconds / 2) / (wall − Spark
 * start) and the per-task overhead = (2 × (wall − Spark start) − sum of kernel seconds) / 16. Every task runs
 * its whole budget: the burn-in is longer than the budget, so no task can be declared converged (the trace
 * tolerance used to do that, until the equilibrium verdict of kernel version 2 made tasks stop at 2–4·10⁶
 * steps, unequal), and the figures are about the engine. Arguments: steps per task, wave size (0: default).
 */
public final class SweepBench {
    static final String CONFIG = """
            sweep: bench
            d_x: 2
            d_y: 2
            depth: [3]
            width: [2]
            batch_size: [10]
            learning_rate: [0.01]
            noise: [{name: k4, kappa: 4}]
            replicates: 16
            max_steps: %d
            trajectory_length: 32
            convergence: {burn_in: 1000000000}
            """;

    private SweepBench() {
    }

    public static void main(String[] args) throws IOException {
        long steps = args.length > 0 ? Long.parseLong(args[0]) : 6_000_000L;
        Path dir = Files.createTempDirectory("sharpsweep-bench");
        Path config = dir.resolve("bench.yaml");
        Files.writeString(config, String.format(CONFIG, steps));
        Path out = dir.resolve("out");
        SweepConfig c = ConfigReader.read(config);
        PrintWriter stdout = new PrintWriter(System.out, true);
        SweepRunner.RunStats stats = new SweepRunner(stdout).run(c, Files.readString(config), Grid.tasks(c,
                new CostModel()), sharpsweep.driver.storage.Folder.of(out), new SweepRunner.Options("local[2]", false, 0,
                false, args.length > 1 ? Integer.parseInt(args[1]) : 0, 10, 120, 60, false));

        SparkSession spark = sharpsweep.driver.LocalSpark.start("bench-read");
        Row r = spark.read().parquet(out.toString()).selectExpr("sum(wall_seconds)", "count(*)", "min(wall_seconds)",
                "max(wall_seconds)").first();
        spark.stop();
        double kernel = r.getDouble(0);
        long n = r.getLong(1);
        double efficiency = (kernel / 2) / stats.runSeconds();
        stdout.println();
        stdout.printf("sweep benchmark: %d tasks of %d steps on local[2]%n", n, steps);
        stdout.printf("  Spark start            %6.2f s%n", stats.sparkStartSeconds());
        stdout.printf("  wall - Spark start     %6.2f s%n", stats.runSeconds());
        stdout.printf("  kernel seconds (sum)   %6.2f s   (per task %.2f to %.2f s)%n", kernel, r.getDouble(2), r.getDouble(3));
        stdout.printf("  efficiency             %6.3f    ((kernel sum / 2) / (wall - Spark start))%n", efficiency);
        stdout.printf("  per-task overhead      %6.3f s   ((2 x (wall - start) - kernel sum) / %d)%n",
                (2 * stats.runSeconds() - kernel) / n, n);
    }
}
