package sharpsweep.driver.bench;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import sharpsweep.driver.cli.Main;
import sharpsweep.driver.config.ConfigReader;
import sharpsweep.driver.config.SweepConfig;
import sharpsweep.driver.grid.CostModel;
import sharpsweep.driver.grid.Grid;
import sharpsweep.driver.grid.TaskRef;
import sharpsweep.driver.run.OutputFolder;
import sharpsweep.driver.storage.Folder;
import sharpsweep.kernel.sgd.Kernel;

/**
 * The driver's bookkeeping at cluster scale, no kernel run: {@code plan}, the resume of {@code run} (grid
 * expansion, the table's task_ids read, the missing set, the folder's metadata written; every task present, so
 * Spark is not started) and {@code status}, on grids of 10⁴, 10⁵ and 10⁶ tasks. The table is generated: one
 * row per task with the two columns resume and status read. Prints wall time and peak heap per step
 * (docs/BENCHMARKS.md). Run: {@code mvn -B -q -pl sweep-driver -am -Psweep-bench -Dbench.main=ScaleBench verify}.
 */
public final class ScaleBench {
    /** 10 widths × 10 batch sizes × K learning rates, 10 replicates: 10⁴ to 10⁶ tasks as K goes 10 to 1,000. */
    private static final String CONFIG = """
            sweep: scale-bench
            d_x: 2
            d_y: 2
            depth: [2]
            width: [%s]
            batch_size: [%s]
            learning_rate: [%s]
            noise: [{name: k4, kappa: 4}]
            replicates: 10
            max_steps: 100000
            max_points: 100000000
            """;

    private ScaleBench() {
    }

    public static void main(String[] args) throws IOException {
        Path dir = Files.createTempDirectory("sharpsweep-scale");
        String widths = IntStream.rangeClosed(2, 11).mapToObj(Integer::toString).collect(Collectors.joining(", "));
        String batches = IntStream.rangeClosed(1, 10).mapToObj(i -> Integer.toString(4 * i))
                .collect(Collectors.joining(", "));
        PrintWriter stdout = new PrintWriter(System.out, true);
        List<String> lines = new ArrayList<>();
        SparkSession spark = sharpsweep.driver.LocalSpark.start("scale-bench");
        try {
            for (int k : new int[] {10, 100, 1000}) {
                String rates = IntStream.rangeClosed(1, k).mapToObj(i -> Double.toString(i * 1e-5))
                        .collect(Collectors.joining(", "));
                Path config = dir.resolve("scale-" + k + ".yaml");
                Files.writeString(config, String.format(CONFIG, widths, batches, rates));
                SweepConfig c = ConfigReader.read(config);
                List<TaskRef> tasks = Grid.tasks(c, new CostModel());
                Path table = dir.resolve("table-" + k);
                fakeTable(spark, tasks, Files.readString(config), c, table);
                int n = tasks.size();
                tasks = null; // what the steps below hold is theirs alone

                double[] plan = measure(() -> Main.execute(quiet(), quiet(), "plan", config.toString()));
                double[] resume = measure(() -> Main.execute(quiet(), quiet(), "run", config.toString(), "--out",
                        table.toString()));
                double[] status = measure(() -> Main.execute(quiet(), quiet(), "status", table.toString()));
                lines.add(String.format("| %,9d | %6.2f s | %6.0f MB | %6.2f s | %6.0f MB | %6.2f s | %6.0f MB |", n,
                        plan[0], plan[1], resume[0], resume[1], status[0], status[1]));
            }
        } finally {
            spark.stop();
        }
        stdout.println();
        stdout.println("driver bookkeeping at scale (no kernel run; median of 3; heap = peak added above the live heap before the step)");
        stdout.println("|     tasks |  plan    | plan heap | resume  | resume heap | status | status heap |");
        stdout.println("|---:|---:|---:|---:|---:|---:|---:|");
        lines.forEach(stdout::println);
    }

    /** One row per task (task_id, status), as Spark writes a wave, and the folder's metadata. */
    private static void fakeTable(SparkSession spark, List<TaskRef> tasks, String configText, SweepConfig c, Path dir)
            throws IOException {
        StructType schema = DataTypes.createStructType(List.of(
                DataTypes.createStructField("task_id", DataTypes.StringType, false),
                DataTypes.createStructField("status", DataTypes.StringType, false)));
        List<Row> rows = new ArrayList<>(tasks.size());
        for (TaskRef t : tasks) {
            rows.add(RowFactory.create(t.taskId(), "CONVERGED"));
        }
        // Files of about a cluster wave's rows.
        spark.createDataFrame(rows, schema).repartition(Math.max(1, tasks.size() / 5000)).write()
                .parquet(dir.toString());
        Files.deleteIfExists(dir.resolve("_SUCCESS"));
        new OutputFolder(Folder.of(dir)).writeMeta(c.sweep(), Kernel.VERSION, configText,
                tasks.stream().map(TaskRef::taskId).toList());
    }

    interface Step {
        int run() throws IOException;
    }

    /**
     * Median wall seconds of three runs of {@code step} (which must exit 0), and the most heap it added above
     * what was live before it (MB; the sum of the heap pools' peaks, an upper bound).
     */
    private static double[] measure(Step step) throws IOException {
        double[] seconds = new double[3];
        double peak = 0;
        List<MemoryPoolMXBean> heap = ManagementFactory.getMemoryPoolMXBeans().stream()
                .filter(p -> p.getType() == MemoryType.HEAP).toList();
        for (int i = 0; i < 3; i++) {
            System.gc();
            long before = heap.stream().mapToLong(p -> p.getUsage().getUsed()).sum();
            heap.forEach(MemoryPoolMXBean::resetPeakUsage);
            long t0 = System.nanoTime();
            int code = step.run();
            seconds[i] = (System.nanoTime() - t0) * 1e-9;
            if (code != 0) {
                throw new IllegalStateException("step exited " + code);
            }
            long after = heap.stream().mapToLong(p -> p.getPeakUsage().getUsed()).sum();
            peak = Math.max(peak, (after - before) / 1048576.0);
        }
        java.util.Arrays.sort(seconds);
        return new double[] {seconds[1], peak};
    }

    private static PrintWriter quiet() {
        return new PrintWriter(new StringWriter());
    }
}
