package sharpsweep.driver.run;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructField;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import sharpsweep.driver.cli.CliCapture;
import sharpsweep.driver.config.ConfigReader;
import sharpsweep.driver.config.SweepConfig;
import sharpsweep.driver.grid.CostModel;
import sharpsweep.driver.grid.Grid;
import sharpsweep.driver.grid.TaskRef;
import sharpsweep.driver.table.ResultSchema;
import sharpsweep.driver.table.TableReader;
import sharpsweep.kernel.sgd.Kernel;
import sharpsweep.kernel.spec.TaskResult;
import sharpsweep.kernel.spec.TrajectoryPoint;

/** The whole path in local mode: config → Spark tasks → Parquet → Spark SQL, resume included. */
class LocalSweepTest {
    static final String CONFIG = """
            sweep: local-test
            d_x: 2
            d_y: 2
            depth: [2, 3]
            width: [2]
            batch_size: [8]
            learning_rate: [0.03]
            noise:
              - {name: iso, spectrum: [1, 1]}
              - {name: k4, kappa: 4, rotate: 5}
            replicates: 2
            max_steps: 20000
            trajectory_length: 16
            convergence: {burn_in: 2000, window: 1000}
            """;

    /** docs/DESIGN.md §6: the columns every analysis may rely on. */
    static final List<String> DESIGN_COLUMNS = List.of("sweep", "task_id", "point_key", "replicate", "seed",
            "kernel_version", "schema_version", "depth", "width", "batch_size", "learning_rate", "max_steps", "init",
            "d_x", "d_y", "noise_name", "noise_spectrum", "noise_kappa", "input_name", "input_spectrum", "teacher",
            "status", "message", "steps", "wall_seconds", "trace_hessian", "trace_hessian_std", "lambda_max",
            "loss_gap", "grad_fluctuation", "equilibrium_residual", "layer_condition", "trace_pred", "trace_min",
            "lambda_max_pred", "trace_rel_err", "trajectory");

    @TempDir
    Path tmp;

    @Test
    void sweepResumesWithoutDuplicatesAndMatchesTheKernel() throws IOException {
        Path config = tmp.resolve("sweep.yaml");
        Files.writeString(config, CONFIG);
        Path out = tmp.resolve("out");

        CliCapture first = CliCapture.run("run", config.toString(), "--out", out.toString(), "--master", "local[2]",
                "--limit", "3");
        assertEquals(0, first.exitCode(), first.err());
        assertTrue(first.out().contains("8 tasks, 0 already in"), first.out());
        assertTrue(first.out().contains("running 3 (the 3 cheapest of 8 missing: --limit 3)"), first.out());
        assertEquals(3, TableReader.scan(out).rows());
        // The three run are the three with the smallest expected time.
        List<Double> costs = Grid.tasks(ConfigReader.read(config), new CostModel()).stream()
                .map(TaskRef::cost).sorted().toList();
        double thirdCheapest = costs.get(2);
        Set<String> ran = TableReader.scan(out).statusByTask().keySet();
        long cheap = Grid.tasks(ConfigReader.read(config), new CostModel()).stream()
                .filter(t -> ran.contains(t.taskId()))
                .filter(t -> t.cost() <= thirdCheapest).count();
        assertEquals(3, cheap, "the cheapest tasks ran: costs " + costs);
        Map<Path, FileTime> before = modificationTimes(out);

        // One wave for the rest, a progress line per finished task: lines before the wave commits.
        CliCapture second = CliCapture.run("run", config.toString(), "--out", out.toString(), "--master", "local[2]",
                "--wave-size", "8", "--progress-seconds", "0");
        assertEquals(0, second.exitCode(), second.err());
        assertTrue(second.out().matches("(?s).*\\] [1-5]/5 tasks finished, [01] committed \\| converged .*"),
                second.out());
        assertTrue(second.out().contains("8 tasks, 3 already in"), second.out());
        assertTrue(second.out().contains("running 5"), second.out());
        for (Map.Entry<Path, FileTime> e : before.entrySet()) { // committed files are never touched again
            assertEquals(e.getValue(), Files.getLastModifiedTime(e.getKey()), e.getKey().toString());
        }

        CliCapture third = CliCapture.run("run", config.toString(), "--out", out.toString(), "--master", "local[2]");
        assertEquals(0, third.exitCode(), third.err());
        assertTrue(third.out().contains("Nothing to do"), third.out());

        CliCapture status = CliCapture.run("status", out.toString());
        assertEquals(0, status.exitCode(), status.err());
        assertTrue(status.out().matches("(?s).*expected\\s+8\\n.*present\\s+8\\n.*missing\\s+0\\n.*duplicated\\s+0\\n.*"),
                status.out());

        SweepConfig c = ConfigReader.read(config);
        Map<String, TaskRef> tasks = new HashMap<>();
        for (TaskRef t : Grid.tasks(c, new CostModel())) {
            tasks.put(t.taskId(), t);
        }
        SparkSession spark = sharpsweep.driver.LocalSpark.start("read-back");
        try {
            spark.read().parquet(out.toString()).createOrReplaceTempView("results");
            List<String> columns = List.of(spark.table("results").columns());
            assertTrue(columns.containsAll(DESIGN_COLUMNS), "missing: " + DESIGN_COLUMNS.stream()
                    .filter(k -> !columns.contains(k)).toList());
            for (StructField f : ResultSchema.SCHEMA.fields()) {
                // Parquet files read back as nullable; the types themselves must match.
                assertEquals(f.dataType().simpleString(), spark.table("results").schema().apply(f.name()).dataType()
                        .simpleString(), f.name());
            }
            List<Row> rows = spark.sql("SELECT * FROM results ORDER BY task_id").collectAsList();
            assertEquals(8, rows.size());
            Set<String> ids = new HashSet<>();
            for (Row row : rows) {
                assertTrue(ids.add(row.getAs("task_id")), "duplicate task_id");
                TaskRef task = tasks.get(row.<String>getAs("task_id"));
                assertEquals(task.seed(), (long) row.getAs("seed"));
                assertEquals(task.pointKey(), row.getAs("point_key"));
                assertEquals(ResultSchema.SCHEMA_VERSION, (int) row.getAs("schema_version"));
                assertEquals("local-test", row.getAs("sweep"));
                assertSameAsKernel(Kernel.run(task.point().taskSpec(task.seed())), row);
            }
            Row q = spark.sql("SELECT count(DISTINCT task_id), count(*), min(noise_kappa), max(noise_kappa) FROM results")
                    .first();
            assertEquals(8L, q.getLong(0));
            assertEquals(8L, q.getLong(1));
            assertEquals(1.0, q.getDouble(2), 1e-12);
            assertEquals(4.0, q.getDouble(3), 1e-12);
        } finally {
            spark.stop();
        }
    }

