package sharpsweep.driver.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import sharpsweep.driver.LocalSpark;
import sharpsweep.driver.config.ConfigReader;
import sharpsweep.driver.grid.CostModel;
import sharpsweep.driver.grid.Grid;
import sharpsweep.driver.grid.TaskRef;
import sharpsweep.driver.storage.Folder;
import sharpsweep.driver.table.ResultFile;
import sharpsweep.driver.table.TableReader;
import sharpsweep.driver.table.TableScan;
import sharpsweep.driver.cli.CliCapture;

/**
 * Faults injected into local-mode sweeps (docs/RELIABILITY.md): a driver killed with SIGKILL at three
 * seeded moments, a task that throws, a diverging point, corrupt and truncated Parquet files. After
 * each: every task exactly once, rows bit-identical to an undisturbed run, nothing a reader trips over.
 */
@Tag("slow") // run by failsafe in verify, not by mvn test
class FaultInjectionTest {
    static final String CONFIG = """
            sweep: fault-test
            d_x: 2
            d_y: 2
            depth: [2, 3]
            width: [2]
            batch_size: [8]
            learning_rate: [0.03]
            noise:
              - {name: iso, spectrum: [1, 1]}
              - {name: k4, kappa: 4}
            replicates: 6
            max_steps: 20000
            trajectory_length: 16
            convergence: {burn_in: 2000, window: 1000}
            """;
    static final int TASKS = 24;

    @TempDir
    static Path shared;
    static Path config;
    static Path reference;

    @TempDir
    Path tmp;

    @BeforeAll
    static void referenceRun() throws IOException {
        config = shared.resolve("sweep.yaml");
        Files.writeString(config, CONFIG);
        reference = shared.resolve("reference");
        CliCapture r = CliCapture.run("run", config.toString(), "--out", reference.toString(), "--master", "local[2]");
        assertEquals(0, r.exitCode(), r.err());
        assertEquals(TASKS, Grid.tasks(ConfigReader.read(config), new CostModel()).size());
    }

    @Test
    void driverKilledAtThreeSeededMomentsLosesAndDuplicatesNothing() throws Exception {
        Path out = tmp.resolve("killed");
        Random moments = new Random(20261122);
        int killedMidRun = 0;
        for (int k = 0; k < 3; k++) {
            // Tasks sleep 400 ms each (24 tasks, 2 cores, waves of 2): ~5 s of work after a ~4 s start,
            // so a kill between 3 and 9 s lands before, during or between wave commits.
            long killAfterMs = 3000 + moments.nextInt(6000);
            Process p = child(out, "sleep400@.");
            boolean ended = p.waitFor(killAfterMs, TimeUnit.MILLISECONDS);
            if (!ended) {
                p.destroyForcibly(); // SIGKILL on Linux: no shutdown hook runs
                p.waitFor(30, TimeUnit.SECONDS);
                killedMidRun++;
                Thread.sleep(LEASE_WAIT_MS); // its lease is left behind, and is taken over after the timeout
            }
            assertReadable(out);
        }
        assertTrue(killedMidRun >= 2, "the kills landed mid-run: " + killedMidRun);
        Process last = child(out, "");
        assertTrue(last.waitFor(120, TimeUnit.SECONDS), "the final rerun finishes");
        assertEquals(0, last.exitValue(), Files.readString(out.resolveSibling("child.log")));
        assertFalse(Files.exists(out.resolve("_temporary")), "leftovers of the killed runs are cleaned up");
        assertEquals(List.of(), ResultFile.unfinished(Folder.of(out)), "unrenamed data files of the killed runs");
        assertComplete(out, config);
        assertSameRows(reference, out);
        System.out.printf("reliability: driver killed %d times mid-run, tasks lost 0, duplicates 0%n", killedMidRun);
    }

