package sharpsweep.driver.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import sharpsweep.driver.Hdfs;
import sharpsweep.driver.cli.CliCapture;
import sharpsweep.driver.storage.Folder;
import sharpsweep.driver.table.TableReader;
import sharpsweep.driver.table.TableScan;

/**
 * A sweep whose table is on a real HDFS (in-process NameNode and DataNode on 127.0.0.1): --limit, a driver
 * killed with SIGKILL mid-run, the next run blocked by its lease and then taking it over, FAILED rows
 * replaced by --rerun-failed, status, analyze, and two runs started at once: every task exactly once, and
 * the rows bit-identical to a local-disk run of the same config.
 */
@Tag("slow") // run by failsafe in verify, not by mvn test
class HdfsSweepTest {
    @TempDir
    Path tmp;

    @Test
    void everyCommandOnHdfsEveryTaskExactlyOnceRowsAsOnLocalDisk() throws Exception {
        Path config = tmp.resolve("sweep.yaml");
        Files.writeString(config, ClusterSweepTest.CONFIG);
        Path local = tmp.resolve("local");
        CliCapture l = CliCapture.run("run", config.toString(), "--out", local.toString(), "--master", "local[2]");
        assertEquals(0, l.exitCode(), l.err());

        System.setProperty(Hdfs.CLIENT_SETTING[0], Hdfs.CLIENT_SETTING[1]);
        try (Hdfs hdfs = new Hdfs(tmp.resolve("hdfs"))) {
            List<String> listening = NetworkHygieneTest.listeners(ProcessHandle.current().pid());
            assertTrue(listening.size() >= 3 && listening.stream().allMatch(NetworkHygieneTest::loopback),
                    "the NameNode and DataNode listen on loopback only: " + listening);
            String out = hdfs.uri() + "/sweeps/cluster-test";
            Folder table = Folder.of(out);

            // A first look: the 3 cheapest tasks.
            CliCapture limited = run(config, out, "--limit", "3");
            assertEquals(0, limited.exitCode(), limited.out() + limited.err());
            assertEquals(3, TableReader.scan(table).rows());
            assertTrue(table.resolve(OutputFolder.META).exists("tasks.txt"), "the folder's metadata is on HDFS too");

            // A driver killed with SIGKILL once a wave of the rest is committed (tasks sleep 3 s: waves of 2).
            Process child = ChildDriver.start(tmp.resolve("child.log"), List.of("-D" + Hdfs.CLIENT_SETTING[0] + "="
                    + Hdfs.CLIENT_SETTING[1]), "sleep3000@.", "127.0.0.1", "run", config.toString(), "--out", out,
                    "--master", "local[2]", "--wave-size", "2");
            long deadline = System.currentTimeMillis() + 120_000;
            while (TableReader.scan(table).rows() <= 3 && child.isAlive() && System.currentTimeMillis() < deadline) {
                Thread.sleep(200);
            }
            assertTrue(child.isAlive(), "killed mid-run:\n" + Files.readString(tmp.resolve("child.log")));
            child.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
            long killed = System.currentTimeMillis();
            long committed = TableReader.scan(table).rows();
            assertTrue(committed > 3 && committed < 8, "mid-run: " + committed);

            // Its lease is fresh: the next run is refused in one line naming the holder.
            CliCapture blocked = run(config, out);
            assertEquals(1, blocked.exitCode(), blocked.out() + blocked.err());
            assertTrue(blocked.err().strip().lines().count() == 1 && blocked.err().contains("in use by the run of")
                    && blocked.err().contains("since"), blocked.err());

            // Once its heartbeat is older than the timeout, the lease is taken over and the run resumes; the
            // k9 tasks fail (injected) and end as FAILED rows.
            Thread.sleep(Math.max(0, killed + 3_500 - System.currentTimeMillis()));
            System.setProperty(FaultInjection.PROPERTY, "throw@\"k9\"");
            CliCapture resumed;
            try {
                resumed = run(config, out, "--lease-timeout", "3");
            } finally {
                System.clearProperty(FaultInjection.PROPERTY);
            }
            assertEquals(0, resumed.exitCode(), resumed.out() + resumed.err());
            assertTrue(resumed.out().contains("taken over: heartbeat older than 3 s"), resumed.out());
            assertTrue(resumed.out().contains(committed + " already in"), resumed.out());
            TableScan afterResume = TableReader.scan(table);
            assertEquals(8, afterResume.rows());
            long failed = afterResume.statusByTask().values().stream().filter("FAILED"::equals).count();
            assertTrue(failed > 0, "some k9 tasks ran after the take-over and failed");

            CliCapture rerun = run(config, out, "--rerun-failed");
            assertEquals(0, rerun.exitCode(), rerun.out() + rerun.err());
            assertTrue(rerun.out().contains("(" + failed + " FAILED to rerun)"), rerun.out());

            CliCapture status = CliCapture.run("status", out);
            assertEquals(0, status.exitCode(), status.err());
            assertTrue(status.out().matches("(?s).*present\\s+8\\n.*failed\\s+0\\n.*missing\\s+0\\n.*duplicated\\s+0\\n.*"),
                    status.out());

            CliCapture analyze = CliCapture.run("analyze", out, "--master", "local[2]");
            assertEquals(0, analyze.exitCode(), analyze.out() + analyze.err());
            assertTrue(table.sibling("-analysis").exists("summary.csv"), analyze.out());
            assertTrue(table.sibling("-analysis").exists("sharpness_vs_kappa.png"), analyze.out());
            assertEquals(8, TableReader.scan(table).rows(), "analyze writes no rows");

            twoRunsAtOnceOneWrites(hdfs, config);

            FaultInjectionTest.assertSameRows(Folder.of(local), table); // all columns but wall_seconds, bit for bit
        } finally {
            System.clearProperty(Hdfs.CLIENT_SETTING[0]);
        }
        System.out.println("reliability: HDFS kill -9 mid-run, lease take-over, --rerun-failed, two writers:"
                + " tasks lost 0, duplicated 0");
    }

