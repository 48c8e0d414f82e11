package sharpsweep.driver.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import sharpsweep.driver.table.ResultSchema;
import sharpsweep.driver.config.ConfigReader;
import sharpsweep.driver.grid.CostModel;
import sharpsweep.driver.grid.Grid;
import sharpsweep.driver.grid.TaskRef;
import sharpsweep.kernel.sgd.Kernel;
import sharpsweep.driver.cli.CliCapture;

/**
 * The model axis end to end: all four models in one local sweep, rows equal to direct kernel runs
 * bit for bit, a second run into another folder bit-identical, the columns that do not apply null,
 * and analyze's relative sharpness against T(isotropic) computed by hand from the rows.
 */
class ModelSweepTest {
    static final String CONFIG = """
            sweep: models
            d_x: 2
            d_y: 2
            model:
              - linear
              - {name: mlp, teacher_width: 8, eval_size: 100, probes: 10, max_steps: 300}
              - {name: rnn, teacher_width: 6, sequence_length: 3, eval_size: 100, probes: 10, max_steps: 200}
              - {name: transformer, d_x: 4, d_y: 4, teacher_width: 6, sequence_length: 3, eval_size: 50, probes: 10,
                 max_steps: 200}
            depth: [2, 3]
            width: [3]
            batch_size: [8, 20, 20, 20]
            learning_rate: [0.03, 0.05, 0.05, 0.01]
            init: [xavier, kaiming, kaiming, kaiming]
            zip: [[model, batch_size, learning_rate, init]]
            noise:
              - {name: iso, kappa: 1}
              - {name: k100, kappa: 100, shape: spike}
            replicates: 2
            max_steps: 20000
            trajectory_length: 8
            convergence: {burn_in: 2000, window: 1000, measurements_per_window: 4}
            """;

    @TempDir
    Path tmp;