    @Test
    void aThrowingTaskBecomesAFailedRowAndRerunFailedReplacesIt() throws Exception {
        Path out = tmp.resolve("throws");
        System.setProperty(FaultInjection.PROPERTY, "throw@\"k4\".*#1$");
        CliCapture run;
        try {
            run = CliCapture.run("run", config.toString(), "--out", out.toString(), "--master", "local[2]");
        } finally {
            System.clearProperty(FaultInjection.PROPERTY);
        }
        assertEquals(0, run.exitCode(), run.err());
        TableScan scan = TableReader.scan(out);
        long failed = scan.statusByTask().values().stream().filter("FAILED"::equals).count();
        assertEquals(2, failed, "replicate 1 of k4 at both depths");
        assertEquals(TASKS, scan.statusByTask().size(), "the sweep completed the rest");
        assertTrue(failedMessages(out).stream().allMatch(m -> m.contains("injected fault")), failedMessages(out).toString());

        CliCapture status = CliCapture.run("status", out.toString());
        assertTrue(status.out().matches("(?s).*failed\\s+2\\n.*"), status.out());

        CliCapture rerun = CliCapture.run("run", config.toString(), "--out", out.toString(), "--master", "local[2]",
                "--rerun-failed");
        assertEquals(0, rerun.exitCode(), rerun.err());
        assertTrue(rerun.out().contains("running 2 (2 FAILED to rerun)"), rerun.out());
        assertComplete(out, config);
        assertSameRows(reference, out);
        System.out.println("reliability: 2 injected task failures, FAILED rows 2, replaced by --rerun-failed 2");
    }

    @Test
    void aDivergingPointEndsAsDivergedAndTheSweepGoesOn() throws Exception {
        Path cfg = tmp.resolve("diverge.yaml");
        // lambda*_max = 2 for D = 2, isotropic: eta = 3 is 3 x the stability limit 2 / lambda*_max.
        Files.writeString(cfg, CONFIG.replace("learning_rate: [0.03]", "learning_rate: [0.03, 3.0]")
                .replace("depth: [2, 3]", "depth: [2]").replace("replicates: 6", "replicates: 2"));
        Path out = tmp.resolve("diverge");
        CliCapture run = CliCapture.run("run", cfg.toString(), "--out", out.toString(), "--master", "local[2]");
        assertEquals(0, run.exitCode(), run.err());
        try (Connection db = DriverManager.getConnection("jdbc:duckdb:"); Statement st = db.createStatement();
             ResultSet rs = st.executeQuery("SELECT learning_rate, status, steps, loss_gap, message FROM read_parquet('"
                     + out + "/*.parquet') ORDER BY learning_rate")) {
            int diverged = 0;
            int fine = 0;
            while (rs.next()) {
                if (rs.getDouble(1) == 3.0) {
                    assertEquals("DIVERGED", rs.getString(2));
                    assertTrue(rs.getLong(3) > 0, "the row keeps the step it diverged at");
                    assertTrue(Double.isFinite(rs.getDouble(4)), "and the last finite values");
                    diverged++;
                } else {
                    assertFalse(rs.getString(2).equals("DIVERGED") || rs.getString(2).equals("FAILED"));
                    fine++;
                }
            }
            assertEquals(4, diverged);
            assertEquals(4, fine);
        }
    }

    @Test
    void corruptAndTruncatedFilesAreNamedAndNeverSilentlyDropped() throws Exception {
        Path out = tmp.resolve("corrupt");
        copy(reference, out);
        Path good = TableReader.dataFiles(out).get(0);
        byte[] bytes = Files.readAllBytes(good);
        Files.write(out.resolve("truncated.parquet"), java.util.Arrays.copyOf(bytes, bytes.length / 2));
        Files.write(out.resolve("garbage.parquet"), "not parquet at all".getBytes());
        List<String> before = listing(out);

        CliCapture status = CliCapture.run("status", out.toString());
        assertEquals(1, status.exitCode());
        assertTrue(status.out().contains("CORRUPT     garbage.parquet") && status.out().contains("CORRUPT     truncated.parquet"),
                status.out());
        CliCapture run = CliCapture.run("run", config.toString(), "--out", out.toString(), "--master", "local[2]");
        assertEquals(2, run.exitCode());
        assertTrue(run.err().contains("garbage.parquet") && run.err().contains("truncated.parquet")
                && run.err().contains("Move them out of the folder"), run.err());
        assertEquals(before, listing(out), "run touched nothing");
        CliCapture analyze = CliCapture.run("analyze", out.toString(), "--master", "local[1]");
        assertEquals(0, analyze.exitCode(), analyze.err());
        assertTrue(analyze.err().contains("skipping unreadable file garbage.parquet"), analyze.err());
    }

    // ---- helpers ----

