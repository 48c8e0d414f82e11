package sharpsweep.driver.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import sharpsweep.driver.cli.CliCapture;

/**
 * The same sweep on a real standalone cluster (Master + two Workers, separate JVMs, 127.0.0.1) and in
 * local mode: the two tables must be bit-identical, row for row (wall time aside).
 */
@Tag("slow") // run by failsafe in verify, not by mvn test
class ClusterSweepTest {
    static final String CONFIG = """
            sweep: cluster-test
            d_x: 2
            d_y: 2
            depth: [2, 3]
            width: [2, 4]
            batch_size: [8]
            learning_rate: [0.03]
            noise:
              - {name: iso, spectrum: [1, 1]}
              - {name: k9, kappa: 9, shape: two-level, rotate: 2}
            replicates: 1
            max_steps: 30000
            trajectory_length: 16
            convergence: {burn_in: 2000, window: 1000}
            """;

    @TempDir
    Path tmp;

    @Test
    void clusterTableIsBitIdenticalToLocalMode() throws Exception {
        Path config = tmp.resolve("sweep.yaml");
        Files.writeString(config, CONFIG);
        Path local = tmp.resolve("local");
        Path cluster = tmp.resolve("cluster");

        CliCapture l = CliCapture.run("run", config.toString(), "--out", local.toString(), "--master", "local[2]");
        assertEquals(0, l.exitCode(), l.err());

        try (StandaloneCluster c = new StandaloneCluster(tmp, 2)) {
            List<String[]> settings = StandaloneCluster.driverSettings(sharpsweep.driver.TestJvm.joined());
            for (String[] kv : settings) {
                System.setProperty(kv[0], kv[1]);
            }
            try {
                CliCapture r = CliCapture.run("run", config.toString(), "--out", cluster.toString(), "--master",
                        c.masterUrl, "--wave-size", "4");
                assertEquals(0, r.exitCode(), r.out() + r.err());
                assertTrue(r.out().contains("8/8 tasks committed"), r.out());
                String logs = c.workerLogs(tmp);
                assertTrue(logs.contains("Asked to launch executor"), "executors ran on the workers:\n" + logs);
            } finally {
                for (String[] kv : settings) {
                    System.clearProperty(kv[0]);
                }
            }
        }

        SparkSession spark = sharpsweep.driver.LocalSpark.start("compare");
        try {
            List<Row> a = rows(spark, local);
            List<Row> b = rows(spark, cluster);
            assertEquals(8, a.size());
            assertEquals(a.size(), b.size());
            for (int i = 0; i < a.size(); i++) {
                assertEquals(a.get(i), b.get(i), "row " + i);
            }
        } finally {
            spark.stop();
        }
    }

    /** All columns but wall_seconds, ordered by task_id; doubles compared by their exact bits. */
    private static List<Row> rows(SparkSession spark, Path dir) throws IOException {
        return spark.read().parquet(dir.toString()).drop("wall_seconds").orderBy("task_id").collectAsList();
    }
}