    @Test
    void allFourModelsRunRerunBitIdenticallyAndAnalyse() throws IOException {
        Path config = tmp.resolve("models.yaml");
        Files.writeString(config, CONFIG);
        Path a = tmp.resolve("a");
        Path b = tmp.resolve("b");
        for (Path out : List.of(a, b)) {
            CliCapture run = CliCapture.run("run", config.toString(), "--out", out.toString(), "--master", "local[2]");
            assertEquals(0, run.exitCode(), run.err());
        }
        // 2 depths × 2 noises for linear, 2 noises for each nonlinear model (depth does not apply): 10 points.
        assertEquals(20, Grid.tasks(ConfigReader.read(config), new CostModel()).size());
        Map<String, TaskRef> tasks = new HashMap<>();
        for (TaskRef t : Grid.tasks(ConfigReader.read(config), new CostModel())) {
            tasks.put(t.taskId(), t);
        }
        SparkSession spark = sharpsweep.driver.LocalSpark.start("models-read-back");
        try {
            List<Row> first = rows(spark, a);
            List<Row> second = rows(spark, b);
            assertEquals(20, first.size());
            Map<String, Integer> perModel = new HashMap<>();
            for (int i = 0; i < first.size(); i++) {
                Row row = first.get(i);
                String model = row.getAs("model");
                perModel.merge(model, 1, Integer::sum);
                assertEquals(ResultSchema.SCHEMA_VERSION, (int) row.getAs("schema_version"));
                assertEquals(row.toString(), second.get(i).toString(), "rerun differs");
                TaskRef task = tasks.get(row.<String>getAs("task_id"));
                LocalSweepTest.assertSameAsKernel(Kernel.run(task.point().taskSpec(task.seed())), row);
                boolean linear = model.equals("linear");
                assertEquals(linear, row.getAs("trace_pred") != null, "theory only for linear: " + model);
                assertEquals(linear, row.getAs("depth") != null);
                assertEquals(linear, row.getAs("sampler") != null);
                assertEquals(linear, row.getAs("model_params") == null);
                if (!linear) {
                    assertNull(row.getAs("layer_condition"));
                    assertNull(row.getAs("grad_fluctuation"));
                    // 200-300 steps against windows of 1,000: fewer than two windows of measurements, no error bar
                    assertNull(row.getAs("trace_hessian_stderr"), model);
                    assertTrue(row.<String>getAs("teacher").startsWith(model + "(width="), row.<String>getAs("teacher"));
                    assertTrue(row.<Double>getAs("trace_hessian") > 0, model + " " + row.getAs("message"));
                }
            }
            assertEquals(Map.of("linear", 8, "mlp", 4, "rnn", 4, "transformer", 4), perModel);
            assertEquals(4, (int) first.stream().filter(r -> r.getAs("model").equals("transformer")).findFirst()
                    .orElseThrow().getAs("d_x"));
        } finally {
            spark.stop();
        }

        CliCapture analyze = CliCapture.run("analyze", a.toString(), "--master", "local[2]");
        assertEquals(0, analyze.exitCode(), analyze.err());
        Path out = a.resolveSibling(a.getFileName() + "-analysis");
        assertTrue(Files.size(out.resolve("relative_sharpness_models.png")) > 10_000);
        assertTrue(Files.size(out.resolve("progressive_sharpening.png")) > 10_000);
        List<String> lines = Files.readAllLines(out.resolve("summary.csv"));
        List<String> header = List.of(lines.get(0).split(","));
        int model = header.indexOf("model");
        int noise = header.indexOf("noise_name");
        int t0 = header.indexOf("trace_extrapolated");
        int rel = header.indexOf("relative_sharpness");
        int ref = header.indexOf("reference_noise");
        int depth = header.indexOf("depth");
        assertEquals(11, lines.size(), "10 groups");
        Map<String, double[]> byModel = new HashMap<>();
        for (String line : lines.subList(1, lines.size())) {
            String[] f = line.split(",(?=(?:[^\"]*\"[^\"]*\")*[^\"]*$)"); // commas outside quotes
            String group = f[model] + "/" + f[depth];
            double[] v = byModel.computeIfAbsent(group, k -> new double[4]);
            int at = f[noise].equals("iso") ? 0 : 2;
            v[at] = Double.parseDouble(f[t0]);
            v[at + 1] = Double.parseDouble(f[rel]);
            assertEquals("iso", f[ref], line);
        }
        assertEquals(5, byModel.size());
        for (Map.Entry<String, double[]> e : byModel.entrySet()) {
            double[] v = e.getValue();
            assertEquals(1.0, v[1], 0.0, e.getKey() + ": the reference is itself");
            assertEquals(v[2] / v[0], v[3], 1e-12 * v[3], e.getKey());
        }
    }