    /**
     * A separate driver JVM running {@code run}; output to child.log beside the table. A 1 s lease timeout: the
     * next run takes a killed one's lease over once {@link #LEASE_WAIT_MS} have passed.
     */
    private static Process child(Path out, String inject) throws IOException {
        return ChildDriver.start(out.resolveSibling("child.log"), inject, "127.0.0.1", "run", config.toString(),
                "--out", out.toString(), "--master", "local[2]", "--wave-size", "2", "--lease-timeout", "1");
    }

    /** More than the 1 s lease timeout after a kill (the heartbeat beats every 1/6 s). */
    private static final long LEASE_WAIT_MS = 1_300;

    /** What a reader sees mid-crash: readable files only, no task twice, DuckDB reads it all. */
    private static void assertReadable(Path out) throws IOException, SQLException {
        if (!Files.exists(out)) {
            return;
        }
        TableScan scan = TableReader.scan(out);
        assertTrue(scan.corrupt().isEmpty(), scan.corrupt().toString());
        assertEquals(0, scan.duplicated());
        try (Stream<Path> s = Files.list(out)) {
            for (Path p : s.toList()) {
                String n = p.getFileName().toString();
                assertTrue(n.startsWith("_") || n.startsWith(".") || n.endsWith(".parquet"), "stray file " + n);
            }
        }
        if (!TableReader.dataFiles(out).isEmpty()) {
            try (Connection db = DriverManager.getConnection("jdbc:duckdb:"); Statement st = db.createStatement();
                 ResultSet rs = st.executeQuery("SELECT count(*), count(DISTINCT task_id) FROM read_parquet('" + out
                         + "/*.parquet')")) {
                rs.next();
                assertEquals(rs.getLong(1), rs.getLong(2));
                assertEquals(scan.rows(), rs.getLong(1));
            }
        }
    }

    /** Every task_id the config expects, each exactly once. */
    static void assertComplete(Path out, Path config) throws IOException {
        List<String> expected = Grid.tasks(ConfigReader.read(config), new CostModel()).stream().map(TaskRef::taskId)
                .sorted().toList();
        TableScan scan = TableReader.scan(out);
        assertEquals(0, scan.duplicated(), () -> "duplicated rows; files: " + scan.files());
        assertEquals(expected.size(), scan.rows());
        assertEquals(expected, scan.statusByTask().keySet().stream().sorted().toList());
    }

    /** All columns but wall_seconds, ordered by task_id: Spark's Row equality compares doubles exactly. */
    static void assertSameRows(Path expected, Path actual) throws IOException {
        assertSameRows(sharpsweep.driver.storage.Folder.of(expected), sharpsweep.driver.storage.Folder.of(actual));
    }

    /** The same for folders on any file system (HdfsSweepTest). */
    static void assertSameRows(sharpsweep.driver.storage.Folder expected, sharpsweep.driver.storage.Folder actual)
            throws IOException {
        SparkSession spark = LocalSpark.start("compare");
        try {
            List<Row> a = sharpsweep.driver.table.SparkRead.results(spark, expected).drop("wall_seconds")
                    .orderBy("task_id").collectAsList();
            List<Row> b = sharpsweep.driver.table.SparkRead.results(spark, actual).drop("wall_seconds")
                    .orderBy("task_id").collectAsList();
            assertEquals(a.size(), b.size());
            for (int i = 0; i < a.size(); i++) {
                assertEquals(a.get(i), b.get(i), "row " + i);
            }
        } finally {
            spark.stop();
        }
    }

    private static List<String> failedMessages(Path out) throws SQLException {
        List<String> m = new ArrayList<>();
        try (Connection db = DriverManager.getConnection("jdbc:duckdb:"); Statement st = db.createStatement();
             ResultSet rs = st.executeQuery("SELECT message FROM read_parquet('" + out
                     + "/*.parquet') WHERE status = 'FAILED'")) {
            while (rs.next()) {
                m.add(rs.getString(1));
            }
        }
        return m;
    }

    private static void copy(Path from, Path to) throws IOException {
        try (Stream<Path> s = Files.walk(from)) {
            for (Path p : s.toList()) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(p, target);
                }
            }
        }
    }

    private static List<String> listing(Path dir) throws IOException {
        try (Stream<Path> s = Files.walk(dir)) {
            return s.map(p -> dir.relativize(p) + ":" + p.toFile().length()).sorted().toList();
        }
    }
}