    /** Two drivers started together on one new HDFS folder: one runs it all, the other exits 1 at once. */
    private void twoRunsAtOnceOneWrites(Hdfs hdfs, Path config) throws Exception {
        String out = hdfs.uri() + "/sweeps/two-writers";
        List<String> jvm = List.of("-D" + Hdfs.CLIENT_SETTING[0] + "=" + Hdfs.CLIENT_SETTING[1]);
        Process a = ChildDriver.start(tmp.resolve("a.log"), jvm, "", "127.0.0.1", "run", config.toString(), "--out", out,
                "--master", "local[1]");
        Process b = ChildDriver.start(tmp.resolve("b.log"), jvm, "", "127.0.0.1", "run", config.toString(), "--out", out,
                "--master", "local[1]");
        assertTrue(a.waitFor(300, TimeUnit.SECONDS) && b.waitFor(300, TimeUnit.SECONDS));
        String logs = "a:\n" + Files.readString(tmp.resolve("a.log")) + "\nb:\n" + Files.readString(tmp.resolve("b.log"));
        assertEquals(java.util.Set.of(0, 1), java.util.Set.of(a.exitValue(), b.exitValue()), logs);
        // The loser names the holder ("in use by the run of …"), or, when both create at the same moment and the
        // winner's lease is not readable yet, says so ("in use by another run; several runs are starting at once").
        assertTrue(logs.contains("in use by the run of") || logs.contains("in use by another run; several runs"),
                logs);
        TableScan scan = TableReader.scan(Folder.of(out));
        assertEquals(8, scan.rows(), logs);
        assertEquals(0, scan.duplicated(), logs);
    }

    private static CliCapture run(Path config, String out, String... more) {
        List<String> args = new java.util.ArrayList<>(List.of("run", config.toString(), "--out", out, "--master",
                "local[2]"));
        args.addAll(List.of(more));
        return CliCapture.run(args.toArray(String[]::new));
    }
}