    /**
     * The loss axis: both losses for the linear network and the MLP. A squared-error point keeps the task_id it had
     * before the axis existed (old tables resume); cross-entropy rows carry no theory, not even the linear network's,
     * each row is the kernel's own result for its spec, and analyze keeps the losses' groups apart.
     */
    @Test
    void crossEntropyIsAnAxisOfEveryModel() throws IOException {
        String base = """
                sweep: losses
                d_x: 2
                d_y: 2
                model:
                  - linear
                  - {name: mlp, teacher_width: 8, eval_size: 100, probes: 10, max_steps: 300}
                depth: [2]
                width: [3]
                batch_size: [8, 20]
                learning_rate: [0.03, 0.05]
                init: [xavier, kaiming]
                zip: [[model, batch_size, learning_rate, init]]
                noise:
                  - {name: iso, kappa: 1}
                  - {name: k100, kappa: 100, shape: spike}
                replicates: 2
                max_steps: 3000
                trajectory_length: 8
                convergence: {burn_in: 1000, window: 500, measurements_per_window: 4}
                """;
        Path plain = tmp.resolve("plain.yaml");
        Files.writeString(plain, base);
        Path config = tmp.resolve("losses.yaml");
        Files.writeString(config, base + "loss: [mse, cross_entropy]\n");
        Map<String, TaskRef> tasks = new HashMap<>();
        for (TaskRef t : Grid.tasks(ConfigReader.read(config), new CostModel())) {
            tasks.put(t.taskId(), t);
        }
        assertEquals(16, tasks.size());
        for (TaskRef t : Grid.tasks(ConfigReader.read(plain), new CostModel())) {
            assertTrue(tasks.containsKey(t.taskId()), "a squared-error task keeps its id: " + t.pointKey());
            assertFalse(t.pointKey().contains("loss"), t.pointKey());
        }
        CliCapture plan = CliCapture.run("plan", config.toString());
        assertEquals(0, plan.exitCode(), plan.err());
        assertTrue(plan.out().matches("(?s).*\\n  loss +2\\n.*"), plan.out()); // a cross-entropy linear point plans too
        Path out = tmp.resolve("out");
        CliCapture run = CliCapture.run("run", config.toString(), "--out", out.toString(), "--master", "local[2]");
        assertEquals(0, run.exitCode(), run.err());
        SparkSession spark = sharpsweep.driver.LocalSpark.start("losses-read-back");
        try {
            List<Row> rows = rows(spark, out);
            assertEquals(16, rows.size());
            Map<String, Integer> perLoss = new HashMap<>();
            for (Row row : rows) {
                String loss = row.getAs("loss");
                String model = row.getAs("model");
                perLoss.merge(model + "/" + loss, 1, Integer::sum);
                TaskRef task = tasks.get(row.<String>getAs("task_id"));
                assertEquals(loss, task.point().loss().label());
                LocalSweepTest.assertSameAsKernel(Kernel.run(task.point().taskSpec(task.seed())), row);
                boolean theory = model.equals("linear") && loss.equals("mse");
                assertEquals(theory, row.getAs("trace_pred") != null, model + " " + loss);
                assertEquals(theory, row.getAs("relaxation_steps") != null, model + " " + loss);
                assertEquals(model.equals("linear"), row.getAs("depth") != null);
                // At these budgets a nonlinear row's window holds its start (Kaiming: a cross-entropy Hessian's
                // residual term can make T negative there), so T is only finite; that SGD learns shows in the loss.
                assertTrue(Double.isFinite(row.<Double>getAs("trace_hessian")), model + " " + loss + " " + row);
                List<Row> trajectory = row.getList(row.fieldIndex("trajectory"));
                double first = trajectory.get(0).getAs("loss_gap");
                double last = trajectory.get(trajectory.size() - 1).getAs("loss_gap");
                // Strictly lower, not by a set factor: with noisy soft targets the KL has a floor of its own.
                assertTrue(last < first, model + " " + loss + ": loss gap " + first + " -> " + last);
            }
            assertEquals(Map.of("linear/mse", 4, "linear/cross_entropy", 4, "mlp/mse", 4, "mlp/cross_entropy", 4),
                    perLoss);
        } finally {
            spark.stop();
        }
        CliCapture analyze = CliCapture.run("analyze", out.toString(), "--master", "local[2]");
        assertEquals(0, analyze.exitCode(), analyze.err());
        List<String> lines = Files.readAllLines(out.resolveSibling("out-analysis").resolve("summary.csv"));
        List<String> header = List.of(lines.get(0).split(","));
        int loss = header.indexOf("loss");
        int rel = header.indexOf("relative_sharpness");
        assertTrue(loss >= 0, header.toString());
        assertEquals(9, lines.size(), "8 groups: 2 models x 2 losses x 2 noises");
        long crossEntropy = lines.subList(1, lines.size()).stream()
                .map(l -> l.split(",(?=(?:[^\"]*\"[^\"]*\")*[^\"]*$)"))
                .filter(f -> f[loss].equals("cross_entropy") && Double.isFinite(Double.parseDouble(f[rel]))).count();
        assertEquals(4, crossEntropy, "every cross-entropy group has its own isotropic reference");
    }

    private static List<Row> rows(SparkSession spark, Path dir) {
        return spark.read().parquet(dir.toString()).drop("wall_seconds").orderBy("task_id").collectAsList();
    }
}
