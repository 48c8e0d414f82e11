package sharpsweep.driver.table;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.schema.MessageType;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import sharpsweep.driver.LocalSpark;
import sharpsweep.driver.config.ConfigReader;
import sharpsweep.driver.config.SweepConfig;
import sharpsweep.driver.grid.CostModel;
import sharpsweep.driver.grid.Grid;
import sharpsweep.driver.grid.TaskRef;
import sharpsweep.driver.storage.Folder;
import sharpsweep.kernel.sgd.Kernel;
import sharpsweep.kernel.spec.TaskResult;

/**
 * The driver's Parquet writer against Spark's own: the same rows written both ways must read back (with Spark)
 * as the same values, under the same Parquet schema and Spark footer, so no reader can tell the files apart.
 */
class ResultFileTest {
    /** Linear rows (trajectories, layer conditions with a null entry possible), a FAILED row (mostly nulls) and MLP rows. */
    private static final String CONFIG = """
            sweep: writer
            d_x: 2
            d_y: 2
            model: [linear, {name: mlp, teacher_width: 8, max_steps: 300, eval_size: 50}]
            depth: [2]
            width: [2]
            batch_size: [4]
            learning_rate: [0.01]
            noise: [{name: k4, kappa: 4}]
            replicates: 2
            max_steps: 3000
            trajectory_length: 4
            """;

    private static SparkSession spark;

    @BeforeAll
    static void start() {
        spark = LocalSpark.start("result-file-test");
    }

    @AfterAll
    static void stop() {
        spark.stop();
    }

    private static List<Row> rows() {
        SweepConfig c = ConfigReader.parse(CONFIG, "writer.yaml");
        List<Row> rows = new ArrayList<>();
        List<TaskRef> tasks = Grid.tasks(c, new CostModel());
        for (TaskRef t : tasks) {
            rows.add(ResultRows.of(c.sweep(), t, Kernel.run(t.point().taskSpec(t.seed()))));
        }
        rows.add(ResultRows.of(c.sweep(), tasks.get(0), TaskResult.failed(new IllegalStateException("injected"), 0.5)));
        return rows;
    }

    @Test
    void filesReadBackAsSparksOwn(@TempDir Path dir) throws IOException {
        List<Row> rows = rows();
        Path ours = dir.resolve("ours");
        Path sparks = dir.resolve("sparks");
        String name = ResultFile.write(Folder.of(ours), rows);
        spark.createDataFrame(rows, ResultSchema.SCHEMA).coalesce(1).write().mode(SaveMode.Overwrite)
                .parquet(sparks.toString());

        assertEquals(List.of(name), TableReader.dataFiles(Folder.of(ours)), "one visible data file, no temporary left");
        assertEquals(List.of(), ResultFile.unfinished(Folder.of(ours)));
        Path sparkFile = TableReader.dataFiles(sparks).get(0);
        try (ParquetFileReader a = ParquetFileReader.open(Folder.of(ours).inputFile(name));
             ParquetFileReader b = ParquetFileReader.open(Folder.of(sparks).inputFile(sparkFile.getFileName().toString()))) {
            MessageType oursSchema = a.getFooter().getFileMetaData().getSchema();
            assertEquals(b.getFooter().getFileMetaData().getSchema(), oursSchema);
            String key = "org.apache.spark.sql.parquet.row.metadata";
            assertEquals(b.getFooter().getFileMetaData().getKeyValueMetaData().get(key),
                    a.getFooter().getFileMetaData().getKeyValueMetaData().get(key));
        }
        // Read without the table's schema: what a reader that infers it (as pandas or DuckDB do) gets.
        List<Row> back = sorted(spark.read().parquet(ours.resolve(name).toString()).collectAsList());
        List<Row> expected = sorted(spark.read().parquet(sparkFile.toString()).collectAsList());
        assertEquals(rows.size(), back.size());
        assertEquals(expected, back);
        assertEquals(spark.read().parquet(sparkFile.toString()).schema(), spark.read().parquet(ours.resolve(name).toString()).schema());
        assertTrue(back.stream().anyMatch(r -> r.isNullAt(r.fieldIndex("trace_hessian"))), "the FAILED row's nulls");
        assertTrue(back.stream().anyMatch(r -> r.isNullAt(r.fieldIndex("depth"))), "an MLP row");
        assertEquals(rows.size(), TableReader.scan(Folder.of(ours)).rows());
    }

    @Test
    void aKilledWritesTemporaryIsFound(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve(".part-00000-x-c000.snappy.parquet.tmp"), "half a file");
        assertEquals(List.of(".part-00000-x-c000.snappy.parquet.tmp"), ResultFile.unfinished(Folder.of(dir)));
        assertEquals(List.of(), TableReader.dataFiles(Folder.of(dir)), "invisible to readers");
    }

    private static List<Row> sorted(List<Row> rows) {
        List<Row> out = new ArrayList<>(rows);
        out.sort(Comparator.comparing((Row r) -> r.getString(r.fieldIndex("task_id")))
                .thenComparing(r -> r.getString(r.fieldIndex("status"))));
        return out;
    }
}