    /** Every outcome column equals a direct kernel run of the same spec, to the bit (wall time aside). */
    static void assertSameAsKernel(TaskResult r, Row row) {
        assertEquals(r.status().name(), row.getAs("status"));
        assertEquals(r.message(), row.getAs("message"));
        assertEquals(r.steps(), (long) row.getAs("steps"));
        assertBits(r.traceHessian(), row.getAs("trace_hessian"));
        assertBits(r.traceHessianStd(), row.getAs("trace_hessian_std"));
        assertBits(r.lambdaMax(), row.getAs("lambda_max"));
        assertBits(r.lambdaMaxGaussNewton(), row.getAs("lambda_max_gn"));
        assertBits(r.lossGap(), row.getAs("loss_gap"));
        assertBits(r.gradFluctuation(), row.getAs("grad_fluctuation"));
        assertBits(r.equilibriumResidual(), row.getAs("equilibrium_residual"));
        assertBits(r.tracePred(), row.getAs("trace_pred"));
        assertBits(r.traceMin(), row.getAs("trace_min"));
        assertBits(r.lambdaMaxPred(), row.getAs("lambda_max_pred"));
        assertBits(r.traceRelErr(), row.getAs("trace_rel_err"));
        assertBits(r.traceHessianStderr(), row.getAs("trace_hessian_stderr"));
        assertBits(r.lambdaMaxStderr(), row.getAs("lambda_max_stderr"));
        List<Double> kappa = row.isNullAt(row.fieldIndex("layer_condition")) ? null
                : row.getList(row.fieldIndex("layer_condition"));
        if (r.layerCondition() == null) {
            assertNull(kappa);
        } else {
            assertArrayEquals(r.layerCondition(), kappa.stream().mapToDouble(Double::doubleValue).toArray());
        }
        List<Row> trajectory = row.getList(row.fieldIndex("trajectory"));
        assertEquals(r.trajectory().size(), trajectory.size());
        for (int i = 0; i < trajectory.size(); i++) {
            TrajectoryPoint p = r.trajectory().get(i);
            Row t = trajectory.get(i);
            assertEquals(p.step(), t.getLong(0));
            assertBits(p.traceHessian(), t.get(1));
            assertBits(p.lambdaMax(), t.get(2));
        }
    }

    static void assertBits(double expected, Object actual) {
        if (Double.isNaN(expected)) {
            assertNull(actual);
        } else {
            assertEquals(Double.doubleToRawLongBits(expected), Double.doubleToRawLongBits((Double) actual));
        }
    }

    private static Map<Path, FileTime> modificationTimes(Path dir) throws IOException {
        Map<Path, FileTime> m = new HashMap<>();
        for (Path p : TableReader.dataFiles(dir)) {
            m.put(p, Files.getLastModifiedTime(p));
        }
        assertFalse(m.isEmpty());
        return m;
    }
}
